// One measurement of the query benchmark: a running server child, one query at a fixed number of
// connections for a fixed time, with the server's CPU, its PostgreSQL backends' CPU and its SQL statements
// over the measured window. Also the CPU of every other server child over the same window, so a report can
// show that idle servers left the measured one alone.
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { ServerChild } from './child.js';
import { fetchStats, type GraphQLBody, type LoadResult, runLoad } from './load.js';

/** CPU time (user + system) of a process so far, from /proc (clock ticks of 10 ms on Linux). */
export function processCpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime (fields 14 and 15 of stat)
}

/**
 * CPU ms so far of each PostgreSQL backend of one server: those connected with its application_name (each
 * server child's DATABASE_URL names it), so the pools other servers keep open are never counted.
 */
async function backendCpuMs(observer: pg.Client, applicationName: string): Promise<Map<number, number>> {
  const { rows } = await observer.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
    [applicationName],
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

/** A PostgreSQL URL whose connections carry `name` as application_name (pg reads it from the URL). */
export function withApplicationName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('application_name', name);
  return parsed.toString();
}

export interface Measured {
  load: LoadResult;
  statementsPerRequest: number;
  /** CPU time of the server process (user + system) per request: less sensitive to a busy machine than req/s. */
  cpuMsPerRequest: number;
  /** CPU time of the server's PostgreSQL backends per request (0 on SQLite: it runs inside the server). */
  dbCpuMsPerRequest: number;
  /** CPU ms of every other server child over the measured window (idle servers should show ~0). */
  othersCpuMs: number;
  /** The other server that used the most CPU over the window, and how much. */
  busiestOther: { label: string; cpuMs: number } | null;
  seconds: number;
}

export interface MeasureTarget {
  child: ServerChild;
  /** The observer connection to the server's PostgreSQL database and its application_name; none on SQLite. */
  postgres?: { observer: pg.Client; applicationName: string };
  /** The other running server children. */
  others: { label: string; child: ServerChild }[];
  /** The server measured just before, if another: waited for until it is quiet. */
  previous?: ServerChild;
}

/**
 * Waits until the server measured before is quiet (at most 20 ms of CPU in 200 ms): one still answering the
 * requests in flight when its measurement ended, or collecting their garbage, would otherwise run beside
 * the next measurement. Gives up after `maxMs` (its CPU then shows in `othersCpuMs`).
 */
async function settle(previous: ServerChild, maxMs = 3_000): Promise<void> {
  const gone = () => previous.process.exitCode !== null || previous.process.signalCode !== null;
  const cpu = () => (gone() ? null : processCpuMs(previous.process.pid));
  const deadline = Date.now() + maxMs;
  try {
    let last = cpu();
    while (last !== null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const now = cpu();
      if (now === null || now - last <= 20) return;
      last = now;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // it exited between the check and the read
  }
}

export async function measure(
  target: MeasureTarget,
  body: GraphQLBody,
  options: { connections: number; seconds: number; warmupSeconds: number },
): Promise<Measured> {
  const origin = `http://127.0.0.1:${target.child.port}`;
  const endpoint = `${origin}/graphql`;
  const { connections } = options;
  if (target.previous && target.previous !== target.child) await settle(target.previous);
  if (options.warmupSeconds > 0) await runLoad(endpoint, body, { connections, seconds: options.warmupSeconds });
  const dbCpu = async () =>
    target.postgres ? backendCpuMs(target.postgres.observer, target.postgres.applicationName) : new Map<number, number>();
  const othersCpu = () => target.others.map((other) => processCpuMs(other.child.process.pid));
  const before = await fetchStats(origin);
  const dbBefore = await dbCpu();
  const othersBefore = othersCpu();
  const cpuBefore = processCpuMs(target.child.process.pid);
  const load = await runLoad(endpoint, body, { connections, seconds: options.seconds });
  const cpuAfter = processCpuMs(target.child.process.pid);
  const othersAfter = othersCpu();
  const dbAfter = await dbCpu();
  const after = await fetchStats(origin);
  const served = Math.max(1, after.requests - before.requests);
  return {
    load,
    statementsPerRequest: (after.statements - before.statements) / served,
    cpuMsPerRequest: (cpuAfter - cpuBefore) / served,
    dbCpuMsPerRequest: cpuDelta(dbBefore, dbAfter) / served,
    othersCpuMs: othersAfter.reduce((sum, ms, i) => sum + ms - othersBefore[i]!, 0),
    busiestOther: target.others.reduce<Measured['busiestOther']>((busiest, other, i) => {
      const cpuMs = othersAfter[i]! - othersBefore[i]!;
      return cpuMs > (busiest?.cpuMs ?? 0) ? { label: other.label, cpuMs } : busiest;
    }, null),
    seconds: options.seconds,
  };
}
