// The Queries section of BENCHMARKS.md: the median of the rounds per (server, query, connections), one table
// per number of connections on PostgreSQL beside PostGraphile, and one for ours on SQLite; ratios computed
// from the medians.
import { cpus } from 'node:os';
import { QUERY_NAMES, type QueryName } from './queries.js';
import type { QueryBenchResult, Sample, ServerSpec } from './query-bench.js';

export interface QueryRow {
  server: ServerSpec;
  query: QueryName;
  connections: number;
  /** How many measurements the medians come from. */
  runs: number;
  reqPerSec: number;
  reqPerSecRange: [number, number];
  p50Ms: number;
  p99Ms: number;
  statementsPerRequest: number;
  cpuMsPerRequest: number;
  dbCpuMsPerRequest: number;
}

/** A figure with thousands separators and a fixed number of decimals. */
export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median of every figure over the rounds, per (server, query, connections), in measurement order. */
export function medianRows(samples: Sample[]): QueryRow[] {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = `${s.server.id}\u0000${s.query}\u0000${s.connections}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((group) => {
    const of = (pick: (s: Sample) => number) => median(group.map(pick));
    const rates = group.map((s) => s.load.reqPerSec);
    return {
      server: group[0]!.server,
      query: group[0]!.query,
      connections: group[0]!.connections,
      runs: group.length,
      reqPerSec: of((s) => s.load.reqPerSec),
      reqPerSecRange: [Math.min(...rates), Math.max(...rates)],
      p50Ms: of((s) => s.load.p50Ms),
      p99Ms: of((s) => s.load.p99Ms),
      statementsPerRequest: of((s) => s.statementsPerRequest),
      cpuMsPerRequest: of((s) => s.cpuMsPerRequest),
      dbCpuMsPerRequest: of((s) => s.dbCpuMsPerRequest),
    };
  });
}

const ratio = (a: number, b: number | undefined) => (b ? `${fmt(a / b, 2)}×` : '');
const rate = (r: QueryRow) =>
  r.runs > 1 ? `${fmt(r.reqPerSec)} (${fmt(r.reqPerSecRange[0])}–${fmt(r.reqPerSecRange[1])})` : fmt(r.reqPerSec);
const label = (r: QueryRow) => (r.server.schedule === 'once' ? `${r.server.label} (one run, not in the rounds)` : r.server.label);

function postgresTable(rows: QueryRow[], connections: number): string[] {
  const lines = [
    '| query | server | req/s: median (min–max of rounds) | p50 ms | p99 ms | SQL statements / request | CPU ms / request: server + PostgreSQL | req/s ÷ PostGraphile | p50 ÷ PostGraphile | p99 ÷ PostGraphile | CPU ÷ PostGraphile |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const name of QUERY_NAMES) {
    const ofQuery = rows.filter((r) => r.query === name && r.connections === connections && r.server.database === 'postgresql');
    const peer = ofQuery.find((r) => r.server.kind === 'postgraphile');
    for (const r of ofQuery) {
      const cpu = r.cpuMsPerRequest + r.dbCpuMsPerRequest;
      lines.push(
        `| ${name} | ${label(r)} | ${rate(r)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${fmt(r.statementsPerRequest, 2)} | ${fmt(r.cpuMsPerRequest, 1)} + ${fmt(r.dbCpuMsPerRequest, 1)} | ${ratio(r.reqPerSec, peer?.reqPerSec)} | ${ratio(r.p50Ms, peer?.p50Ms)} | ${ratio(r.p99Ms, peer?.p99Ms)} | ${ratio(cpu, peer ? peer.cpuMsPerRequest + peer.dbCpuMsPerRequest : undefined)} |`,
      );
    }
  }
  return lines;
}

function sqliteTable(rows: QueryRow[], connections: number[]): string[] {
  const lines = [
    '| query | connections | server | req/s: median (min–max of rounds) | p50 ms | p99 ms | SQL statements / request | CPU ms / request (server, SQLite inside it) |',
    '|---|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const c of connections)
    for (const name of QUERY_NAMES)
      for (const r of rows.filter((x) => x.query === name && x.connections === c && x.server.database === 'sqlite'))
        lines.push(
          `| ${name} | ${c} | ${label(r)} | ${rate(r)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${fmt(r.statementsPerRequest, 2)} | ${fmt(r.cpuMsPerRequest, 1)} |`,
        );
  return lines;
}

/**
 * First articles that differ: on PostgreSQL from PostGraphile's (a failure: the queries differ); on SQLite
 * from ours on PostgreSQL (search ranks with bm25 there, ts_rank_cd on PostgreSQL, so ties may differ).
 */
function titleChecks(queries: QueryBenchResult): { line: string; sqlite: boolean }[] {
  const lines: { line: string; sqlite: boolean }[] = [];
  for (const name of QUERY_NAMES) {
    const of = queries.firstTitles.filter((t) => t.query === name);
    const peer = of.find((t) => t.server.kind === 'postgraphile');
    const oursPg = of.find((t) => t.server.kind === 'ours' && t.server.database === 'postgresql');
    for (const t of of) {
      const reference = t.server.database === 'sqlite' ? oursPg : peer;
      if (reference && t.title !== reference.title)
        lines.push({
          line: `${t.server.label} on "${name}" starts with "${t.title}", ${reference.server.label} with "${reference.title}"`,
          sqlite: t.server.database === 'sqlite',
        });
    }
  }
  return lines;
}

export function querySection(queries: QueryBenchResult, rows: QueryRow[]): string[] {
  const out: string[] = [];
  const postgresConnections = queries.connections.filter((c) =>
    rows.some((r) => r.connections === c && r.server.database === 'postgresql'),
  );
  for (const c of postgresConnections)
    out.push(`### PostgreSQL, ${c} connection${c === 1 ? '' : 's'}`, '', ...postgresTable(rows, c), '');
  if (rows.some((r) => r.server.database === 'sqlite'))
    out.push(
      '### SQLite (ours only: PostGraphile has no SQLite)',
      '',
      "This server runs on the Node of `npm run bench` itself (its label says which), the one node_modules' better-sqlite3 is built for; the PostgreSQL servers run on bench/peer's Node 22. The same corpus, seeded by the seeding phase; the same queries and inputs.",
      '',
      ...sqliteTable(rows, queries.connections),
      '',
    );
  const samples = queries.samples;
  const measuredSeconds = samples.reduce((sum, s) => sum + s.seconds, 0);
  const othersMs = samples.reduce((sum, s) => sum + s.othersCpuMs, 0);
  const worst = samples.reduce<Sample | null>(
    (max, s) => (!max || s.othersCpuMs / s.seconds > max.othersCpuMs / max.seconds ? s : max),
    null,
  );
  const busiest = worst?.busiestOther
    ? ` (${worst.busiestOther.label} ${fmt(worst.busiestOther.cpuMs)} ms of it, while ${worst.server.label} ran ${worst.query} at ${worst.connections})`
    : '';
  if (!queries.restartPerRound)
    out.push(
      `While one server was measured, the other running servers (idle) used ${fmt(othersMs)} ms of CPU in all over ${fmt(measuredSeconds, 1)} s of measured windows: ${fmt(othersMs / Math.max(0.001, measuredSeconds), 1)} ms per second, against ${fmt(cpus().length * 1000)} ms per second of the machine's ${cpus().length} CPUs; at most ${fmt(worst ? worst.othersCpuMs / worst.seconds : 0, 1)} ms per second in one window${busiest}. /proc counts in 10-ms ticks.`,
      '',
    );
  const differing = titleChecks(queries);
  const failed = differing.filter((d) => !d.sqlite).map((d) => d.line);
  out.push(
    failed.length
      ? `First-article check FAILED: ${failed.join('; ')}.`
      : 'Every server on PostgreSQL returned the same first article as PostGraphile for every query.',
    '',
  );
  const onSqlite = differing.filter((d) => d.sqlite).map((d) => d.line);
  if (onSqlite.length)
    out.push(`On SQLite (bm25 ranks search, PostgreSQL ts_rank_cd: ties may order differently): ${onSqlite.join('; ')}.`, '');
  return out;
}
