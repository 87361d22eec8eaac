// Article columns computed from a record: what the writer stores with the text, so that every write of a
// title or excerpt also writes its search words (src/ingest/search-text.ts, computed with the parse where
// they can be: search-columns.ts) and the language.
import { searchColumns } from '../search-columns.js';
import type { ArticleRecord, RelatedRecord } from '../types.js';

/** A title and its search words, always written together. */
export function titleColumns(r: ArticleRecord | RelatedRecord) {
  return { title: r.title, searchTitle: searchColumns(r).searchTitle };
}

/** Columns an article row shares with a related entry (what a stub can know). */
export function articleScalars(r: ArticleRecord | RelatedRecord) {
  return {
    ...titleColumns(r),
    excerpt: r.excerpt,
    searchExcerpt: searchColumns(r).searchExcerpt,
    type: r.type,
    publishedAt: r.publishedAt,
    originalUrl: r.originalUrl,
    webUrl: r.webUrl,
    ampWebUrl: r.ampWebUrl,
    cdnAmpWebUrl: r.cdnAmpWebUrl,
    quality: r.quality,
    heat: r.heat,
    language: r.language,
  };
}
