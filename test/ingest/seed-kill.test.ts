// Crash safety of `npm run seed`: the seed process is killed with SIGKILL at pseudo-random points of its work
// (inside or just after its migrations, then between and inside file transactions), several times over the
// same database; seeding once more then gives exactly the rows of a clean run (dumps by natural keys, without
// ids or timestamps), and seeding again changes nothing. Kills follow what the database shows of the run's
// progress (migrations applied, files committed), never a clock: whatever the machine's speed, each kill lands
// while the run still has files to write.
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
import { missingMigrations, shippedMigrations } from '../../src/db/migration-state.js';
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

// With the benchmark's generated articles beside the seeds and fixtures and small sets (BATCH_SIZE files), a
// run commits many sets, so kills can land between two commits and every killed run can leave work behind.
let paths: string[];
const BATCH_SIZE = 10;
const SMALL_SETS = { SEED_BATCH_SIZE: String(BATCH_SIZE) };
/** Files a run may commit between the moment its kill is due and the kill (polling lag): the last targets stay this far from the end. */
const KILL_MARGIN = 4 * BATCH_SIZE;
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

/** What the database shows of seeding so far: migrations applied and files committed (0 while their tables do not exist). */
async function progress(db: Database): Promise<{ migrations: number; files: number }> {
  const shipped = shippedMigrations(db.dialect);
  const migrations = await missingMigrations(db, shipped).then(
    (missing) => shipped.length - missing.length,
    () => 0,
  );
  const files = await db.prisma.sourceFile.count().catch(() => 0);
  return { migrations, files };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Between two looks at the database: short beside a set's write, and the seed keeps the CPU it needs. */
const POLL_MS = 10;

/** A kill plan: the first run dies once `migrations` migrations are applied, each later one once `files` files are committed. */
type Stage = { migrations: number } | { files: number };

/**
 * One run killed after at least `migrations` of the shipped migrations are applied (between or inside
 * migrations, or just after them: before any file), then runs killed once the committed files reach targets
 * drawn between 1 and the corpus's files less KILL_MARGIN, in increasing order.
 */
function killPlan(random: () => number, migrationCount: number, totalFiles: number): Stage[] {
  const last = totalFiles - KILL_MARGIN;
  const targets = [0, 0, 0, 0].map(() => 1 + Math.floor(random() * last)).sort((a, b) => a - b);
  return [{ migrations: 1 + Math.floor(random() * migrationCount) }, ...targets.map((files) => ({ files }))];
}

/**
 * Seeds `url` once per stage of the plan, killing each run once the database shows the stage reached (or at
 * least one more file committed than when it started, when a late kill already went past the target), plus
 * a few milliseconds at random: inside the next transaction, or between two.
 */
async function killedRuns(url: string, plan: Stage[], random: () => number) {
  const observer = await openDatabase({ DATABASE_URL: url, DATABASE_POOL_SIZE: 2 });
  cleanups.push(() => observer.close());
  const kills: { due: string; before: number; signal: string | null; files: number }[] = [];
  for (const stage of plan) {
    const before = (await progress(observer)).files;
    const reached = (now: { migrations: number; files: number }) =>
      'migrations' in stage ? now.migrations >= stage.migrations : now.files >= Math.max(stage.files, before + 1);
    const seedRun = startSeedProcess(url, paths, SMALL_SETS);
    let finished = false;
    void seedRun.exited.then(() => (finished = true));
    while (!finished && !reached(await progress(observer))) await sleep(POLL_MS);
    await sleep(random() * 5);
    seedRun.child.kill('SIGKILL'); // a no-op if it already finished (the assertions below then fail)
    const result = await seedRun.exited;
    const due = 'migrations' in stage ? `${stage.migrations} migrations` : `${stage.files} files`;
    kills.push({ due, before, signal: result.signal, files: (await progress(observer)).files });
  }
  return { observer, kills };
}

describe('seed killed with SIGKILL', () => {
  // Six seed processes (a few seconds each, most of it start-up): longer than the default test timeout, and
  // well over 200 s on 2 cores shared with other work; the kills do not depend on speed, only this bound does.
  it('gives, once re-run, exactly the rows of a clean run', { timeout: 600_000 }, async () => {
    const reference: TestDatabase = await createTestDatabase();
    cleanups.push(() => reference.drop());
    const clean = await seed(reference.db.prisma, paths);
    const totalFiles = clean.files.loaded + clean.files.skipped;
    expect(clean.files.failed).toBe(0);
    // Every file, skipped ones too, is a committed source file: the count the kills follow ends at totalFiles.
    expect((await progress(reference.db)).files).toBe(totalFiles);
    const expected = await dumpContent(reference.db.prisma);

    const target = await emptyDatabase();
    const random = prng(4_242);
    const plan = killPlan(random, shippedMigrations(reference.db.dialect).length, totalFiles);
    const { observer, kills } = await killedRuns(target.url, plan, random);
    const report = kills.map((k) => `due at ${k.due}: ${k.signal ?? 'finished'} at ${k.before}→${k.files} files`).join('; ');
    // Every run was killed with files left to write, and the runs got on with the corpus between kills.
    for (const kill of kills) {
      expect(kill.signal, report).toBe('SIGKILL');
      expect(kill.files, report).toBeLessThan(totalFiles);
    }
    expect(kills.at(-1)!.files, report).toBeGreaterThan(0);

    const final = await startSeedProcess(target.url, paths, SMALL_SETS).exited;
    expect(final.code, final.output).toBe(0);
    expect(await dumpContent(observer.prisma), report).toEqual(expected);

    // Idempotent: seeding the same corpus again finds every file unchanged and changes no row.
    const again = await seed(observer.prisma, paths, { batchSize: BATCH_SIZE, dialect: observer.dialect });
    expect(again.files.unchanged, report).toBe(totalFiles);
    expect(await dumpContent(observer.prisma)).toEqual(expected);
  });
});
