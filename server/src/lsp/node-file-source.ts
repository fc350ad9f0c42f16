import { constants } from 'node:fs';
import { access, open, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { EntryType, FileSource } from './file-source';

/** The desktop's files, read with Node's fs: `file:` URIs. */
export class NodeFileSource implements FileSource {
  async readDirectory(uri: string): Promise<[string, EntryType][]> {
    const entries = await readdir(fileURLToPath(uri), { withFileTypes: true });
    return entries.map((entry) => [entry.name, entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : 'other']);
  }

  /** Opened without blocking and checked on the open handle, so a FIFO is never waited on. */
  async readText(uri: string, maxBytes: number): Promise<string | undefined> {
    const handle = await open(fileURLToPath(uri), constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const stats = await handle.stat();
      if (!stats.isFile() || stats.size > maxBytes) return undefined;
      const text = await handle.readFile('utf8');
      return text.length > maxBytes ? undefined : text;
    } finally {
      await handle.close();
    }
  }

  async exists(uri: string): Promise<boolean> {
    return access(fileURLToPath(uri)).then(() => true, () => false);
  }
}
