/** Escapes text for Markdown so a manifest's names and values can never inject links or markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&:]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
}

/** A URL as a Markdown link target; only http(s) is ever linked. */
export function safeUrl(url: string): string | undefined {
  return /^https?:\/\/[^\s()<>]+$/.test(url) ? url : undefined;
}
