// `npm run seed -- [paths...]`: loads files or directories (default: seeds/) into DATABASE_URL's database.
// Exits 1 when any file failed; the other files are loaded all the same.
// `npm run seed -- --watch <dir>`: loads the folder and keeps it loaded until interrupted (src/ingest/watch.ts).

import { existsSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { loadSettings, type Settings } from '../config.js';
import { openDatabase } from '../db/client.js';
import { applyMigrationsForUrl } from '../db/migrate.js';
import { countFiles, type SeedEvent, seed } from '../ingest/seed.js';
import { formatSummary } from '../ingest/summary.js';
import { describeWatchEvent, watchFolder } from '../ingest/watch.js';

async function main(): Promise<number> {
  const settings = loadSettings();
  const args = process.argv.slice(2).filter((a) => a !== '--');
  if (args[0] === '--watch') return watchMain(settings, args[1]);
  const paths = args;
  if (paths.length === 0) paths.push(settings.SEED_DIR);

  await applyMigrationsForUrl(settings.DATABASE_URL);
  const db = await openDatabase(settings);
  const interactive = Boolean(process.stderr.isTTY) && !process.env.CI;
  const total = await countFiles(paths);
  const bar = interactive
    ? new SingleBar(
        {
          format: 'seeding [{bar}] {value}/{total} files | {rate} files/s | ETA {eta_formatted} | {failed} failed',
          stream: process.stderr,
          etaBuffer: 2000,
        },
        Presets.shades_classic,
      )
    : undefined;
  bar?.start(total, 0, { failed: 0, rate: 0 });

  let done = 0;
  let failed = 0;
  const started = performance.now();
  const rate = () => Math.round(done / Math.max((performance.now() - started) / 1000, 0.001));
  const onFile = (event: SeedEvent) => {
    done++;
    if (event.status === 'failed') {
      failed++;
      // With a bar on screen, failures are listed after it (below); without one, as they happen.
      if (!bar) console.error(`FAILED ${event.path}: ${event.reason}`);
    } else if (event.status === 'skipped' && !bar) {
      console.log(`skipped ${event.path}: not an article (${event.skippedKind})`);
    }
    if (bar) bar.update(done, { failed, rate: rate() });
    else if (done % 500 === 0) console.log(`seeded ${done}/${total} files, ${rate()} files/s, ETA ${eta(total - done, rate())}`);
  };

  try {
    const summary = await seed(db.prisma, paths, { onFile, dialect: db.dialect, batchSize: settings.SEED_BATCH_SIZE });
    if (bar) {
      bar.stop();
      for (const f of summary.failures) console.error(`FAILED ${f.path}: ${f.reason}`);
    }
    console.log(formatSummary(summary));
    return summary.files.failed > 0 ? 1 : 0;
  } finally {
    bar?.stop();
    await db.close();
  }
}

async function watchMain(settings: Settings, dir: string | undefined): Promise<number> {
  if (!dir || !existsSync(dir))
    throw new Error(`usage: npm run seed -- --watch <dir> (an existing folder), got ${dir ?? 'none'}`);
  await applyMigrationsForUrl(settings.DATABASE_URL);
  const db = await openDatabase(settings);
  const watcher = watchFolder(db, dir, {
    databaseUrl: settings.DATABASE_URL,
    stableMs: settings.SEED_WATCH_STABLE_MS,
    batchSize: settings.SEED_BATCH_SIZE, // unset: the watch's own smaller sets (watch.ts)
    onEvent: (e) => console.log(describeWatchEvent(e)),
  });
  await new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await watcher.close();
  await db.close();
  return 0;
}

function eta(remaining: number, perSecond: number): string {
  const seconds = Math.round(remaining / Math.max(perSecond, 1));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
