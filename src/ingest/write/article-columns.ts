// Article columns computed from a record: what the writer stores with the text, so that every write of a
// title or excerpt also writes its search words (src/ingest/search-text.ts) and the language.
import { searchDocument } from '../search-text.js';
import type { ArticleRecord, RelatedRecord } from '../types.js';

/** A title and its search words, always written together. */
export function titleColumns(title: string) {
  return { title, searchTitle: searchDocument(title) };
}

/** Columns an article row shares with a related entry (what a stub can know). */
export function articleScalars(r: ArticleRecord | RelatedRecord) {
  return {
    ...titleColumns(r.title),
    excerpt: r.excerpt,
    searchExcerpt: searchDocument(r.excerpt),
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
