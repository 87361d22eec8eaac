// Stateless scale-out, measured: the dashboard query against 1, then N identical server processes over
// one PostgreSQL database, with autocannon spreading its connections over them as a round-robin load
// balancer would. Loopback only, bounded in time. Figures feed docs/scaling.md.
//   npx tsx bench/instances.ts --database postgresql://.../db [--max 2] [--seconds 15] [--connections 16]
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { DASHBOARD_QUERY } from '../src/graphql/dashboard-query.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1]! : fallback);
const database = option('database', process.env.DATABASE_URL ?? '');
if (!database.startsWith('postgres')) throw new Error('--database must name a seeded PostgreSQL database');
const maxInstances = Number(option('max', '2'));
const seconds = Number(option('seconds', '15'));
const connections = Number(option('connections', '16'));

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/serve-ours.ts'], {
    env: { ...process.env, DATABASE_URL: database, BENCH_VARIANT: 'dataloaders', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const { port } = JSON.parse(line) as { port: number };
      resolve({ child, url: `http://127.0.0.1:${port}/graphql` });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function measure(urls: string[]) {
  const request = {
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: DASHBOARD_QUERY, variables: { first: 50 } }),
  };
  // autocannon spreads connections over several URLs (its README); its type declares only one.
  const url = urls as unknown as string;
  await autocannon({ url, connections, duration: 3, ...request }); // warm-up
  const result = await autocannon({ url, connections, duration: seconds, ...request });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const rows: string[] = [];
for (let n = 1; n <= maxInstances; n++) {
  const servers = await Promise.all(Array.from({ length: n }, startServer));
  try {
    const r = await measure(servers.map((s) => s.url));
    rows.push(`| ${n} | ${r.rps.toFixed(1)} | ${r.p50} | ${r.p99} | ${r.errors} |`);
    console.error(`${n} instance(s): ${r.rps.toFixed(1)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors}`);
  } finally {
    for (const s of servers) s.child.kill('SIGTERM');
  }
}
console.log(['| instances | req/s | p50 ms | p99 ms | errors |', '|---:|---:|---:|---:|---:|', ...rows].join('\n'));
