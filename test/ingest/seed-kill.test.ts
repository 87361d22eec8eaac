// Crash safety of `npm run seed`: the seed process is killed with SIGKILL at random points (during start-up
// and migrations, between and inside file transactions), several times over the same database; seeding
// once more then gives exactly the rows of a clean run (dumps by natural keys, without ids or timestamps).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../../bench/corpus.js';
import {
  createScratchPgDatabase,
  createScratchSqliteDatabase,
  DEFAULT_PG_SERVER_URL,
  type ScratchDatabase,
} from '../../scripts/scratch-db.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { seed } from '../../src/ingest/seed.js';
import { dumpContent } from '../helpers/dump.js';
import { SAMPLE_DIRS } from '../helpers/fixtures.js';
import { startSeedProcess } from '../helpers/seed-process.js';
import { createTestDatabase, type TestDatabase, testDialect } from '../helpers/test-database.js';
import { prng } from './fuzz-corpus.js';

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

// With the benchmark's generated articles beside the seeds and fixtures and small sets (SEED_BATCH_SIZE
// below), a run commits several sets, so a kill can land between two commits.
let paths: string[];
const SMALL_SETS = { SEED_BATCH_SIZE: '40' };
beforeAll(async () => {
  const generated = mkdtempSync(join(tmpdir(), 'news-kill-corpus-'));
  cleanups.push(() => rmSync(generated, { recursive: true, force: true }));
  await writeCorpus(generated, 150);
  paths = [...SAMPLE_DIRS, generated];
});

/** An empty database (not even migrated: the seed process migrates it, and may be killed doing so). */
async function emptyDatabase(): Promise<ScratchDatabase> {
  const scratch =
    testDialect === 'postgresql'
      ? await createScratchPgDatabase(process.env.TEST_DATABASE_URL ?? DEFAULT_PG_SERVER_URL, 'news_kill')
      : createScratchSqliteDatabase('news-kill');
  cleanups.push(() => scratch.drop());
  return scratch;
}

/** Files committed so far (0 while the tables do not exist yet). */
async function committedFiles(db: Database): Promise<number> {
  try {
    return await db.prisma.sourceFile.count();
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a seed process takes here from an empty, migrated database to its end. */
async function seedDuration(): Promise<number> {
  const calibration: TestDatabase = await createTestDatabase();
  cleanups.push(() => calibration.drop());
  const started = performance.now();
  const run = await startSeedProcess(calibration.url, paths, SMALL_SETS).exited;
  expect(run.code, run.output).toBe(0);
  return performance.now() - started;
}

/**
 * Seeds `url` several times, killing each run: at a random time (start-up and migrations, inside a batch's
 * transaction, between batches), or just after a batch committed (inside the next transaction).
 */
async function killedRuns(url: string, duration: number, random: () => number) {
  const observer = await openDatabase({ DATABASE_URL: url, DATABASE_POOL_SIZE: 2 });
  cleanups.push(() => observer.close());
  const kills: { strategy: string; signal: string | null; files: number }[] = [];
  for (const strategy of ['random', 'random', 'after-commit', 'random', 'random'] as const) {
    const seedRun = startSeedProcess(url, paths, SMALL_SETS);
    if (strategy === 'random') {
      await sleep(random() * duration);
    } else {
      const before = await committedFiles(observer);
      let finished = false;
      void seedRun.exited.then(() => (finished = true));
      while (!finished && (await committedFiles(observer)) <= before) await sleep(1);
      await sleep(random() * 5);
    }
    seedRun.child.kill('SIGKILL'); // a no-op if it already finished
    const result = await seedRun.exited;
    kills.push({ strategy, signal: result.signal, files: await committedFiles(observer) });
  }
  return { observer, kills };
}

describe('seed killed with SIGKILL', () => {
  // Seven seed processes (a few seconds each, most of it start-up): longer than the default test timeout.
  it('gives, once re-run, exactly the rows of a clean run', { timeout: 240_000 }, async () => {
    const reference: TestDatabase = await createTestDatabase();
    cleanups.push(() => reference.drop());
    const clean = await seed(reference.db.prisma, paths);
    const totalFiles = clean.files.loaded + clean.files.skipped;
    const expected = await dumpContent(reference.db.prisma);
    const duration = await seedDuration();
    const target = await emptyDatabase();
    const { observer, kills } = await killedRuns(target.url, duration, prng(4_242));
    const report = kills.map((k) => `${k.strategy}: ${k.signal ?? 'finished'} at ${k.files} files`).join('; ');
    expect(kills.filter((k) => k.signal === 'SIGKILL').length, report).toBeGreaterThanOrEqual(3);
    expect(
      kills.some((k) => k.signal === 'SIGKILL' && k.files > 0 && k.files < totalFiles),
      report,
    ).toBe(true);

    const final = await startSeedProcess(target.url, paths, SMALL_SETS).exited;
    expect(final.code, final.output).toBe(0);
    expect(await dumpContent(observer.prisma), report).toEqual(expected);
  });
});
