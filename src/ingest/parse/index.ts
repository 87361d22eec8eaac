// One file's bytes -> its raw records: decode, detect the format, parse and validate. Pure: no file system,
// no database, and no normalizing (the next layer, src/ingest/normalize.ts). Every problem with the file
// is an IngestError naming the field.
import type { DocumentFormat } from '../types.js';
import { decodeDocument } from './decode.js';
import { detectFormat } from './detect.js';
import { parseFrontMatter } from './front-matter.js';
import { parseJsonFeed } from './json-feed.js';
import { parsePlainText } from './plain-text.js';
import type { ParsedContent, RawDocument } from './raw-article.js';

export { MAX_DOCUMENT_BYTES, decodeDocument } from './decode.js';
export { detectFormat } from './detect.js';
export type { RawArticle, RawDocument } from './raw-article.js';

function parseContent(format: DocumentFormat, text: string): ParsedContent {
  switch (format) {
    case 'front-matter':
      return parseFrontMatter(text);
    case 'json-feed':
      return parseJsonFeed(text);
    case 'plain-text':
      return { kind: 'articles', articles: [parsePlainText(text)] };
  }
}

/** Parses one document from its bytes. Throws IngestError for any file that cannot be read as articles. */
export function parseDocument(bytes: Uint8Array): RawDocument {
  const text = decodeDocument(bytes);
  const format = detectFormat(text);
  return { ...parseContent(format, text), format };
}
