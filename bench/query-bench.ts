// Query benchmark: each server in a child process over the same seeded PostgreSQL database, each query
// checked once (no errors, same first article as the other servers), warmed up, then loaded at fixed
// concurrency for a fixed time. SQL statements per request come from the server's own counter.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { startServerChild } from './child.js';
import { SEARCH_TERMS } from './corpus-words.js';
import { fetchStats, type LoadResult, postGraphQL, runLoad } from './load.js';
import {
  benchQuery,
  cursorWalkQuery,
  QUERY_NAMES,
  type QueryInputs,
  type QueryName,
  type Server,
  walkEndCursor,
} from './queries.js';

export interface ServerSpec {
  id: string;
  label: string;
  kind: Server;
  node: string;
  args: string[];
  env: Record<string, string>;
  /** SQL run on the database before this server starts (a proposed index); such servers go last. */
  setupSql?: string;
}

export interface QueryRow {
  server: ServerSpec;
  query: QueryName;
  load: LoadResult;
  statementsPerRequest: number;
  /** CPU time of the server process (user + system) per request: less sensitive to a busy machine than req/s. */
  cpuMsPerRequest: number;
  /** CPU time of the PostgreSQL backends serving the benchmark database, per request. */
  dbCpuMsPerRequest: number;
  firstTitle: string;
}

export interface QueryBenchOptions {
  servers: ServerSpec[];
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** Row of the deep page's cursor; lowered to fit a small database. */
  deepRow: number;
  log: (line: string) => void;
}

export interface QueryBenchResult {
  rows: QueryRow[];
  inputs: QueryInputs;
  deepRow: number;
  searchMatches: number;
  tableRows: { articles: number; stubs: number; relatedLinks: number };
}

/** Database facts the queries need: a well-connected article's URL, the search term's match count. */
async function describeDatabase(url: string, search: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (sql: string, params: unknown[] = []) => Object.values((await client.query(sql, params)).rows[0] ?? {})[0];
    return {
      url: String(
        await one(`SELECT a.web_url FROM article a JOIN related_link r ON r.source_id = a.id
        WHERE NOT a.is_stub GROUP BY a.id ORDER BY count(*) DESC, a.id LIMIT 1`),
      ),
      searchMatches: Number(
        await one(
          `SELECT count(*) FROM article_search s JOIN article a ON a.id = s.article_id
        WHERE NOT a.is_stub AND s.document @@ plainto_tsquery('english', $1)`,
          [search],
        ),
      ),
      articles: Number(await one('SELECT count(*) FROM article WHERE NOT is_stub')),
      stubs: Number(await one('SELECT count(*) FROM article WHERE is_stub')),
      undated: Number(await one('SELECT count(*) FROM article WHERE published_at IS NULL')),
      relatedLinks: Number(await one('SELECT count(*) FROM related_link')),
    };
  } finally {
    await client.end();
  }
}

/** CPU time (user + system) of a process so far, from /proc (clock ticks of 10 ms on Linux). */
function processCpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime (fields 14 and 15 of stat)
}

/** CPU ms so far of each PostgreSQL backend connected to the database (but not of `client`'s own). */
async function backendCpuMs(client: pg.Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      cpu.set(pid, processCpuMs(pid));
    } catch {
      // the backend exited between the query and the read
    }
  }
  return cpu;
}

const cpuDelta = (before: Map<number, number>, after: Map<number, number>) =>
  [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

async function execute(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function walkToRow(endpoint: string, kind: Server, row: number): Promise<string> {
  let after: string | null = null;
  for (let page = 0; page < row / 100; page++) {
    const response = await postGraphQL(endpoint, cursorWalkQuery(kind, after));
    const cursor = walkEndCursor(kind, response.data);
    if (response.errors || !cursor)
      throw new Error(`walking ${kind} to row ${row}: ${JSON.stringify(response.errors ?? response.data)}`);
    after = cursor;
  }
  return after ?? '';
}

export async function runQueryBench(databaseUrl: string, options: QueryBenchOptions): Promise<QueryBenchResult> {
  const facts = await describeDatabase(databaseUrl, SEARCH_TERMS.middling);
  // Ours sorts undated rows last, PostGraphile first: the deep pages only match when there are none.
  if (facts.undated > 0) options.log(`  warning: ${facts.undated} undated articles; deep pages may differ`);
  const totalRows = facts.articles + facts.stubs;
  const deepRow = Math.max(100, Math.min(options.deepRow, Math.floor((totalRows - 2 * 50) / 100) * 100));
  const inputs: QueryInputs = { url: facts.url, search: SEARCH_TERMS.middling, deepCursor: { ours: '', postgraphile: '' } };
  const rows: QueryRow[] = [];

  for (const spec of options.servers) {
    if (spec.setupSql) await execute(databaseUrl, spec.setupSql);
    const child = await startServerChild(spec.node, spec.args, { ...spec.env, DATABASE_URL: databaseUrl });
    const observer = new pg.Client({ connectionString: databaseUrl });
    await observer.connect();
    const origin = `http://127.0.0.1:${child.port}`;
    const endpoint = `${origin}/graphql`;
    try {
      if (!inputs.deepCursor[spec.kind]) inputs.deepCursor[spec.kind] = await walkToRow(endpoint, spec.kind, deepRow);
      for (const name of QUERY_NAMES) {
        const { firstTitle, ...body } = benchQuery(spec.kind, name, inputs);
        const check = await postGraphQL(endpoint, body);
        const title = firstTitle(check.data);
        if (check.errors || !title)
          throw new Error(`${spec.label}, ${name}: ${JSON.stringify(check.errors ?? check.data).slice(0, 500)}`);
        if (options.warmupSeconds > 0)
          await runLoad(endpoint, body, { connections: options.connections, seconds: options.warmupSeconds });
        const before = await fetchStats(origin);
        const cpuBefore = processCpuMs(child.process.pid);
        const dbBefore = await backendCpuMs(observer);
        const load = await runLoad(endpoint, body, { connections: options.connections, seconds: options.seconds });
        const cpuAfter = processCpuMs(child.process.pid);
        const dbAfter = await backendCpuMs(observer);
        const after = await fetchStats(origin);
        const served = Math.max(1, after.requests - before.requests);
        const statementsPerRequest = (after.statements - before.statements) / served;
        const cpuMsPerRequest = (cpuAfter - cpuBefore) / served;
        const dbCpuMsPerRequest = cpuDelta(dbBefore, dbAfter) / served;
        rows.push({
          server: spec,
          query: name,
          load,
          statementsPerRequest,
          cpuMsPerRequest,
          dbCpuMsPerRequest,
          firstTitle: title,
        });
        options.log(
          `  ${spec.label}, ${name}: ${Math.round(load.reqPerSec)} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, ${statementsPerRequest.toFixed(2)} SQL/req, CPU ms/req ${cpuMsPerRequest.toFixed(1)} server + ${dbCpuMsPerRequest.toFixed(1)} PostgreSQL`,
        );
        if (load.errors || load.non2xx)
          throw new Error(`${spec.label}, ${name}: ${load.errors} errors, ${load.non2xx} non-2xx responses`);
      }
    } finally {
      await observer.end();
      await child.stop();
    }
  }
  return {
    rows,
    inputs,
    deepRow,
    searchMatches: facts.searchMatches,
    tableRows: { articles: facts.articles, stubs: facts.stubs, relatedLinks: facts.relatedLinks },
  };
}
