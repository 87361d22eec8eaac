// `npx tsx bench/migration-data-step.ts [rows]`: how fast migration article_language_search's data step
// (src/db/data-migrations/article-language-search.ts) fills language and search documents, on SQLite and on
// the PostgreSQL server of TEST_DATABASE_URL (default: the local one). A scratch database at the previous
// version gets `rows` articles (default 5,000) of corpus-like prose (title, excerpt, a 3,000-character body),
// then the migration is applied and timed. Prints rows per second per database; the README's upgrade notes
// quote it.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createScratchPgDatabase, createScratchSqliteDatabase, DEFAULT_PG_SERVER_URL } from '../scripts/scratch-db.js';
import type { SqlDialect } from '../src/db/dialect.js';
import { applyMigrationsForUrl } from '../src/db/migrate.js';
import { migrationsDirectory } from '../src/db/migration-files.js';

const MIGRATION = '20261130020303_article_language_search';
const ROWS = Number(process.argv[2] ?? 5000);
const WORDS =
  'the council voted late on tuesday to approve a plan for new ferries across the harbor while residents asked about fares schedules and the cost of repairs to the old pier after storms flooded the market district'.split(
    ' ',
  );

/** Deterministic prose: word i of story n. */
function prose(n: number, chars: number): string {
  let text = '';
  for (let i = 0; text.length < chars; i++) text += `${WORDS[(n * 7 + i * 13) % WORDS.length]}${i % 17 === 16 ? '. ' : ' '}`;
  return text.trim();
}

function rowsOf(): unknown[][] {
  return Array.from({ length: ROWS }, (_, n) => [
    `https://bench.example/${n}`,
    `story-${n}`,
    `Story ${n}: ${prose(n, 60)}`,
    prose(n + 1, 200),
    prose(n + 2, 3000),
  ]);
}

const INSERT = `INSERT INTO article (identity_key, slug, title, excerpt, body, content_hash, updated_at) VALUES `;

async function fill(dialect: SqlDialect, url: string): Promise<void> {
  const rows = rowsOf();
  if (dialect === 'sqlite') {
    const db = new Database(new URL(url).pathname);
    const insert = db.prepare(`${INSERT}(?, ?, ?, ?, ?, 'hash', CURRENT_TIMESTAMP)`);
    db.transaction(() => {
      for (const row of rows) insert.run(...row);
    })();
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const values = chunk.map((_, r) => `(${[1, 2, 3, 4, 5].map((c) => `$${r * 5 + c}`).join(', ')}, 'hash', now())`);
    await client.query(INSERT + values.join(', '), chunk.flat());
  }
  await client.end();
}

async function measure(dialect: SqlDialect): Promise<void> {
  const scratch =
    dialect === 'sqlite'
      ? createScratchSqliteDatabase('bench-migration')
      : await createScratchPgDatabase(process.env.TEST_DATABASE_URL ?? DEFAULT_PG_SERVER_URL, 'bench_migration');
  const parent = mkdtempSync(join(tmpdir(), 'bench-migrations-'));
  try {
    const before = join(parent, 'migrations');
    cpSync(migrationsDirectory(dialect), before, { recursive: true });
    for (const entry of readdirSync(before))
      if (/^\d{14}_/.test(entry) && entry >= MIGRATION) rmSync(join(before, entry), { recursive: true });
    await applyMigrationsForUrl(scratch.url, { migrationsDir: before });
    await fill(dialect, scratch.url);
    const started = performance.now();
    const { applied } = await applyMigrationsForUrl(scratch.url);
    const seconds = (performance.now() - started) / 1000;
    if (!applied.includes(MIGRATION)) throw new Error(`${MIGRATION} was not applied`);
    console.log(`${dialect}: ${ROWS} rows in ${seconds.toFixed(1)} s, ${Math.round(ROWS / seconds)} rows/s`);
  } finally {
    rmSync(parent, { recursive: true, force: true });
    await scratch.drop();
  }
}

await measure('sqlite');
await measure('postgresql');
