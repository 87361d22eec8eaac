// Full-text search: the one place that knows how each database does it. SQLite uses the FTS5 table
// article_fts (bm25 ranking), PostgreSQL the tsvector table article_search (ts_rank_cd ranking, GIN index).
import { Prisma } from '../generated/sqlite/client.js';
import type { SqlDialect } from './dialect.js';

/** The words of a user's search text: quotes and operators are dropped, so any input is a safe query. */
export function searchTerms(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 32);
}

/**
 * A subquery of `(id, rank)` rows: the articles matching every word of `text`, with a relevance score
 * where higher is better. Callers join it to `article`. Returns null when the text has no searchable word.
 */
export function searchMatches(dialect: SqlDialect, text: string): Prisma.Sql | null {
  const terms = searchTerms(text);
  if (terms.length === 0) return null;
  if (dialect === 'sqlite') {
    // Each word quoted: FTS5 reads it as a plain term (implicit AND), never as query syntax.
    const query = terms.map((t) => `"${t}"`).join(' ');
    // bm25 is lower-is-better; weights favour title over excerpt over body.
    return Prisma.sql`SELECT rowid AS id, -bm25(article_fts, 10.0, 4.0, 1.0) AS rank FROM article_fts WHERE article_fts MATCH ${query}`;
  }
  const query = terms.join(' ');
  return Prisma.sql`SELECT s.article_id AS id, ts_rank_cd(s.document, q.query)::float8 AS rank
    FROM article_search s, plainto_tsquery('english', ${query}) AS q(query)
    WHERE s.document @@ q.query`;
}
