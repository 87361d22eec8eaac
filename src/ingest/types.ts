// The contract between the ingest layers: parse (bytes -> raw records) -> normalize (-> ArticleRecord) ->
// write (database); src/ingest/pipeline.ts runs the first two and hands PreparedDocuments to the writer.
// Everything here is plain data: no Prisma types, no I/O.
import type { DocumentSearch } from './search-columns.js';

export interface ImageRecord {
  url: string;
  width: number | null;
  height: number | null;
  isCached: boolean | null;
}

export interface ProviderRecord {
  name: string;
  /** Lower-case host without "www.", e.g. "businessinsider.com". */
  domain: string;
  /**
   * Logo images, in file order. Empty when the file gives none: providers inside `related` entries
   * never carry logos in the corpus (and feed entries may have `images: null`), so [] means
   * "not given", not "has no logo".
   */
  images: ImageRecord[];
}

/** A story as another article's `related` list describes it: enough to store a stub. */
export interface RelatedRecord {
  /** Normalized webUrl (or originalUrl when webUrl is missing): the stub's identity. */
  identityKey: string;
  title: string;
  excerpt: string | null;
  publishedAt: Date | null;
  originalUrl: string | null;
  /** As given (trimmed); originalUrl when the entry has no webUrl. */
  webUrl: string;
  ampWebUrl: string | null;
  cdnAmpWebUrl: string | null;
  type: string | null;
  quality: number | null;
  heat: number | null;
  /** BCP 47 primary language subtag detected from title and excerpt (src/ingest/language.ts), or null. */
  language: string | null;
  provider: ProviderRecord | null;
  images: ImageRecord[];
}

/** One normalized article, ready to load. */
export interface ArticleRecord {
  /**
   * Normalized webUrl (lower-case scheme and host, no default port, no fragment, no tracking parameters;
   * path and other parameters as given); the
   * normalized originalUrl when there is no webUrl (the learning video); or, for scraped text with no
   * URL, "text:" + sha256 hex of `${provider domain}\n${title}\n${publishedAt ISO}` (empty parts when missing).
   */
  identityKey: string;
  title: string;
  excerpt: string | null;
  body: string | null;
  author: string | null;
  category: string | null;
  type: string | null;
  publishedAt: Date | null;
  originalUrl: string | null;
  webUrl: string | null;
  ampWebUrl: string | null;
  cdnAmpWebUrl: string | null;
  quality: number | null;
  heat: number | null;
  published: boolean | null;
  secured: string | null;
  /** BCP 47 primary language subtag: the source's locale/language, else detected (src/ingest/language.ts). */
  language: string | null;
  provider: ProviderRecord | null;
  /** Topic display names, trimmed, de-duplicated by topicKey (case and width), in file order. */
  topics: string[];
  images: ImageRecord[];
  /** In file order, de-duplicated by identityKey (first occurrence wins), never containing the article itself. */
  related: RelatedRecord[];
}

export type DocumentFormat = 'front-matter' | 'plain-text' | 'json-feed';

/** What one file holds once parsed and normalized. */
export type IngestDocument =
  | { kind: 'articles'; format: DocumentFormat; articles: ArticleRecord[] }
  /** A well-formed file that is not an article (event, profile, collection...): skipped, not a failure. */
  | { kind: 'skipped'; format: DocumentFormat; skippedKind: string };

/** A document ready for the writer: where it comes from, its content hash, and what it tells. */
export interface PreparedDocument {
  /** Path as reported to the user and recorded in source_file (relative to the working directory, or api:<name>: see source-path.ts). */
  path: string;
  /** Identifies the content, and the pipeline that read it (PIPELINE_VERSION): unchanged documents are skipped. */
  contentHash: string;
  document: IngestDocument;
  /** The records' search documents, computed with the parse (search-columns.ts); absent: the writer computes them. */
  search?: DocumentSearch;
}

/** A file that cannot be loaded. `field` names the offending field (e.g. "related[2].webUrl") when there is one. */
export class IngestError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'IngestError';
  }
}
