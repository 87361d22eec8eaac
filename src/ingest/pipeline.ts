// Bytes -> a document prepared for the writer: parse (raw records, validated) -> normalize (ArticleRecords)
// -> content hash, and the records' search documents (search-columns.ts: computed here, in the parse worker
// during a seed). `npm run seed` (seed.ts) and the ingestArticles mutation both call prepareDocument, so a
// document is read the same way whichever way it came in.
import { createHash } from 'node:crypto';
import { normalizeDocument } from './normalize.js';
import { parseDocument } from './parse/index.js';
import { documentSearch } from './search-columns.js';
import type { IngestDocument, PreparedDocument } from './types.js';

/** Bump when parsing or normalizing changes what a file yields, so that re-seeding rewrites every file. */
// 2: topics keyed by NFKC + case fold, URL identity without tracking parameters and default ports.
// 3: Article.language (the source's locale, else detected) and the search document (src/ingest/search-text.ts).
export const PIPELINE_VERSION = 3;

/** A document that cannot be stored, and why (shown to the user as is). */
export interface DocumentFailure {
  path: string;
  status: 'failed';
  reason: string;
}

/** Parses and normalizes one document. Throws IngestError for any document that cannot be stored. */
export function documentFromBytes(bytes: Uint8Array): IngestDocument {
  return normalizeDocument(parseDocument(bytes));
}

/** Identifies a document's bytes and the pipeline that reads them: known before parsing, so unchanged files skip it. */
export function documentContentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(`${PIPELINE_VERSION}\n`).update(bytes).digest('hex');
}

/** One document's bytes -> what ArticleWriter.writeBatch takes, or the reason it cannot be stored. */
export function prepareDocument(
  path: string,
  bytes: Uint8Array,
  contentHash = documentContentHash(bytes),
): PreparedDocument | DocumentFailure {
  try {
    const document = documentFromBytes(bytes);
    return { path, contentHash, document, search: documentSearch(document) };
  } catch (error) {
    return { path, status: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}
