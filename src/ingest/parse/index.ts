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
import type { WorkCounter } from './work.js';

export { decodeDocument, MAX_DOCUMENT_BYTES } from './decode.js';
export { detectFormat } from './detect.js';
export type { RawArticle, RawDocument } from './raw-article.js';
export { type ParseStep, type WorkCounter, WorkTally } from './work.js';

function parseContent(format: DocumentFormat, text: string, work?: WorkCounter): ParsedContent {
  switch (format) {
    case 'front-matter':
      return parseFrontMatter(text, work);
    case 'json-feed':
      return parseJsonFeed(text, work);
    case 'plain-text':
      return { kind: 'articles', articles: [parsePlainText(text, undefined, work)] };
  }
}

/**
 * Parses one document from its bytes. Throws IngestError for any file that cannot be read as articles.
 * `work`, when given, receives each step's work (see work.ts).
 */
export function parseDocument(bytes: Uint8Array, work?: WorkCounter): RawDocument {
  const text = decodeDocument(bytes);
  work?.add('decode', text.length);
  const format = detectFormat(text);
  return { ...parseContent(format, text, work), format };
}
