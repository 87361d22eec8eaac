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

function columnsOf(record: ArticleRecord | RelatedRecord): SearchColumns {
  const columns: SearchColumns = { searchTitle: searchDocument(record.title), searchExcerpt: searchDocument(record.excerpt) };
  if ('body' in record) columns.searchBody = searchDocument(record.body);
  return columns;
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
    columns = columnsOf(record);
    known.set(record, columns);
  }
  return columns;
}
