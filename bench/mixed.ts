// The mixed run of `npm run bench`: the production server (`npm start` itself, response cache on) under
// readers that never stop, while one writer ingests a new article every second through the API. The load
// generator checks every read for staleness: a read sent after the writer received the answer for write N
// must show an article of write N or later at the top of the newest-first dashboard. Reports the hit rate and
// the stale reads (which must be 0).
import { spawn } from 'node:child_process';
import { DASHBOARD_QUERY } from '../src/graphql/dashboard-query.js';
import { CACHE_STATUS_HEADER } from '../src/server/response-cache.js';

export interface MixedResult {
  seconds: number;
  readers: number;
  reads: number;
  writes: number;
  hitRate: number;
  staleReads: number;
  failedReads: number;
}

const KEY = 'bench-mixed-key-0123456789abcdef';
const WRITE_TITLE = /^Mixed run write (\d+)$/;

function writeDocument(n: number): string {
  // Dated after every corpus article, one minute apart, so each write tops the newest-first listing.
  const publishedAt = new Date(Date.UTC(2100, 0, 1) + n * 60_000).toISOString();
  return `---\ntitle: "Mixed run write ${n}"\nwebUrl: "https://mixed.example/write-${n}"\npublishedDateTime: ${publishedAt}\ntype: article\nprovider:\n  name: Mixed\n  domain: mixed.example\n---\n\nWrite ${n} of the mixed run.\n`;
}

/**
 * Starts the production server (`npm start`'s dist/cli/serve.js; src/cli/serve.ts through tsx unless
 * BENCH_SERVER_CODE=dist, as bench/serve-ours.ts) on a free port; resolves with its origin and a stop function.
 */
async function startProductionServer(databaseUrl: string) {
  const entry = process.env.BENCH_SERVER_CODE === 'dist' ? ['dist/cli/serve.js'] : ['--import', 'tsx', 'src/cli/serve.ts'];
  const child = spawn(process.execPath, entry, {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS: '0',
      LOG_LEVEL: 'info', // the "ready" line says the port; request lines are read and dropped
      INGEST_API_KEYS: KEY,
      INGEST_RATE_LIMIT_MAX: '100000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let buffer: string | null = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (buffer === null) return;
      buffer += chunk.toString();
      const ready = /"url":"(http:\/\/[^"]+)"/.exec(buffer);
      if (ready) {
        buffer = null;
        resolve(new URL(ready[1]!).origin);
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { origin, stop };
}

export async function runMixedBench(
  databaseUrl: string,
  options: { seconds: number; readers: number; log: (line: string) => void },
): Promise<MixedResult> {
  const server = await startProductionServer(databaseUrl);
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  let acknowledged = 0;
  let writes = 0;
  let reads = 0;
  let hits = 0;
  let stale = 0;
  let failed = 0;
  const deadline = Date.now() + options.seconds * 1_000;

  const writer = async () => {
    for (let n = 1; Date.now() < deadline; n++) {
      const started = Date.now();
      const reply = await post(
        {
          query: 'mutation($d: [IngestDocumentInput!]!) { ingestArticles(documents: $d) { status } }',
          variables: { d: [{ name: `mixed-${n}`, content: writeDocument(n) }] },
        },
        { authorization: `Bearer ${KEY}` },
      );
      const body = (await reply.json()) as { data?: { ingestArticles: { status: string }[] } };
      if (body.data?.ingestArticles[0]?.status !== 'LOADED') throw new Error(`write ${n} failed: ${JSON.stringify(body)}`);
      acknowledged = n;
      writes = n;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 1_000 - (Date.now() - started))));
    }
  };
  const reader = async () => {
    while (Date.now() < deadline) {
      const mustSee = acknowledged; // every write acknowledged before this read is sent
      const reply = await post({ query: DASHBOARD_QUERY });
      const body = (await reply.json()) as { data?: { articles: { edges: { node: { title: string } }[] } } };
      reads++;
      if (!body.data) {
        failed++;
        continue;
      }
      if (reply.headers.get(CACHE_STATUS_HEADER) === 'HIT') hits++;
      const newest = Math.max(0, ...body.data.articles.edges.map((e) => Number(WRITE_TITLE.exec(e.node.title)?.[1] ?? 0)));
      if (newest < mustSee) stale++;
    }
  };
  try {
    await Promise.all([writer(), ...Array.from({ length: options.readers }, reader)]);
  } finally {
    await server.stop();
  }
  const result = {
    seconds: options.seconds,
    readers: options.readers,
    reads,
    writes,
    hitRate: reads ? hits / reads : 0,
    staleReads: stale,
    failedReads: failed,
  };
  options.log(
    `  mixed: ${reads} reads (${Math.round(reads / options.seconds)}/s), ${writes} writes, hit rate ${(result.hitRate * 100).toFixed(1)} %, ${stale} stale, ${failed} failed`,
  );
  return result;
}
