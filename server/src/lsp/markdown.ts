/** Every line terminator the Markdown renderer or the editor may honour (CommonMark's and Unicode's). */
const LINE_BREAK = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/g;
/** Other control characters, and the bidirectional overrides that reorder what is shown. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Escapes text for Markdown so a manifest's names and values can never inject links or markup: every
 * markup character gets a backslash, and the text stays on one line (a line break could start a
 * heading, a list or a code block), with tabs as spaces and other control characters shown as U+FFFD.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&:]/g, (char) => `\\${char}`)
    .replace(LINE_BREAK, ' ').replace(/\t/g, ' ').replace(INVISIBLE, '\ufffd');
}

/** A URL as a Markdown link target; only http(s) is ever linked. */
export function safeUrl(url: string): string | undefined {
  return /^https?:\/\/[^\s()<>]+$/.test(url) ? url : undefined;
}
