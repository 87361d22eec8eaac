// The names documents are recorded under (source_file.path), which decide whether a document updates an
// earlier one: a seeded file's path relative to the working directory, or "api:<name>" for a document sent
// to ingestArticles. The two never meet: an API name cannot replace a file the operator seeded (with "api/"
// as the prefix, the name "news/page-7/index.json" was the seeded file api/news/page-7/index.json).

export const API_SOURCE_PREFIX = 'api:';

/** Where an API document is recorded: its name, or its content hash when it has none. */
export function apiSourcePath(name: string): string {
  return API_SOURCE_PREFIX + name;
}

/** Where a seeded file is recorded: its relative path, kept out of the API's namespace (a file named "api:x"). */
export function seededSourcePath(relativePath: string): string {
  return relativePath.startsWith(API_SOURCE_PREFIX) ? `./${relativePath}` : relativePath;
}

export const MAX_DOCUMENT_NAME_LENGTH = 200;

// Control characters (C0, DEL, C1), format characters (bidirectional overrides and isolates, zero-width
// characters), line and paragraph separators, and lone surrogates: each can make a name print unlike
// what it is, in a log line or a listing.
const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** Why `name` cannot name an API document, or null when it can. */
export function documentNameProblem(name: string): string | null {
  if (name.trim() === '' || name.length > MAX_DOCUMENT_NAME_LENGTH) {
    return `name must be 1 to ${MAX_DOCUMENT_NAME_LENGTH} characters, got ${name.length}`;
  }
  const hidden = HIDDEN_CHARACTER.exec(name);
  if (hidden) {
    const codePoint = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    return `name must not contain control or invisible formatting characters: U+${codePoint} at position ${hidden.index}`;
  }
  return null;
}
