// One measurement in a process of its own, so that its peak RSS is its own:
//   tsx bench/seed-child.ts seed  <corpus dir> <DATABASE_URL>   (database already migrated)
//   tsx bench/seed-child.ts parse <corpus dir>
// Prints one JSON line: files, articles, seconds, maxRssMb (process.resourceUsage().maxRSS).
import { readFile } from 'node:fs/promises';
import { openDatabase } from '../src/db/client.js';
import { documentFromBytes } from '../src/ingest/pipeline.js';
import { seed, walkFiles } from '../src/ingest/seed.js';

export interface ChildResult {
  files: number;
  articles: number;
  stubs: number;
  failed: number;
  seconds: number;
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
  return { files, articles, stubs: 0, failed, seconds: (performance.now() - started) / 1000 };
}

async function seedInto(dir: string, url: string): Promise<Omit<ChildResult, 'maxRssMb'>> {
  const db = await openDatabase({ DATABASE_URL: url, DATABASE_POOL_SIZE: 4, DATABASE_STATEMENT_TIMEOUT_MS: 0 });
  try {
    const summary = await seed(db.prisma, [dir]);
    const files = Object.values(summary.files).reduce((a, b) => a + b, 0);
    return { files, articles: summary.articles, stubs: summary.stubs, failed: summary.files.failed, seconds: summary.seconds };
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
