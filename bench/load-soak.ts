// `npm run load [-- --seconds 60 --connections 10 --phases all|abuse]`: a bounded load run against the
// production server, loopback only. Seeds a temporary SQLite database with seeds/ and the fixture corpus,
// starts `src/cli/serve.ts` (NODE_ENV=production, request logs on, as deployed) on 127.0.0.1, then runs
// phases with autocannon: the dashboard query alone, then a mix of eight operations (twice); then the
// abuse phases (issue 10): the dashboard alone on 8 connections, then the same 8 dashboard connections
// beside 8 connections of abusive requests (bench/abusive-queries.ts), while a separate thread probes
// /health every 200 ms. Prints requests, p50/p99 latency, errors and the server's memory (from its metrics
// port) after each phase; exits 1 on any error of the normal traffic, if RSS after the second mix phase is
// more than 10% away from the first, if the dashboard's p99 under abuse is over 2x its p99 alone, or if a
// /health probe took over 1 s.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { SEED_NODE_FLAGS } from '../scripts/node-flags.mjs';
import { DASHBOARD_QUERY } from '../src/graphql/dashboard-query.js';
import { abusiveRequests } from './abusive-queries.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '10' },
    phases: { type: 'string', default: 'all' },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
/** Connections of the dashboard, and of abusive requests beside it, in the abuse phases. */
const ABUSE_CONNECTIONS = 8;
const root = new URL('..', import.meta.url).pathname;
/** What the load run serves: the seeds and the repository's fixture corpus (test/fixtures/README.md). */
const SEED_PATHS = ['seeds', 'test/fixtures/corpus'];

interface Operation {
  name: string;
  body: { query: string; variables?: Record<string, unknown> };
}

const DEEP_RELATED = `query DeepRelated { articles(first: 20) { edges { node { title
  related(first: 5) { edges { node { title provider { name }
    relatedTo(first: 5) { edges { node { title topics { name } related(first: 3) { totalCount } } } } } } } } } } }`;

/** The mix: what a news front end asks for, besides the dashboard. Slug and cursor come from the data. */
function mix(slug: string, cursor: string): Operation[] {
  return [
    { name: 'Dashboard', body: { query: DASHBOARD_QUERY, variables: { first: 50 } } },
    {
      name: 'Search',
      body: {
        query:
          'query Search { articles(first: 20, filter: { search: "hale okafor" }, orderBy: RELEVANCE) { totalCount edges { node { title excerpt provider { name } } } } }',
      },
    },
    {
      name: 'NextPage',
      body: {
        query:
          'query NextPage($after: String) { articles(first: 20, after: $after) { edges { node { title publishedAt } } pageInfo { endCursor } } }',
        variables: { after: cursor },
      },
    },
    {
      name: 'Article',
      body: {
        query:
          'query Article($slug: String) { article(slug: $slug) { title body author images { url } topics { name } related(first: 10) { edges { node { title webUrl } } } } }',
        variables: { slug },
      },
    },
    {
      name: 'Provider',
      body: {
        query:
          'query Provider { provider(domain: "marlowherald.example") { name articleCount articles(first: 10) { edges { node { title } } } } }',
      },
    },
    { name: 'Trending', body: { query: 'query Trending { trendingTopics(limit: 10) { articleCount topic { name slug } } }' } },
    { name: 'Topics', body: { query: 'query Topics { topics(first: 50) { totalCount edges { node { name articleCount } } } }' } },
    { name: 'DeepRelated', body: { query: DEEP_RELATED } },
  ];
}

async function run(
  command: string[],
  env: Record<string, string>,
  logFile: string,
  nodeFlags: readonly string[] = [],
): Promise<number | null> {
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', ...command], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  closeSync(out);
  return code;
}

/** Starts the server; resolves with its GraphQL and metrics URLs once it logs that it is ready. */
async function startServer(env: Record<string, string>, logFile: string) {
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
  for (let waited = 0; waited < 60_000; waited += 100) {
    const log = readFileSync(logFile, 'utf8');
    const match = /ready at (http:\/\/[^\s"]+)/.exec(log);
    const metrics = /metrics at (http:\/\/[^\s"]+)/.exec(log);
    if (match && metrics)
      return { child, url: match[1]!.replace('localhost', '127.0.0.1'), metricsUrl: metrics[1]!, close: () => closeSync(out) };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${readFileSync(logFile, 'utf8').slice(-2_000)}`);
}

async function post(url: string, body: Operation['body']): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json();
}

/** The server's memory from its metrics port, in MB: resident set, V8 heap in use, outside the heap. */
async function serverMemory(metricsUrl: string): Promise<{ rssMb: number; heapMb: number; externalMb: number }> {
  const text = await (await fetch(metricsUrl)).text();
  const mb = (metric: string) => Math.round(Number(new RegExp(`^${metric} (\\S+)$`, 'm').exec(text)?.[1]) / 1024 / 102.4) / 10;
  return {
    rssMb: mb('process_resident_memory_bytes'),
    heapMb: mb('nodejs_heap_size_used_bytes'),
    externalMb: mb('nodejs_external_memory_bytes'),
  };
}

interface PhaseResult {
  phase: string;
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  max: number;
  httpErrors: number;
  graphqlErrors: number;
  rssMb: number;
  heapMb: number;
  externalMb: number;
}

async function phase(
  name: string,
  url: string,
  metricsUrl: string,
  operations: Operation[],
  connections = CONNECTIONS,
): Promise<PhaseResult> {
  let graphqlErrors = 0;
  const result = await autocannon({
    url,
    connections,
    duration: SECONDS,
    timeout: 30,
    requests: operations.map((op) => ({
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(op.body),
      onResponse: (_status: number, body: string) => {
        if (body.includes('"errors"')) graphqlErrors++;
      },
    })),
  });
  return {
    phase: name,
    requests: result.requests.total,
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    httpErrors: result.errors + result.timeouts + result.non2xx,
    graphqlErrors,
    ...(await serverMemory(metricsUrl)),
  };
}

/**
 * Probes /health every 200 ms from its own thread (so the load generator's work on this thread cannot delay
 * it) until `stop` resolves; a probe fails when it takes over 1 s or answers anything but 200.
 */
function probeHealth(url: string, stop: Promise<unknown>) {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const latencies = []; let failures = 0; let running = true;
     parentPort.on('message', () => { running = false; });
     (async () => {
       while (running) {
         const start = performance.now();
         try {
           const response = await fetch(workerData, { signal: AbortSignal.timeout(1000) });
           await response.arrayBuffer();
           if (response.status !== 200) failures++;
         } catch { failures++; }
         latencies.push(performance.now() - start);
         await new Promise((resolve) => setTimeout(resolve, 200));
       }
       parentPort.postMessage({ latencies, failures });
     })();`,
    { eval: true, workerData: url },
  );
  void stop.then(() => worker.postMessage('stop'));
  return new Promise<{ probes: number; maxMs: number; over1s: number; failures: number }>((resolve) =>
    worker.once('message', ({ latencies, failures }: { latencies: number[]; failures: number }) => {
      void worker.terminate();
      resolve({
        probes: latencies.length,
        maxMs: Math.round(Math.max(...latencies)),
        over1s: latencies.filter((l) => l > 1_000).length,
        failures,
      });
    }),
  );
}

/** The abusive requests on their own connections: counted by status, never as errors of the normal traffic. */
function abuse(url: string, connections: number) {
  const requests = abusiveRequests();
  return autocannon({
    url,
    connections,
    duration: SECONDS,
    timeout: 30,
    requests: requests.map(({ body }) => ({
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      ...(typeof body === 'string'
        ? { body }
        : { setupRequest: (request: autocannon.Request) => ({ ...request, body: body() }) }),
    })),
  });
}

/** The dashboard alone on 8 connections, then beside 8 connections of abusive requests, /health probed throughout. */
async function abusePhases(url: string, metricsUrl: string, dashboard: Operation) {
  const alone = await phase('dashboard alone (8 conn.)', url, metricsUrl, [dashboard], ABUSE_CONNECTIONS);
  const scrapeBefore = (await (await fetch(metricsUrl)).text()).length;
  const abused = abuse(url, ABUSE_CONNECTIONS);
  const health = probeHealth(url.replace('/graphql', '/health'), abused);
  const [beside, abusive, probes] = await Promise.all([
    phase('dashboard beside abuse (8+8)', url, metricsUrl, [dashboard], ABUSE_CONNECTIONS),
    abused,
    health,
  ]);
  const scrapeAfter = (await (await fetch(metricsUrl)).text()).length;
  const statuses = Object.entries(abusive.statusCodeStats ?? {})
    .map(([code, { count }]) => `${code}: ${count}`)
    .join(', ');
  return {
    alone,
    beside,
    abusive: { requests: abusive.requests.total, p99: abusive.latency.p99, statuses, timeouts: abusive.timeouts },
    probes,
    scrapeBefore,
    scrapeAfter,
  };
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'news-load-'));
  const logFile = join(dir, 'server.log');
  const env = {
    DATABASE_URL: `file:${join(dir, 'news.db')}`,
    NODE_ENV: 'production',
    PORT: '0',
    METRICS_PORT: '0',
    HOST: '127.0.0.1',
    CI: '1',
  };
  try {
    const seeded = await run(['src/cli/seed.ts', ...SEED_PATHS], env, join(dir, 'seed.log'), SEED_NODE_FLAGS);
    if (seeded !== 0) throw new Error(`seed failed:\n${readFileSync(join(dir, 'seed.log'), 'utf8')}`);
    const server = await startServer(env, logFile);
    try {
      const host = new URL(server.url).hostname;
      if (host !== '127.0.0.1') throw new Error(`refusing to load ${host}: loopback only`);
      const first = await post(server.url, { query: '{ articles(first: 1) { edges { cursor node { slug } } } }' });
      const [edge] = first.data.articles.edges;
      const operations = mix(edge.node.slug, edge.cursor);
      for (const op of operations) {
        const answer = await post(server.url, op.body);
        if (answer.errors || !answer.data) throw new Error(`${op.name} fails before any load: ${JSON.stringify(answer.errors)}`);
      }
      console.log(`load: ${CONNECTIONS} connections, ${SECONDS} s per phase, server ${server.url} (production, request logs on)`);
      let ok = true;
      const results: PhaseResult[] = [];
      if (args.phases !== 'abuse') {
        results.push(
          await phase('dashboard', server.url, server.metricsUrl, operations.slice(0, 1)),
          await phase('mix of 8', server.url, server.metricsUrl, operations),
          await phase('mix of 8, again', server.url, server.metricsUrl, operations),
        );
      }
      const abuseRun = await abusePhases(server.url, server.metricsUrl, operations[0]!);
      results.push(abuseRun.alone, abuseRun.beside);
      console.table(results);
      const errors = results.reduce((n, r) => n + r.httpErrors + r.graphqlErrors, 0);
      console.log(`errors of the normal traffic: ${errors}`);
      ok &&= errors === 0;
      if (args.phases !== 'abuse') {
        // Memory must level off: the second minute of the same traffic ends where the first one did.
        const drift = (results[2]!.rssMb - results[1]!.rssMb) / results[1]!.rssMb;
        console.log(`RSS after the second minute of the mix vs the first: ${(drift * 100).toFixed(1)}% (limit ±10%)`);
        ok &&= Math.abs(drift) <= 0.1;
      }
      const ratio = abuseRun.beside.p99 / abuseRun.alone.p99;
      const { probes, abusive } = abuseRun;
      console.log(
        `abusive requests: ${abusive.requests} (${abusive.statuses}; timeouts ${abusive.timeouts}), p99 ${abusive.p99} ms`,
      );
      console.log(
        `dashboard p99 alone ${abuseRun.alone.p99} ms, beside the abuse ${abuseRun.beside.p99} ms: ${ratio.toFixed(2)}x (goal <= 2x)`,
      );
      console.log(
        `/health: ${probes.probes} probes, slowest ${probes.maxMs} ms, over 1 s: ${probes.over1s}, failed: ${probes.failures} (goal: none)`,
      );
      console.log(`metrics scrape: ${abuseRun.scrapeBefore} bytes before the abuse, ${abuseRun.scrapeAfter} after`);
      ok &&= ratio <= 2 && probes.over1s === 0 && probes.failures === 0;
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
      server.close();
      return ok ? 0 : 1;
    } catch (error) {
      server.child.kill('SIGKILL');
      server.close();
      throw error;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
