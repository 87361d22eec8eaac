// Seed benchmark: for each corpus, parse-only throughput and seeding into a fresh SQLite file and a fresh
// PostgreSQL database, then a re-seed of the unchanged corpus into the same database, each in a child
// process whose peak RSS it reports. The PostgreSQL and SQLite databases of one chosen size are kept (not
// dropped) for the query benchmark.

import { SEED_NODE_FLAGS } from '../scripts/node-flags.mjs';
import {
  createScratchPgDatabase,
  createScratchSqliteDatabase,
  DEFAULT_PG_SERVER_URL,
  type ScratchDatabase,
} from '../scripts/scratch-db.js';
import { applyMigrationsForUrl } from '../src/db/migrate.js';
import { runJsonChild } from './child.js';
import type { ChildResult } from './seed-child.js';

const SEED_CHILD = 'bench/seed-child.ts';
const HOUR_MS = 3_600_000;
/** A seed runs as `npm run seed` does, with the seed CLI's Node flags; parsing alone (the yardstick) with none. */
const SEED_RUN = { timeoutMs: HOUR_MS, nodeFlags: SEED_NODE_FLAGS };

export interface SeedRow {
  articles: number;
  parse: ChildResult;
  sqlite: ChildResult;
  postgresql: ChildResult;
  /** The same corpus seeded again into the same database: every file unchanged. */
  reseed: { sqlite: ChildResult; postgresql: ChildResult };
}

export interface SeedBenchResult {
  rows: SeedRow[];
  /** The seeded PostgreSQL database kept for the query benchmark; the caller drops it. */
  kept: ScratchDatabase | null;
  /** The seeded SQLite database of the same size, kept likewise. */
  keptSqlite: ScratchDatabase | null;
}

export async function runSeedBench(
  corpora: { articles: number; dir: string }[],
  options: { keepFor: number; pgServerUrl?: string; log: (line: string) => void },
): Promise<SeedBenchResult> {
  const rows: SeedRow[] = [];
  const kept: { postgresql: ScratchDatabase | null; sqlite: ScratchDatabase | null } = { postgresql: null, sqlite: null };
  try {
    for (const { articles, dir } of corpora) rows.push(await seedOne(articles, dir));
  } catch (error) {
    await kept.postgresql?.drop();
    await kept.sqlite?.drop();
    throw error;
  }
  return { rows, kept: kept.postgresql, keptSqlite: kept.sqlite };

  async function seedOne(articles: number, dir: string): Promise<SeedRow> {
    const parse = await runJsonChild<ChildResult>(SEED_CHILD, ['parse', dir], { timeoutMs: HOUR_MS });
    options.log(`  ${articles}: parse ${rate(parse)} files/s`);

    const sqliteDb = createScratchSqliteDatabase('news-bench');
    let sqlite: ChildResult;
    let sqliteAgain: ChildResult;
    try {
      await applyMigrationsForUrl(sqliteDb.url);
      sqlite = await runJsonChild<ChildResult>(SEED_CHILD, ['seed', dir, sqliteDb.url], SEED_RUN);
      sqliteAgain = await runJsonChild<ChildResult>(SEED_CHILD, ['seed', dir, sqliteDb.url], SEED_RUN);
    } catch (error) {
      await sqliteDb.drop();
      throw error;
    }
    if (articles === options.keepFor) kept.sqlite = sqliteDb;
    else await sqliteDb.drop();
    options.log(`  ${articles}: SQLite ${describe(sqlite, parse)}; re-seed ${describe(sqliteAgain, parse)}`);

    const pgDb = await createScratchPgDatabase(options.pgServerUrl ?? DEFAULT_PG_SERVER_URL, 'news_bench');
    let postgresql: ChildResult;
    let postgresqlAgain: ChildResult;
    try {
      await applyMigrationsForUrl(pgDb.url);
      postgresql = await runJsonChild<ChildResult>(SEED_CHILD, ['seed', dir, pgDb.url], SEED_RUN);
      postgresqlAgain = await runJsonChild<ChildResult>(SEED_CHILD, ['seed', dir, pgDb.url], SEED_RUN);
    } catch (error) {
      await pgDb.drop();
      throw error;
    }
    if (articles === options.keepFor) kept.postgresql = pgDb;
    else await pgDb.drop();
    options.log(`  ${articles}: PostgreSQL ${describe(postgresql, parse)}; re-seed ${describe(postgresqlAgain, parse)}`);

    for (const [name, result] of Object.entries({ parse, sqlite, postgresql, sqliteAgain, postgresqlAgain })) {
      if (result.failed > 0 || result.articles !== articles) {
        throw new Error(`${name} of the ${articles}-article corpus: ${result.articles} articles, ${result.failed} failed files`);
      }
    }
    for (const [name, result] of Object.entries({ sqliteAgain, postgresqlAgain })) {
      if (result.unchanged !== result.files) throw new Error(`${name}: ${result.unchanged} of ${result.files} files unchanged`);
    }
    return { articles, parse, sqlite, postgresql, reseed: { sqlite: sqliteAgain, postgresql: postgresqlAgain } };
  }
}

export function rate(result: ChildResult): string {
  return Math.round(result.files / result.seconds).toLocaleString('en-US');
}

/** Files/s, as a share of parse-only files/s, and peak RSS. */
function describe(result: ChildResult, parse: ChildResult): string {
  const share = Math.round((100 * (result.files / result.seconds)) / (parse.files / parse.seconds));
  return `${rate(result)} files/s (${share} % of parse only), ${result.maxRssMb} MB`;
}
