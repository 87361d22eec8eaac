// `npm run bench`: corpora -> seeding (parse only, SQLite, PostgreSQL) -> queries against our server's
// variants and PostGraphile on one seeded PostgreSQL database, and ours on the SQLite database seeded with the
// same corpus, in interleaved rounds at each number of connections -> (profiles) -> mixed reads and writes ->
// BENCHMARKS.md. Takes many minutes (the query phase about ten with the defaults).
// `npm run bench -- --quick`: the same on a tiny corpus with short runs, written to a temporary file; CI runs
// it as a smoke test. No figure is ever compared with a threshold.
// Options:
//   --sizes 1000,10000,100000 (corpora, each parsed) --seed-sizes (default: all) --query-size 10000
//   --rounds 3 (interleaved rounds; the report gives each figure's median) --connections 16,1
//   --seconds 4 --warmup 1 (per measurement; --quick: 1 round, 1 s, no warm-up) --extras (also measure, once after the rounds: DataLoaders off,
//   ours on Node 20) --no-sqlite (leave out ours on SQLite) --restart-per-round (start each server anew in
//   each round and measure it alone, instead of keeping every server up through the rounds)
//   --cpu-prof, --heap-prof: profile our server on the dashboard at 16 connections after the rounds (CPU with
//   `node --cpu-prof`, allocations by heap sampling), into --prof-dir (default: a new temporary directory)
//   for --profile-seconds (default 10); the top entries (bench/profile-top.ts) go in the report
//   --out BENCHMARKS.md --corpus-dir bench/.corpus --keep-db
// --seed-only: corpora and seeding only; rewrites just the Seeding section of --out (queries left as they were).
// The full run (default sizes) seeds 100,000 files on both databases: never in CI (CI runs --quick).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { missingServerFlags } from '../scripts/node-flags.mjs';
import { DEFAULT_PG_SERVER_URL } from '../scripts/scratch-db.js';
import { runJsonChild } from './child.js';
import { type CorpusSummary, DEFAULT_SEED, writeCorpus } from './corpus.js';
import { type MixedResult, runMixedBench } from './mixed.js';
import { prepareQueryDatabase } from './peer-setup.js';
import { type ProfileResult, runProfile } from './profile-run.js';
import { type BenchDatabase, type QueryBenchResult, runQueryBench, type ServerSpec } from './query-bench.js';
import { machineDescription, previousNotes, renderReport, spliceSeedingSection } from './report.js';
import { runSeedBench } from './seed-bench.js';
import type { ChildResult } from './seed-child.js';
import { type OurVariant, VARIANT_LABELS } from './servers.js';

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
const connections = numbers(option('connections', '16,1'));
// --quick: one round, no warm-up, 1 s per measurement (autocannon runs at least a second whatever the
// duration), so that CI's smoke run stays about as short as before rounds and 1-connection runs existed.
const rounds = Number(option('rounds', quick ? '1' : '3'));
const seconds = Number(option('seconds', quick ? '1' : '4'));
const warmupSeconds = Number(option('warmup', quick ? '0' : '1'));
const extras = argv.includes('--extras');
const withSqlite = !argv.includes('--no-sqlite');
const restartPerRound = argv.includes('--restart-per-round');
const cpuProf = argv.includes('--cpu-prof');
const heapProf = argv.includes('--heap-prof');
const profileSeconds = Number(option('profile-seconds', quick ? String(Math.max(seconds, 2)) : '10'));
const profDirOption = option('prof-dir', '');
const out = resolve(option('out', quick ? join(tmpdir(), 'news-bench-quick.md') : 'BENCHMARKS.md'));
const corpusRoot = resolve(option('corpus-dir', 'bench/.corpus'));
const pgServerUrl = process.env.BENCH_PG_SERVER_URL ?? DEFAULT_PG_SERVER_URL;

const keepDb = argv.includes('--keep-db');
const seedOnly = argv.includes('--seed-only');

const PEER_DIR = resolve('bench/peer');
const NODE22 = join(PEER_DIR, 'node_modules/node/bin/node');
const log = (line: string) => console.log(line);
const loadAverages: { phase: string; load: number[] }[] = [];
const runStarted = Date.now();
const phase = (name: string) => {
  loadAverages.push({ phase: name, load: loadavg() });
  log(
    `== ${name} (at ${((Date.now() - runStarted) / 1000).toFixed(0)} s; load average ${loadavg()
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

/**
 * In every round: ours (DataLoaders, graphql-jit: the production configuration without its response cache), ours
 * with the response cache, ours on graphql-js's interpreter,
 * PostGraphile (all on bench/peer's Node 22), and ours on SQLite. With --extras, once after the rounds: DataLoaders off, ours on Node 20.
 */
/** The young-generation size `npm start` gives the server (package.json), given to every server alike. */
const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];

/**
 * Ours also gets what npm start adds on its Node (scripts/node-flags.mjs: AsyncContextFrame on Node 22). The peer
 * runs as PostGraphile's own deployments do, without it: grafast and grafserv hold no AsyncLocalStorage, and a
 * review measured no difference for PostGraphile (dashboard, 3 interleaved rounds: 6.59 ms of CPU per request
 * without, 6.61 with; BENCHMARKS.md).
 */
function ourNodeFlags(node: string): string[] {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim().slice(1);
  return [...SERVER_NODE_FLAGS, ...missingServerFlags(version, [], undefined)];
}

function serverSpecs(): ServerSpec[] {
  const ours = (
    variant: OurVariant,
    options: { node?: string; suffix?: string; database?: BenchDatabase; schedule?: ServerSpec['schedule'] } = {},
  ): ServerSpec => {
    const { node = NODE22, suffix = '', database = 'postgresql', schedule = 'rounds' } = options;
    return {
      id: `${variant}${suffix ? `-${suffix}` : ''}${database === 'sqlite' ? '-sqlite' : ''}`,
      label: `${VARIANT_LABELS[variant]}${suffix ? `, ${suffix}` : ''}${database === 'sqlite' ? ', SQLite' : ''}`,
      kind: 'ours',
      node,
      args: [...ourNodeFlags(node), '--import', 'tsx', 'bench/serve-ours.ts'],
      env: { BENCH_VARIANT: variant, NODE_ENV: 'production' },
      database,
      schedule,
    };
  };
  return [
    ours('dataloaders'),
    ours('response-cache'),
    ours('graphql-js'),
    {
      id: 'postgraphile',
      label: 'PostGraphile 5',
      kind: 'postgraphile',
      node: NODE22,
      args: [...SERVER_NODE_FLAGS, 'bench/peer/serve-postgraphile.mjs'],
      env: { GRAPHILE_ENV: 'production', NODE_ENV: 'production' },
      database: 'postgresql',
      schedule: 'rounds',
    },
    // better-sqlite3 in node_modules is built for the Node that runs this script, not for bench/peer's.
    ...(withSqlite
      ? [
          ours('dataloaders', {
            database: 'sqlite',
            node: process.execPath,
            suffix: `Node ${process.versions.node.split('.')[0]}`,
          }),
        ]
      : []),
    ...(extras
      ? [
          ours('no-dataloaders', { schedule: 'once' }),
          ours('dataloaders', { node: process.execPath, suffix: 'Node 20', schedule: 'once' }),
        ]
      : []),
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
    rounds,
    seconds,
    warmupSeconds,
    querySize,
  };
}

/** The report's Profiles section: no machine paths (the profiles' directory is named in the log only). */
function profileSection(profiles: ProfileResult): string[] {
  const dir = profiles.dir;
  return [
    `Our server (DataLoaders, no response cache) on the dashboard at 16 connections for ${profileSeconds} s, in a server child of its own started with ${[cpuProf ? '`node --cpu-prof`' : '', heapProf ? "heap sampling (V8's sampling heap profiler through the inspector, objects already collected included)" : ''].filter(Boolean).join(' and ')}; figures from the measured window only (\`npx tsx bench/profile-top.ts <profile>\` prints them again from the files).`,
    '',
    ...profiles.lines.map((line) => line.split(dir).join(basename(dir))),
  ];
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
    { keepFor: querySize, pgServerUrl, log },
  );
  const parseOnly: ChildResult[] = seeded.rows.map((r) => r.parse);
  for (const size of sizes.filter((s) => !seedSizes.includes(s))) {
    const parse = await runJsonChild<ChildResult>('bench/seed-child.ts', ['parse', dirOf(size)], { timeoutMs: 3_600_000 });
    log(`  ${size}: parse ${Math.round(parse.files / parse.seconds)} files/s (not seeded)`);
    parseOnly.push(parse);
  }

  if (seedOnly) {
    await seeded.kept?.drop();
    await seeded.keptSqlite?.drop();
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
  let profiles: ProfileResult | null = null;
  try {
    phase('queries');
    // Our servers run dist/, as `npm start` does (bench/serve-ours.ts, bench/mixed.ts): built first when missing
    // or stale. BENCH_SERVER_CODE=src runs the sources through tsx instead.
    process.env.BENCH_SERVER_CODE ??= 'dist';
    if (process.env.BENCH_SERVER_CODE === 'dist') {
      execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url)), '--if-stale'], {
        stdio: 'inherit',
      });
    }
    await prepareQueryDatabase(seeded.kept!.url);
    queries = await runQueryBench(
      { postgresql: seeded.kept!.url, ...(seeded.keptSqlite ? { sqlite: seeded.keptSqlite.url } : {}) },
      { servers: serverSpecs(), connections, rounds, seconds, warmupSeconds, deepRow: 10_000, restartPerRound, log },
    );
    if (cpuProf || heapProf) {
      phase('profiles');
      const dir = resolve(profDirOption || mkdtempSync(join(tmpdir(), 'news-bench-profiles-')));
      profiles = await runProfile(seeded.kept!.url, queries.inputs, {
        dir,
        cpu: cpuProf,
        heap: heapProf,
        node: NODE22,
        nodeFlags: ourNodeFlags(NODE22),
        connections: 16,
        seconds: profileSeconds,
        warmupSeconds: Math.max(warmupSeconds, 1),
        top: 15,
        log,
      });
      log(profiles.lines.join('\n'));
      log(`  profiles in ${dir} (npx tsx bench/profile-top.ts <file> --top N)`);
    }
    phase('mixed reads and writes');
    mixed = await runMixedBench(seeded.kept!.url, { seconds: quick ? 3 : 60, readers: Math.max(...connections), log });
  } finally {
    if (keepDb) log(`kept the query databases: ${seeded.kept?.url} ${seeded.keptSqlite?.url ?? ''}`);
    else {
      await seeded.kept?.drop();
      await seeded.keptSqlite?.drop();
    }
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
    rounds,
    seconds,
    warmupSeconds,
    querySize,
  };
  const profileLines = profiles ? profileSection(profiles) : null;
  writeFileSync(out, renderReport(info, corpora, parseOnly, seeded.rows, queries, mixed, previousNotes(out), profileLines));
  log(`wrote ${out} (${info.minutes.toFixed(1)} min)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
