// What the benchmark database needs so that PostGraphile can answer the same questions as this server.
// None of it changes how our server's queries run (comments and a function only).
import pg from 'pg';

export const PEER_SETUP_SQL = `
-- PostGraphile v5 offers orderBy/condition only on columns that lead an index; these do not, but the
-- equivalent queries order or filter by them (our server does the same through its own SQL).
COMMENT ON COLUMN related_link.rank IS E'@isIndexed';
COMMENT ON COLUMN article_topic.position IS E'@isIndexed';
COMMENT ON COLUMN image.position IS E'@isIndexed';
COMMENT ON COLUMN article.is_stub IS E'@isIndexed';

-- Full-text search the way src/db/search.ts does it on PostgreSQL (same table, query, rank and ties),
-- as a set-returning function PostGraphile exposes as Query.searchArticles.
CREATE OR REPLACE FUNCTION search_articles(q text) RETURNS SETOF article LANGUAGE sql STABLE AS $$
  SELECT a.* FROM article a
  JOIN article_search s ON s.article_id = a.id
  CROSS JOIN plainto_tsquery('english', q) AS query
  WHERE s.document @@ query AND NOT a.is_stub
  ORDER BY ts_rank_cd(s.document, query)::float8 DESC, a.id DESC
$$;
`;

export async function preparePeerDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(PEER_SETUP_SQL);
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}
