// The response cache's freshness check (src/server/response-cache.ts) reads the data version of the write
// journal (src/db/change-store.ts) on every cached request, so it goes through the database driver itself, not
// Prisma (whose client costs a fraction of a millisecond of CPU per statement): on SQLite a better-sqlite3
// handle of its own (a synchronous primary-key read, microseconds), on PostgreSQL the pg pool Prisma's adapter
// also uses. The statement keeps its name (`/* dataVersion */`) and is reported to Database.onStatement's
// listeners like every statement Prisma sends.
//
// PostgreSQL reads are coalesced without ever answering from the past: a caller may only be given a read that
// was sent after it called (a read already in flight may have taken its snapshot before a write the caller
// saw completed). So a caller arriving while a read is in flight waits for the next read, which starts when
// the one in flight ends and serves every caller that arrived meanwhile: at most one read in flight and one
// waiting, however many requests are.
import BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import type { DataStamp } from './change-store.js';
import type { ReportStatement } from './reader.js';

/** The name of the statement that reads the data version (the same as change-store's reads of it). */
export const DATA_VERSION_STATEMENT = 'dataVersion';
const DATA_VERSION_SQL = `/* ${DATA_VERSION_STATEMENT} */ SELECT version, database_id FROM data_version WHERE id = 1`;

type StampRow = [version: number | bigint | string, databaseId: string];

const stampOf = (row: StampRow | undefined): DataStamp | null =>
  row ? { version: Number(row[0]), databaseId: String(row[1]) } : null;

/**
 * SQLite: reads the data version through a better-sqlite3 connection of its own to `file`, opened on first use
 * (after openDatabase's settings; the database may not be migrated yet either). In WAL mode a read sees every
 * transaction committed before it started, by any connection or process, and never waits for a writer.
 * Synchronous: the read happens when the function is called, so no caller is ever given an older one.
 */
export function sqliteDataStampReader(
  file: string,
  report: ReportStatement,
): { read: () => Promise<DataStamp | null>; close: () => void } {
  let handle: BetterSqlite3.Database | undefined;
  let statement: BetterSqlite3.Statement<[], StampRow> | undefined;
  let closed = false;
  return {
    read() {
      const started = performance.now();
      try {
        if (closed) throw new Error('the database is closed');
        handle ??= new BetterSqlite3(file, { timeout: 30_000, fileMustExist: true });
        statement ??= handle.prepare<[], StampRow>(DATA_VERSION_SQL).raw(true);
        return Promise.resolve(stampOf(statement.get()));
      } catch (error) {
        return Promise.reject(error);
      } finally {
        report({ name: DATA_VERSION_STATEMENT, sql: DATA_VERSION_SQL, params: '[]', durationMs: performance.now() - started });
      }
    },
    close() {
      closed = true;
      handle?.close();
    },
  };
}

/**
 * PostgreSQL: reads the data version through `pool`, coalesced as the top of this file says. An unnamed statement
 * without parameters (one simple-protocol round trip), never a named prepared one: PgBouncer's transaction
 * pooling stays supported (docs/scaling.md).
 */
export function postgresDataStampReader(pool: pg.Pool, report: ReportStatement): () => Promise<DataStamp | null> {
  return coalesceAfterCall(async () => {
    const started = performance.now();
    try {
      const result = await pool.query<StampRow>({ text: DATA_VERSION_SQL, rowMode: 'array' });
      return stampOf(result.rows[0]);
    } finally {
      report({ name: DATA_VERSION_STATEMENT, sql: DATA_VERSION_SQL, params: '[]', durationMs: performance.now() - started });
    }
  });
}

/**
 * Shares calls of `read` between concurrent callers, but only reads started after a caller called: the first
 * caller starts a read at once; callers arriving while it is in flight share the next read, started as soon as
 * the one in flight settles (whether it succeeded or failed).
 */
export function coalesceAfterCall<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight = false;
  let waiting: { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } | undefined;
  const start = (): Promise<T> => {
    inFlight = true;
    let sent: Promise<T>;
    try {
      sent = read();
    } catch (error) {
      sent = Promise.reject(error);
    }
    const settled = () => {
      inFlight = false;
      const joined = waiting;
      waiting = undefined;
      if (joined) start().then(joined.resolve, joined.reject);
    };
    sent.then(settled, settled);
    return sent;
  };
  return () => {
    if (!inFlight) return start();
    if (!waiting) {
      let resolve!: (value: T) => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      waiting = { promise, resolve, reject };
    }
    return waiting.promise;
  };
}
