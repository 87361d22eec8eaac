// `npm run bench`: corpora -> seeding (parse only, SQLite, PostgreSQL) -> queries against our server's
// variants and PostGraphile on one seeded PostgreSQL database -> BENCHMARKS.md. Takes many minutes.
// `npm run bench -- --quick`: the same on a tiny corpus with short runs (about a minute), written to a
// temporary file; CI runs it as a smoke test. No figure is ever compared with a threshold.
// Options: --sizes 1000,10000,100000 (corpora, each parsed) --seed-sizes (default: all) --query-size 10000
// --seconds 10 --warmup 3 --connections 16 --out BENCHMARKS.md --corpus-dir bench/.corpus --keep-db
// --seed-only: corpora and seeding only; rewrites just the Seeding section of --out (queries left as they were).
// The full run (default sizes) seeds 100,000 files on both databases: never in CI (CI runs --quick).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { DEFAULT_PG_SERVER_URL } from '../scripts/scratch-db.js';
import { runJsonChild } from './child.js';
import { type CorpusSummary, DEFAULT_SEED, writeCorpus } from './corpus.js';
import { type MixedResult, runMixedBench } from './mixed.js';
import { preparePeerDatabase } from './peer-setup.js';
import { type QueryBenchResult, runQueryBench, type ServerSpec } from './query-bench.js';
import { machineDescription, previousNotes, renderReport, spliceSeedingSection } from './report.js';
import { runSeedBench } from './seed-bench.js';
import type { ChildResult } from './seed-child.js';
import { type OUR_VARIANTS, VARIANT_LABELS } from './servers.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const option = (name: string, fallback: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1]! : fallback);
const numbers = (text: string) =>
  text
    .split(',')
    .map(Number)
    .filter((n) => n > 0);

const sizes = numbers(option('sizes', quick ? '100' : '1000,10000,100000'));
const seedSizes = numbers(option('seed-sizes', sizes.join(',')));
const querySize = Number(option('query-size', quick ? String(sizes[0]) : '10000'));
const connections = Number(option('connections', '16'));
const seconds = Number(option('seconds', quick ? '0.7' : '10'));
const warmupSeconds = Number(option('warmup', quick ? '0.2' : '3'));
const out = resolve(option('out', quick ? join(tmpdir(), 'news-bench-quick.md') : 'BENCHMARKS.md'));
const corpusRoot = resolve(option('corpus-dir', 'bench/.corpus'));
const pgServerUrl = process.env.BENCH_PG_SERVER_URL ?? DEFAULT_PG_SERVER_URL;

const keepDb = argv.includes('--keep-db');
const seedOnly = argv.includes('--seed-only');

const PEER_DIR = resolve('bench/peer');
const NODE22 = join(PEER_DIR, 'node_modules/node/bin/node');
const log = (line: string) => console.log(line);
const loadAverages: { phase: string; load: number[] }[] = [];
const phase = (name: string) => {
  loadAverages.push({ phase: name, load: loadavg() });
  log(
    `== ${name} (load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')})`,
  );
};

/** PostGraphile and the Node 22 it needs live in bench/peer, installed on first use. */
function ensurePeerInstalled(): void {
  if (existsSync(NODE22) && existsSync(join(PEER_DIR, 'node_modules/postgraphile'))) return;
  log('installing bench/peer (PostGraphile 5, Node 22)...');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: PEER_DIR, stdio: 'inherit' });
  if (!existsSync(NODE22)) throw new Error(`${NODE22} is missing after npm ci in bench/peer`);
}

/** Generated once per (size, seed) and reused: a complete marker is written last. */
async function corpusFor(count: number): Promise<CorpusSummary> {
  const dir = join(corpusRoot, `${count}-${DEFAULT_SEED}`);
  const marker = join(dir, '.complete.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as CorpusSummary;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const summary = await writeCorpus(dir, count);
  writeFileSync(marker, JSON.stringify(summary));
  log(`  generated ${count} files (${(summary.bytes / 1e6).toFixed(1)} MB) in ${summary.seconds.toFixed(1)} s`);
  return summary;
}

/** The young-generation size `npm start` gives the server (package.json), given to every server alike. */
const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];

function serverSpecs(): ServerSpec[] {
  const ours = (variant: (typeof OUR_VARIANTS)[number], node = NODE22, suffix = ''): ServerSpec => ({
    id: `${variant}${suffix}`,
    label: `${VARIANT_LABELS[variant]}${suffix}`,
    kind: 'ours',
    node,
    args: [...SERVER_NODE_FLAGS, '--import', 'tsx', 'bench/serve-ours.ts'],
    env: { BENCH_VARIANT: variant, NODE_ENV: 'production' },
  });
  // --quick leaves out the one that only re-runs a configuration (another Node).
  const full = !quick;
  return [
    ours('dataloaders'),
    ours('no-dataloaders'),
    ours('response-cache'),
    ours('graphql-js'),
    ...(full ? [ours('dataloaders', process.execPath, ', Node 20')] : []),
    {
      id: 'postgraphile',
      label: 'PostGraphile 5',
      kind: 'postgraphile',
      node: NODE22,
      args: [...SERVER_NODE_FLAGS, 'bench/peer/serve-postgraphile.mjs'],
      env: { GRAPHILE_ENV: 'production', NODE_ENV: 'production' },
    },
  ];
}

async function postgresVersion(): Promise<string> {
  const client = new pg.Client({ connectionString: pgServerUrl });
  await client.connect();
  try {
    return String((await client.query('SELECT version()')).rows[0].version).split(' on ')[0]!;
  } finally {
    await client.end();
  }
}

/** What a report says about a run that ran no queries. */
function runInfoBase(started: Date, command: string) {
  return {
    command,
    started,
    minutes: (Date.now() - started.getTime()) / 60_000,
    nodeVersions: { orchestrator: process.version.slice(1), servers: 'not run' },
    loadAverages,
    connections,
    seconds,
    warmupSeconds,
    querySize,
  };
}

async function main(): Promise<void> {
  const started = new Date();
  if (!seedOnly && !seedSizes.includes(querySize))
    throw new Error(`--query-size ${querySize} must be one of the seeded sizes (${seedSizes.join(', ')})`);
  if (!seedOnly) ensurePeerInstalled();

  phase('corpora');
  const corpora: CorpusSummary[] = [];
  for (const size of sizes) corpora.push(await corpusFor(size));
  const dirOf = (size: number) => corpora.find((c) => c.files === size)!.dir;

  phase('seeding');
  const seeded = await runSeedBench(
    seedSizes.map((articles) => ({ articles, dir: dirOf(articles) })),
    { keepPgFor: querySize, pgServerUrl, log },
  );
  const parseOnly: ChildResult[] = seeded.rows.map((r) => r.parse);
  for (const size of sizes.filter((s) => !seedSizes.includes(s))) {
    const parse = await runJsonChild<ChildResult>('bench/seed-child.ts', ['parse', dirOf(size)], { timeoutMs: 3_600_000 });
    log(`  ${size}: parse ${Math.round(parse.files / parse.seconds)} files/s (not seeded)`);
    parseOnly.push(parse);
  }

  if (seedOnly) {
    await seeded.kept?.drop();
    phase('done');
    const command = `npm run bench -- ${argv.join(' ')}`;
    const fresh = renderReport(
      { ...runInfoBase(started, command), postgresVersion: await postgresVersion() },
      corpora,
      parseOnly,
      seeded.rows,
      null,
      null,
      null,
    );
    const heading = `Measured by \`${command}\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, git ${execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8' }).trim()}, ${machineDescription().join(', ')}, Node ${process.version.slice(1)}; load average (1, 5, 15 min) at each phase: ${loadAverages.map((l) => `${l.phase} ${l.load.map((x) => x.toFixed(1)).join('/')}`).join('; ')}.`;
    writeFileSync(out, existsSync(out) ? spliceSeedingSection(readFileSync(out, 'utf8'), fresh, heading) : fresh);
    log(`wrote the Seeding section of ${out}`);
    return;
  }

  let queries: QueryBenchResult | null = null;
  let mixed: MixedResult | null = null;
  try {
    phase('queries');
    await preparePeerDatabase(seeded.kept!.url);
    queries = await runQueryBench(seeded.kept!.url, {
      servers: serverSpecs(),
      connections,
      seconds,
      warmupSeconds,
      deepRow: 10_000,
      log,
    });
    phase('mixed reads and writes');
    mixed = await runMixedBench(seeded.kept!.url, { seconds: quick ? 3 : 60, readers: connections, log });
  } finally {
    if (keepDb) log(`kept the query database: ${seeded.kept?.url}`);
    else await seeded.kept?.drop();
  }
  phase('done');

  const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;
  const nodeVersions = {
    orchestrator: process.version.slice(1),
    servers: `${execFileSync(NODE22, ['--version'], { encoding: 'utf8' }).trim().slice(1)} (and ${process.version.slice(1)} where the label says Node 20)`,
  };
  const info = {
    command,
    started,
    minutes: (Date.now() - started.getTime()) / 60_000,
    nodeVersions,
    postgresVersion: await postgresVersion(),
    loadAverages,
    connections,
    seconds,
    warmupSeconds,
    querySize,
  };
  writeFileSync(out, renderReport(info, corpora, parseOnly, seeded.rows, queries, mixed, previousNotes(out)));
  log(`wrote ${out} (${info.minutes.toFixed(1)} min)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
