// A record's search documents (search-text.ts), computed once. An article's are computed where it is parsed:
// in the parse worker during a seed (prepareDocument), so that the writer, on the main thread, only writes
// them. A PreparedDocument carries them beside its records (plain data: it crosses to the main thread by
// structured clone); the writer adopts them for its record objects. A related entry's are computed by the
// writer when it writes a stub from it (measured on the bench corpus: 4.4 entries a file cost 0.84 ms of
// search words, most never written, against 0.2 ms for the article itself), as are those of a version read
// back from the database; once per record object.
import { searchDocument } from './search-text.js';
import type { ArticleRecord, IngestDocument, PreparedDocument, RelatedRecord } from './types.js';

export interface SearchColumns {
  searchTitle: string | null;
  searchExcerpt: string | null;
  /** Articles only (a related entry has no body). */
  searchBody?: string | null;
}

/** Each article's search columns, in document order. */
export type DocumentSearch = SearchColumns[];

function columnsOf(record: ArticleRecord | RelatedRecord, search = searchDocument): SearchColumns {
  const columns: SearchColumns = { searchTitle: search(record.title), searchExcerpt: search(record.excerpt) };
  if ('body' in record) columns.searchBody = search(record.body);
  return columns;
}

/**
 * The writer's search documents of short texts (a related entry's title and excerpt): a related story is
 * described by many files (its stub improved several times) in the same words; measured on a 10k SQLite
 * seed, main-thread CPU -5 %. Bounded in entries and in the length of a text (never a body): emptied when full.
 */
const byText = new Map<string, string | null>();
const BY_TEXT_ENTRIES = 20_000;
const BY_TEXT_CHARS = 2_000;
function rememberedSearch(text: string | null | undefined): string | null {
  if (!text) return null;
  if (text.length > BY_TEXT_CHARS) return searchDocument(text);
  let document = byText.get(text);
  if (document === undefined) {
    document = searchDocument(text);
    if (byText.size >= BY_TEXT_ENTRIES) byText.clear();
    byText.set(text, document);
  }
  return document;
}

export function documentSearch(document: IngestDocument): DocumentSearch {
  if (document.kind !== 'articles') return [];
  return document.articles.map((record) => columnsOf(record));
}

const known = new WeakMap<ArticleRecord | RelatedRecord, SearchColumns>();

/** Makes a prepared document's search columns those of its record objects (a no-op for a document without them). */
export function adoptSearch({ document, search }: PreparedDocument): void {
  if (!search || document.kind !== 'articles' || search.length !== document.articles.length) return;
  for (const [i, record] of document.articles.entries()) known.set(record, search[i]!);
}

/** A record's search columns: adopted from its document, or computed now (and kept for this record object). */
export function searchColumns(record: ArticleRecord | RelatedRecord): SearchColumns {
  let columns = known.get(record);
  if (!columns) {
    columns = 'body' in record ? columnsOf(record) : columnsOf(record, rememberedSearch);
    known.set(record, columns);
  }
  return columns;
}
