// BENCHMARKS.md from one run's results. Everything above the notes marker is rewritten by every run;
// hand-written notes below it are kept.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { CorpusSummary } from './corpus.js';
import type { MixedResult } from './mixed.js';
import type { QueryBenchResult } from './query-bench.js';
import { fmt, medianRows, querySection } from './report-queries.js';
import type { SeedRow } from './seed-bench.js';
import type { ChildResult } from './seed-child.js';

export const NOTES_MARKER = '<!-- notes: everything below this line is kept when npm run bench rewrites the file -->';

export interface RunInfo {
  command: string;
  started: Date;
  minutes: number;
  nodeVersions: { orchestrator: string; servers: string };
  postgresVersion: string;
  loadAverages: { phase: string; load: number[] }[];
  connections: number[];
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  querySize: number;
}

export function machineDescription(): string[] {
  const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return [`${cpus().length} CPUs (nproc), ${cpuModel}`, `${fmt(totalmem() / 2 ** 30, 1)} GiB memory`];
}

function gitRevision(): string {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function seedTable(rows: SeedRow[], corpora: CorpusSummary[]): string[] {
  const lines = [
    '| files (articles) | corpus MB | parse only: files/s (peak RSS) | SQLite: files/s, % of parse (peak RSS, time) | SQLite re-seed, all unchanged | PostgreSQL: files/s, % of parse (peak RSS, time) | PostgreSQL re-seed, all unchanged | stubs created |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const corpus of corpora) {
    const row = rows.find((r) => r.articles === corpus.files);
    const parse = row?.parse;
    const share = (r: ChildResult) => (parse ? `, ${fmt((100 * (r.files / r.seconds)) / (parse.files / parse.seconds))} %` : '');
    const cell = (r: ChildResult | undefined) =>
      r ? `${fmt(r.files / r.seconds)}${share(r)} (${r.maxRssMb} MB, ${fmt(r.seconds, 0)} s)` : 'not run';
    lines.push(
      `| ${fmt(corpus.files)} | ${fmt(corpus.bytes / 1e6, 1)} | ${parse ? `${fmt(parse.files / parse.seconds)} (${parse.maxRssMb} MB)` : 'see below'} | ${cell(row?.sqlite)} | ${cell(row?.reseed.sqlite)} | ${cell(row?.postgresql)} | ${cell(row?.reseed.postgresql)} | ${row ? fmt(row.postgresql.stubs) : ''} |`,
    );
  }
  const phases = rows.flatMap((r) =>
    (['sqlite', 'postgresql'] as const).map((db) => {
      const p = r[db].phases;
      return p
        ? `${fmt(r.articles)} on ${db === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: read ${fmt(p.read, 1)} s, parse ${fmt(p.parse, 1)} s, write ${fmt(p.write, 1)} s`
        : '';
    }),
  );
  lines.push('', `Seeding phases (writing a set overlaps reading and parsing the next): ${phases.filter(Boolean).join('; ')}.`);
  return lines;
}

/** Replaces the Seeding section of an existing report (a `--seed-only` run), keeping every other section. */
export function spliceSeedingSection(existing: string, fresh: string, heading: string): string {
  const section = (text: string) => {
    const start = text.indexOf('## Seeding');
    const end = text.indexOf('\n## ', start + 1);
    const marker = text.indexOf(NOTES_MARKER);
    return { start, end: end > 0 ? end + 1 : marker };
  };
  const f = section(fresh);
  const e = section(existing);
  if (e.start < 0) throw new Error('the existing report has no Seeding section');
  const body = fresh.slice(f.start, f.end).replace('## Seeding\n', `## Seeding\n\n${heading}\n`);
  return existing.slice(0, e.start) + body + existing.slice(e.end);
}

export function renderReport(
  info: RunInfo,
  corpora: CorpusSummary[],
  parseOnly: SeedRow['parse'][],
  seedRows: SeedRow[],
  queries: QueryBenchResult | null,
  mixed: MixedResult | null,
  previous: string | null,
  profiles: string[] | null = null,
): string {
  const out: string[] = ['# Benchmarks', ''];
  out.push(
    `Written by \`${info.command}\` on ${info.started.toISOString().slice(0, 16).replace('T', ' ')} UTC (${fmt(info.minutes, 1)} min), git ${gitRevision()}.`,
    '',
  );
  out.push('Machine:', '', ...machineDescription().map((l) => `- ${l}`));
  out.push(
    `- Node ${info.nodeVersions.orchestrator} (seeding, load generator), Node ${info.nodeVersions.servers} (every GraphQL server)`,
  );
  out.push(`- ${info.postgresVersion}`);
  out.push(
    `- load average (1, 5, 15 min) at each phase: ${info.loadAverages.map((l) => `${l.phase} ${l.load.map((x) => fmt(x, 1)).join('/')}`).join('; ')}`,
    '',
  );

  out.push('## Seeding', '');
  out.push(
    'Synthetic corpora from `bench/corpus.ts` (seeded PRNG, shaped like the SmartableAI/election corpus as `bench/corpus-shape.ts` records it). Each figure comes from a child process of its own (peak RSS = its `process.resourceUsage().maxRSS`); seeding starts from an empty, migrated database, parse-only runs `documentFromBytes` over the same files.',
    '',
  );
  out.push(...seedTable(seedRows, corpora), '');
  const extraParse = parseOnly.filter((p) => !seedRows.some((r) => r.parse === p));
  for (const p of extraParse)
    out.push(
      `Parse only, ${fmt(p.files)} files (not seeded in this run): ${fmt(p.files / p.seconds)} files/s, peak RSS ${p.maxRssMb} MB.`,
      '',
    );

  if (queries) {
    const rows = medianRows(queries.samples);
    const once = [...new Set(rows.filter((r) => r.server.schedule === 'once').map((r) => r.server.label))];
    const roundServers = [...new Set(rows.filter((r) => r.server.schedule === 'rounds').map((r) => r.server.label))];
    out.push('## Queries', '');
    out.push(
      `One PostgreSQL database seeded with the ${fmt(info.querySize)}-article corpus (${fmt(queries.tableRows.articles)} articles, ${fmt(queries.tableRows.stubs)} stubs, ${fmt(queries.tableRows.relatedLinks)} related links), vacuumed and analyzed after seeding as autovacuum would (\`VACUUM (ANALYZE)\`: this machine's PostgreSQL runs with autovacuum off), and one SQLite database seeded with the same corpus by the seeding phase. Each server runs in a child process of its own on 127.0.0.1 with a pool of 10 connections (PostgreSQL), ours from \`dist/\` (tsc's output, as \`npm start\` runs it); autocannon (in the parent) keeps ${info.connections.join(' and then ')} connection(s) busy for ${info.seconds} s per measurement${info.warmupSeconds > 0 ? ` after a ${info.warmupSeconds} s warm-up at the same concurrency` : ', without a warm-up (the first figures of a server include its cold start)'}.`,
      '',
      `${queries.rounds > 1 ? `**${queries.rounds} interleaved rounds; every figure below is the median of the rounds** (ratios are computed from the medians; req/s also shows the lowest and highest round).` : '**One round only: the figures below come from single measurements, not medians.**'} ${queries.restartPerRound ? `Each round starts every server (${roundServers.join('; ')}) anew and alone: it is checked, measured for each number of connections and each query, and stopped before the next starts.` : `Every server of the rounds (${roundServers.join('; ')}) is started once, checked, and kept up through all rounds (\`--restart-per-round\` starts each anew and alone in every round instead); each round measures, in the same order, for each number of connections, each query, each server. An idle server polls nothing (the write-journal poll runs only while a subscription listens); before each measurement the harness waits until the server measured just before is quiet (one still answering the requests in flight when its measurement ended, or collecting their garbage, would run beside the next), and what the idle servers did cost is measured: their CPU during the measured windows is given below the tables.`}${once.length ? ` Measured once, after the rounds, with its own server started then and stopped after: ${once.join('; ')}.` : ''}`,
      '',
      '- dashboard: `DASHBOARD_QUERY` (first: 50; related(first: 5) with provider and topics); PostGraphile: allArticles → relatedLinksBySourceId(first: 5, orderBy: RANK_ASC) → articleByTargetId.',
      `- article by URL: \`article(url:)\` with provider, topics, images; PostGraphile: allArticles(condition: {webUrl}) (it exposes no lookup by a unique index, only by constraints). URL: ${queries.inputs.url}`,
      `- search: \`filter: {search: "${queries.inputs.search}"}, orderBy: RELEVANCE\`, first 50 of ${fmt(queries.searchMatches)} matches (PostgreSQL); PostGraphile: a SQL function with the same tsquery, rank and tie-break (bench/peer-setup.ts).`,
      `- deep page: 50 rows after the cursor at row ${fmt(queries.deepRow)} (obtained by paging 100 at a time), newest first, stubs included.`,
      "- CPU ms / request: user + system time (/proc/<pid>/stat, 10 ms ticks) over the measured window of the server process, and of the PostgreSQL backends connected with that server's application_name (set in the DATABASE_URL each server gets, read from pg_stat_activity), divided by the requests served. On a shared, busy machine these move much less than req/s and latency do; the CPU ratio compares the sums. On SQLite the database runs inside the server process: its CPU is in the server figure.",
      '- SQL statements per request: ours from `db.onStatement` (Prisma query events), PostGraphile by wrapping `query` on every client of the pg pool it is given; both counted by the server over the measured window and divided by the requests it served.',
      '',
    );
    out.push(...querySection(queries, rows));
  }
  if (profiles) out.push('## Profiles', '', ...profiles, '');
  if (mixed) {
    out.push('## Mixed reads and writes', '');
    out.push(
      `The production server (\`npm start\`, response cache on) on the same database, in a child process: ${mixed.readers} readers send the dashboard query back to back for ${mixed.seconds} s while a writer ingests one new article per second through \`ingestArticles\` (each dated after every other, so it tops the dashboard). A read is stale when it lacks a write whose answer the writer had received before the read was sent (\`bench/mixed.ts\`).`,
      '',
      '| reads | reads/s | writes | hit rate | stale reads | failed reads |',
      '|---:|---:|---:|---:|---:|---:|',
      `| ${fmt(mixed.reads)} | ${fmt(mixed.reads / mixed.seconds)} | ${fmt(mixed.writes)} | ${fmt(mixed.hitRate * 100, 1)} % | ${fmt(mixed.staleReads)} | ${fmt(mixed.failedReads)} |`,
      '',
    );
  }
  out.push(NOTES_MARKER, '', previous ?? '', '');
  return out.join('\n');
}

/** The hand-written notes of an existing report, to carry them over. */
export function previousNotes(path: string): string | null {
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  const at = text.indexOf(NOTES_MARKER);
  return at < 0 ? null : text.slice(at + NOTES_MARKER.length).trim();
}
