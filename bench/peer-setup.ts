// What the benchmark database needs so that PostGraphile can answer the same questions as this server
// (comments and a function: none of it changes how our server's queries run), and the upkeep a production
// server does by itself: VACUUM (ANALYZE), as autovacuum would have done by the time it serves. Without it a
// freshly seeded table keeps the dead row versions its upserts left (11,000 in the 10k article table) and no
// visibility map, so every count scans the heap: CI's and this machine's PostgreSQL run with autovacuum off.
// Both servers then read the same vacuumed tables.
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

export async function prepareQueryDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(PEER_SETUP_SQL);
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
}
