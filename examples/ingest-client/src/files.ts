// Which files a push sends, and the name each is sent under. The name is what the server remembers a document
// by (sending it again updates or leaves it unchanged), so it must not depend on where the CLI runs from: a
// file given by itself is named by its file name, a file found in a folder by the folder's name and its path
// below it (`corpus/_news/2024-01-09-x.md`).
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';

/** Files picked up inside folders: Markdown (front matter), JSON feed pages, plain text. */
export const DOCUMENT_EXTENSIONS: readonly string[] = ['.md', '.markdown', '.json', '.txt'];

export interface DocumentFile {
  /** The path as found (for messages). */
  path: string;
  /** The document's name on the server. */
  name: string;
}

export interface FileSelection {
  files: DocumentFile[];
  /** Files inside folders left out for their extension. */
  ignored: string[];
}

/** Every document under `paths` (folders recursively, dot-files left out), each folder in name order. */
export async function selectFiles(paths: readonly string[]): Promise<FileSelection> {
  const selection: FileSelection = { files: [], ignored: [] };
  for (const path of paths) {
    const info = await stat(path);
    // Named explicitly: sent whatever its extension; the server says if it cannot read it.
    if (!info.isDirectory()) selection.files.push({ path, name: basename(path) });
    else await addFolder(path, path, selection);
  }
  return selection;
}

async function addFolder(root: string, dir: string, selection: FileSelection): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => !entry.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await addFolder(root, path, selection);
    else if (!entry.isFile()) continue;
    else if (!DOCUMENT_EXTENSIONS.includes(extname(entry.name).toLowerCase())) selection.ignored.push(path);
    else selection.files.push({ path, name: [basename(root), ...relative(root, path).split(sep)].join('/') });
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The file's text, or why it cannot be sent (the API takes documents as strings, so they must be UTF-8). */
export async function readDocument(path: string): Promise<{ content: string } | { reason: string }> {
  try {
    return { content: utf8.decode(await readFile(path)) };
  } catch (error) {
    if (error instanceof TypeError) return { reason: 'not valid UTF-8 text' };
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}
