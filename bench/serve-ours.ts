// A server child of the query benchmark: one variant of this server (bench/servers.ts) on 127.0.0.1 at a
// free port, which it prints as {"port": N}. GET /__bench/stats answers how many SQL statements and
// GraphQL requests it has seen, so the parent can compute statements per request over a load run.
//   BENCH_VARIANT=dataloaders DATABASE_URL=postgresql://... node --import tsx bench/serve-ours.ts
import { createServer } from 'node:http';
import { openDatabase } from '../src/db/client.js';
import { createBenchYoga, OUR_VARIANTS, type OurVariant } from './servers.js';

const variant = (process.env.BENCH_VARIANT ?? 'dataloaders') as OurVariant;
if (!OUR_VARIANTS.includes(variant)) throw new Error(`BENCH_VARIANT must be one of ${OUR_VARIANTS.join(', ')}`);
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');

const db = await openDatabase({ DATABASE_URL: url, DATABASE_POOL_SIZE: Number(process.env.BENCH_POOL_SIZE ?? 10) });
const stats = { statements: 0, requests: 0 };
db.onStatement(() => stats.statements++);
const yoga = createBenchYoga(db, variant);

const server = createServer((req, res) => {
  if (req.url === '/__bench/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
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
