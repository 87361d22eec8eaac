// One measurement in a process of its own, so that its peak RSS is its own:
//   tsx bench/seed-child.ts seed  <corpus dir> <DATABASE_URL>   (database already migrated; run twice: a re-seed)
//   tsx bench/seed-child.ts parse <corpus dir>
// Prints one JSON line: files, articles, unchanged files, seconds, phases, maxRssMb (process.resourceUsage().maxRSS).
// SEED_BATCH_SIZE in the environment sets the seeder's set size.
import { readFile } from 'node:fs/promises';
import { openDatabase } from '../src/db/client.js';
import { documentFromBytes } from '../src/ingest/pipeline.js';
import { type SeedPhases, seed, walkFiles } from '../src/ingest/seed.js';

export interface ChildResult {
  files: number;
  articles: number;
  stubs: number;
  failed: number;
  unchanged: number;
  seconds: number;
  /** Seeding only: seconds reading, parsing, writing (SeedSummary.phases). */
  phases?: SeedPhases;
  maxRssMb: number;
}

async function parseOnly(dir: string): Promise<Omit<ChildResult, 'maxRssMb'>> {
  const started = performance.now();
  let files = 0;
  let articles = 0;
  let failed = 0;
  for await (const path of walkFiles([dir])) {
    files++;
    try {
      const document = documentFromBytes(await readFile(path));
      if (document.kind === 'articles') articles += document.articles.length;
    } catch {
      failed++;
    }
  }
  return { files, articles, stubs: 0, failed, unchanged: 0, seconds: (performance.now() - started) / 1000 };
}

async function seedInto(dir: string, url: string): Promise<Omit<ChildResult, 'maxRssMb'>> {
  const db = await openDatabase({ DATABASE_URL: url, DATABASE_POOL_SIZE: 4, DATABASE_STATEMENT_TIMEOUT_MS: 0 });
  try {
    const batchSize = Number(process.env.SEED_BATCH_SIZE) || undefined;
    const parseThreads = process.env.SEED_PARSE_THREADS === undefined ? undefined : Number(process.env.SEED_PARSE_THREADS);
    const summary = await seed(db.prisma, [dir], { dialect: db.dialect, batchSize, parseThreads });
    const files = Object.values(summary.files).reduce((a, b) => a + b, 0);
    const { articles, stubs, seconds, phases } = summary;
    return { files, articles, stubs, failed: summary.files.failed, unchanged: summary.files.unchanged, seconds, phases };
  } finally {
    await db.close();
  }
}

const [mode, dir, url] = process.argv.slice(2);
if (!dir || (mode !== 'parse' && mode !== 'seed') || (mode === 'seed' && !url)) {
  console.error('usage: seed-child.ts parse <dir> | seed <dir> <DATABASE_URL>');
  process.exit(2);
}
const result = mode === 'parse' ? await parseOnly(dir) : await seedInto(dir, url!);
const maxRssMb = process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
console.log(JSON.stringify({ ...result, maxRssMb: Math.round(maxRssMb) } satisfies ChildResult));
