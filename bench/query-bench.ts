// Query benchmark: every server in a child process of its own, all started once and kept up through the
// rounds (an idle server polls nothing; each measurement records the other servers' CPU to show what they
// cost), each query checked on each server (no errors; the first article is compared between servers), then
// measured in interleaved rounds: every round runs connections × query × server in the same order, each a
// short warm-up then a fixed time at fixed concurrency. With restartPerRound, each round instead starts each
// server alone, measures all its connections × queries, and stops it. Servers scheduled "once" (variants kept
// for reference) are started alone after the rounds, measured one time, and stopped. The report gives each
// figure's median of the rounds.
import pg from 'pg';
import { type ServerChild, startServerChild } from './child.js';
import { SEARCH_TERMS } from './corpus-words.js';
import { postGraphQL } from './load.js';
import {
  benchQuery,
  cursorWalkQuery,
  QUERY_NAMES,
  type QueryInputs,
  type QueryName,
  type Server,
  walkEndCursor,
} from './queries.js';
import { type Measured, measure, withApplicationName } from './query-measure.js';

export type BenchDatabase = 'postgresql' | 'sqlite';

export interface ServerSpec {
  id: string;
  label: string;
  kind: Server;
  node: string;
  args: string[];
  env: Record<string, string>;
  database: BenchDatabase;
  /** 'rounds': measured in every round; 'once': measured a single time after the rounds. */
  schedule: 'rounds' | 'once';
}

/** One measurement: a server, a query, a number of connections, a round. */
export interface Sample extends Measured {
  server: ServerSpec;
  query: QueryName;
  connections: number;
  round: number;
}

export interface QueryBenchOptions {
  servers: ServerSpec[];
  connections: number[];
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  /** Row of the deep page's cursor; lowered to fit a small database. */
  deepRow: number;
  /**
   * Start each server anew in every round and run it alone (all its measurements in a row, then stopped),
   * instead of starting every server once and keeping them all up through the rounds.
   */
  restartPerRound: boolean;
  log: (line: string) => void;
}

export interface QueryBenchResult {
  samples: Sample[];
  restartPerRound: boolean;
  /** The first article each server returned for each query (its check request). */
  firstTitles: { server: ServerSpec; query: QueryName; title: string }[];
  rounds: number;
  connections: number[];
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

interface Running {
  spec: ServerSpec;
  child: ServerChild;
  observer?: pg.Client;
  applicationName: string;
  inputs: QueryInputs;
}

export async function runQueryBench(
  databases: { postgresql: string; sqlite?: string },
  options: QueryBenchOptions,
): Promise<QueryBenchResult> {
  const started = Date.now();
  const facts = await describeDatabase(databases.postgresql, SEARCH_TERMS.middling);
  // Ours sorts undated rows last, PostGraphile first: the deep pages only match when there are none.
  if (facts.undated > 0) options.log(`  warning: ${facts.undated} undated articles; deep pages may differ`);
  const totalRows = facts.articles + facts.stubs;
  const deepRow = Math.max(100, Math.min(options.deepRow, Math.floor((totalRows - 2 * 50) / 100) * 100));
  const inputs: QueryInputs = { url: facts.url, search: SEARCH_TERMS.middling, deepCursor: { ours: '', postgraphile: '' } };
  /** Cursors are the server's own and its database's: walked once per (kind, database). */
  const cursors = new Map<string, string>();
  const firstTitles: QueryBenchResult['firstTitles'] = [];
  const samples: Sample[] = [];
  const running: Running[] = [];
  /** The server measured (or started) last: the next measurement waits until it is quiet. */
  let previous: ServerChild | undefined;

  const start = async (spec: ServerSpec): Promise<Running> => {
    const applicationName = `bench-${spec.id}`.slice(0, 63);
    const url = spec.database === 'sqlite' ? databases.sqlite : withApplicationName(databases.postgresql, applicationName);
    if (!url) throw new Error(`${spec.label} needs a SQLite database`);
    const child = await startServerChild(spec.node, spec.args, { ...spec.env, DATABASE_URL: url });
    let observer: pg.Client | undefined;
    if (spec.database === 'postgresql') {
      observer = new pg.Client({ connectionString: databases.postgresql });
      await observer.connect();
    }
    const endpoint = `http://127.0.0.1:${child.port}/graphql`;
    const cursorKey = `${spec.kind}:${spec.database}`;
    if (!cursors.has(cursorKey)) cursors.set(cursorKey, await walkToRow(endpoint, spec.kind, deepRow));
    const own: QueryInputs = { ...inputs, deepCursor: { ...inputs.deepCursor, [spec.kind]: cursors.get(cursorKey)! } };
    for (const name of QUERY_NAMES) {
      const { firstTitle, ...body } = benchQuery(spec.kind, name, own);
      const check = await postGraphQL(endpoint, body);
      const title = firstTitle(check.data);
      if (check.errors || !title)
        throw new Error(`${spec.label}, ${name}: ${JSON.stringify(check.errors ?? check.data).slice(0, 500)}`);
      if (!firstTitles.some((t) => t.server === spec && t.query === name)) firstTitles.push({ server: spec, query: name, title });
    }
    const server: Running = { spec, child, applicationName, inputs: own, ...(observer ? { observer } : {}) };
    running.push(server);
    return server;
  };
  const stop = async (server: Running) => {
    running.splice(running.indexOf(server), 1);
    if (previous === server.child) previous = undefined;
    await server.observer?.end();
    await server.child.stop();
  };

  const measureOne = async (server: Running, name: QueryName, connections: number, round: number) => {
    const { firstTitle: _, ...body } = benchQuery(server.spec.kind, name, server.inputs);
    const measured = await measure(
      {
        child: server.child,
        others: running.filter((r) => r !== server).map((r) => ({ label: r.spec.label, child: r.child })),
        ...(previous ? { previous } : {}),
        ...(server.observer ? { postgres: { observer: server.observer, applicationName: server.applicationName } } : {}),
      },
      body,
      { connections, seconds: options.seconds, warmupSeconds: options.warmupSeconds },
    );
    const { load, busiestOther } = measured;
    const others = busiestOther
      ? `; other servers ${measured.othersCpuMs} ms CPU (${busiestOther.label} ${busiestOther.cpuMs})`
      : '';
    options.log(
      `  ${round ? `round ${round}` : 'once'}, ${connections} conn, ${server.spec.label}, ${name}: ${Math.round(load.reqPerSec)} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms, ${measured.statementsPerRequest.toFixed(2)} SQL/req, CPU ms/req ${measured.cpuMsPerRequest.toFixed(1)} server + ${measured.dbCpuMsPerRequest.toFixed(1)} PostgreSQL${others}`,
    );
    if (load.errors || load.non2xx)
      throw new Error(`${server.spec.label}, ${name}: ${load.errors} errors, ${load.non2xx} non-2xx responses`);
    samples.push({ ...measured, server: server.spec, query: name, connections, round });
    previous = server.child;
  };
  /** One server alone: started, every connections × query measured, stopped. */
  const alone = async (spec: ServerSpec, round: number) => {
    const server = await start(spec);
    try {
      for (const connections of options.connections)
        for (const name of QUERY_NAMES) await measureOne(server, name, connections, round);
    } finally {
      await stop(server);
    }
  };

  try {
    const roundSpecs = options.servers.filter((s) => s.schedule === 'rounds');
    const inRounds: Running[] = [];
    if (!options.restartPerRound) for (const spec of roundSpecs) inRounds.push(await start(spec));
    previous = inRounds.at(-1)?.child; // busy starting and answering its checks until just now
    for (let round = 1; round <= options.rounds; round++) {
      options.log(`  round ${round} of ${options.rounds} (${((Date.now() - started) / 1000).toFixed(0)} s into the query phase)`);
      if (options.restartPerRound) for (const spec of roundSpecs) await alone(spec, round);
      else
        for (const connections of options.connections)
          for (const name of QUERY_NAMES) for (const server of inRounds) await measureOne(server, name, connections, round);
    }
    for (const server of inRounds) await stop(server);
    options.log(`  rounds done (${((Date.now() - started) / 1000).toFixed(0)} s into the query phase)`);
    for (const spec of options.servers.filter((s) => s.schedule === 'once')) await alone(spec, 0);
  } finally {
    for (const server of [...running]) await stop(server);
  }
  return {
    samples,
    restartPerRound: options.restartPerRound,
    firstTitles,
    rounds: options.rounds,
    connections: options.connections,
    inputs,
    deepRow,
    searchMatches: facts.searchMatches,
    tableRows: { articles: facts.articles, stubs: facts.stubs, relatedLinks: facts.relatedLinks },
  };
}
