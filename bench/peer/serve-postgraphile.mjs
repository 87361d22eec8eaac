// The benchmark peer: PostGraphile v5 (amber preset) over the benchmark's database, on 127.0.0.1 at a free
// port, printed as {"port": N}. Plain JavaScript run by bench/peer's Node 22 (PostGraphile 5 needs it).
// SQL statements are counted by wrapping `query` on every client of the pg pool PostGraphile is given;
// GET /__bench/stats answers {statements, requests} like bench/serve-ours.ts.
//   GRAPHILE_ENV=production DATABASE_URL=postgresql://... node bench/peer/serve-postgraphile.mjs
import { createServer } from 'node:http';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const connectionString = process.env.DATABASE_URL;
if (!connectionString) throw new Error('DATABASE_URL is required');

const stats = { statements: 0, requests: 0 };
const pool = new pg.Pool({ connectionString, max: Number(process.env.BENCH_POOL_SIZE ?? 10) });
pool.on('connect', (client) => {
  const query = client.query.bind(client);
  client.query = (...args) => {
    stats.statements++;
    return query(...args);
  };
});

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ pool, schemas: ['public'] })],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};
const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const handler = serv.createHandler();

if (process.argv.includes('--print-schema')) {
  const { printSchema } = await import('postgraphile/graphql');
  console.log(printSchema(await pgl.getSchema()));
  await pgl.release();
  await pool.end();
  process.exit(0);
}

await pgl.getSchema(); // introspect before announcing the port, so no request waits for it
const server = createServer((req, res) => {
  if (req.url === '/__bench/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
    return;
  }
  stats.requests++;
  handler(req, res);
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));

const shutdown = () =>
  server.close(
    () =>
      void pgl
        .release()
        .then(() => pool.end())
        .then(() => process.exit(0)),
  );
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
