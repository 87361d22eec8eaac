// A server child of the query benchmark: one variant of this server (bench/servers.ts) on 127.0.0.1 at a
// free port, which it prints as {"port": N}. GET /__bench/stats answers how many SQL statements and
// GraphQL requests it has seen, so the parent can compute statements per request over a load run.
// With BENCH_HEAP_PROFILE=<file>, POST /__bench/heap-profile/start and /stop sample allocations between them
// (V8's sampling heap profiler through the inspector, objects already collected included: `node --heap-prof`
// keeps only what is still alive at exit, which leaves out everything a request allocates) and write the
// .heapprofile to that file.
// The server's code is dist/ (tsc's output, what `npm start` runs; `npm run bench` builds it when stale) with
// BENCH_SERVER_CODE=dist, else src/ through tsx, whose transform adds a helper call to every closure it creates.
//   BENCH_VARIANT=dataloaders DATABASE_URL=postgresql://... node --import tsx bench/serve-ours.ts
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import { createBenchYoga, OUR_VARIANTS, type OurVariant } from './servers.js';

const code =
  process.env.BENCH_SERVER_CODE === 'dist' ? new URL('../dist/', import.meta.url) : new URL('../src/', import.meta.url);
const { openDatabase } = (await import(new URL('db/client.js', code).href)) as typeof import('../src/db/client.js');
const { createNewsYoga } = (await import(new URL('server/yoga.js', code).href)) as typeof import('../src/server/yoga.js');

const variant = (process.env.BENCH_VARIANT ?? 'dataloaders') as OurVariant;
if (!OUR_VARIANTS.includes(variant)) throw new Error(`BENCH_VARIANT must be one of ${OUR_VARIANTS.join(', ')}`);
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');

const db = await openDatabase({ DATABASE_URL: url, DATABASE_POOL_SIZE: Number(process.env.BENCH_POOL_SIZE ?? 10) });
const stats = { statements: 0, requests: 0 };
db.onStatement(() => stats.statements++);
const yoga = createBenchYoga(createNewsYoga, db, variant);

const heapProfileFile = process.env.BENCH_HEAP_PROFILE;
const inspector = heapProfileFile ? new Session() : null;

/** Starts or stops heap sampling; stopping writes the profile. */
async function heapProfile(action: 'start' | 'stop'): Promise<void> {
  if (!inspector || !heapProfileFile) throw new Error('BENCH_HEAP_PROFILE is not set');
  if (action === 'start') {
    inspector.connect();
    await inspector.post('HeapProfiler.enable');
    await inspector.post('HeapProfiler.startSampling', {
      samplingInterval: 16_384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  } else {
    const { profile } = await inspector.post('HeapProfiler.stopSampling');
    writeFileSync(heapProfileFile, JSON.stringify(profile));
    inspector.disconnect();
  }
}

const server = createServer((req, res) => {
  if (req.url === '/__bench/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
    return;
  }
  const heapAction = /^\/__bench\/heap-profile\/(start|stop)$/.exec(req.url ?? '')?.[1] as 'start' | 'stop' | undefined;
  if (heapAction && req.method === 'POST') {
    heapProfile(heapAction).then(
      () => res.writeHead(204).end(),
      (error: unknown) => res.writeHead(500).end(String(error)),
    );
    return;
  }
  stats.requests++;
  void yoga(req, res);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});

const shutdown = () => server.close(() => void db.close().then(() => process.exit(0)));
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
