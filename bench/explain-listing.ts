// PostgreSQL execution times of the listing SQL as src/db/article-list-store.ts writes it today, and as proposed
// (an index in the listing's read order, a partial index for the count, a row-value keyset predicate).
// Every variant runs inside a transaction that is rolled back, so the schema is left as it was (indexes an
// earlier benchmark left, named bench_* or proposal_*, are dropped there too); VACUUM ANALYZE runs first,
// as autovacuum would, so that index-only scans are possible.
//   npx tsx bench/explain-listing.ts postgresql://.../a_seeded_database   (npm run bench -- --keep-db keeps one)
import pg from 'pg';

const PROPOSED_INDEXES = [
  'CREATE INDEX proposal_article_published_desc ON article (published_at DESC NULLS LAST, id DESC)',
  'CREATE INDEX proposal_article_listed ON article (id) WHERE NOT is_stub',
];
const REPEAT = 7;

async function medianMs(client: pg.Client, sql: string, params: unknown[]): Promise<{ ms: number; plan: string }> {
  const times: number[] = [];
  let plan = '';
  for (let i = 0; i < REPEAT; i++) {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, FORMAT TEXT) ${sql}`, params);
    const lines = rows.map((r) => r['QUERY PLAN']);
    times.push(Number(/Execution Time: ([\d.]+) ms/.exec(lines.at(-1) ?? '')?.[1] ?? NaN));
    plan =
      lines
        .find((l) => /Scan/.test(l))
        ?.trim()
        .replace(/\s+\(cost.*$/, '') ?? '';
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(REPEAT / 2)]!, plan };
}

async function main() {
  const url = process.argv[2];
  if (!url) throw new Error('usage: explain-listing.ts <postgresql url of a seeded database>');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE) article');
    const leftovers = (
      await client.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'article' AND (indexname LIKE 'bench\\_%' OR indexname LIKE 'proposal\\_%')",
      )
    ).rows.map((r) => `DROP INDEX "${r.indexname}"`);
    const deep = (
      await client.query<{ published_at: Date; id: number }>(
        'SELECT published_at, id FROM article ORDER BY published_at DESC NULLS LAST, id DESC OFFSET 9999 LIMIT 1',
      )
    ).rows[0];
    if (!deep) throw new Error('the database has fewer than 10,000 rows in article');
    const page =
      'SELECT a.id, a.published_at FROM article a WHERE a.is_stub = false ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT 51';
    // As findArticleKeys writes `after` today: the OR keeps PostgreSQL from turning it into an index bound.
    const deepToday = `SELECT a.id, a.published_at FROM article a WHERE 1 = 1 AND (a.published_at < $1 OR (a.published_at = $1 AND a.id < $2) OR a.published_at IS NULL)
      ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT 51`;
    // Proposed: a row comparison for the dated rows (an index bound), the undated tail as a second branch.
    const deepProposed = `(SELECT a.id, a.published_at FROM article a WHERE (a.published_at, a.id) < ($1, $2)
        ORDER BY a.published_at DESC NULLS LAST, a.id DESC LIMIT 51)
      UNION ALL (SELECT a.id, a.published_at FROM article a WHERE a.published_at IS NULL ORDER BY a.id DESC LIMIT 51) LIMIT 51`;
    const count = 'SELECT COUNT(*) FROM article a WHERE a.is_stub = false';

    const variants: [string, string[]][] = [
      ['indexes as migrated', []],
      ['+ proposed indexes', PROPOSED_INDEXES],
    ];
    console.log('| statement | indexes | median execution ms | plan |\n|---|---|---:|---|');
    for (const [label, ddl] of variants) {
      await client.query('BEGIN');
      try {
        await client.query("SELECT set_config('lock_timeout', '5s', true)");
        for (const statement of [...leftovers, ...ddl]) await client.query(statement);
        const rows: [string, string, unknown[]][] = [
          ['dashboard page', page, []],
          ["deep page (row 10,000), today's predicate", deepToday, [deep.published_at, deep.id]],
          ['deep page (row 10,000), row-value predicate', deepProposed, [deep.published_at, deep.id]],
          ['count of listed articles', count, []],
        ];
        for (const [name, sql, params] of rows) {
          const { ms, plan } = await medianMs(client, sql, params);
          console.log(`| ${name} | ${label} | ${ms.toFixed(2)} | ${plan} |`);
        }
      } finally {
        await client.query('ROLLBACK');
      }
    }
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
