// The API's hot reads (every loader, every listing page) run on the driver itself, not through Prisma's
// query engine: a statement through `$queryRaw` costs ~0.3 ms of client CPU before any SQL runs and turns
// each row into objects twice. Here a statement's text is prepared once and reused (better-sqlite3's
// prepared statements; PostgreSQL named prepared statements on each pooled connection), and rows come back
// as plain objects with this project's types: integers as numbers, timestamps as Dates, booleans as booleans.
// Writes, transactions and migrations stay on Prisma (src/db/client.ts).
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { Prisma } from '../generated/sqlite/client.js';
import type { SqlStatement } from './client.js';
import { assertNamed, statementName } from './statements.js';

export type SqlRow = Record<string, unknown>;

export interface ReadOptions {
  /**
   * Plan the statement for its values on every execution: on PostgreSQL it then runs unnamed. A named prepared
   * statement settles on one generic plan after five executions, and a full-text search's generic plan cannot
   * know how many rows its term matches (it guessed 75 of 2,999 and took 10.4 ms against 6.8 on the 10k
   * corpus). SQLite plans no differently for the values, so its prepared statements stay.
   */
  planEach?: boolean;
}

export interface SqlReader {
  /** The rows of a named SELECT (see src/db/statements.ts), as plain objects keyed by column alias. */
  rows(query: Prisma.Sql, options?: ReadOptions): Promise<SqlRow[]>;
  close(): Promise<void>;
}

/** Runs a named SELECT on a reader; the caller states the rows' shape (see the stores in src/db). */
export async function readRows<T extends object>(reader: SqlReader, query: Prisma.Sql, options?: ReadOptions): Promise<T[]> {
  assertNamed(query);
  return (await reader.rows(query, options)) as T[];
}

/** Where a statement sent outside Prisma is reported: Database.onStatement's listeners. */
export type ReportStatement = (statement: SqlStatement) => void;

/** Set while tracing is on (src/server/tracing.ts): each read is then a span below the operation that sent it. */
let tracer: Tracer | null = null;

export function traceReads(next: Tracer | null): void {
  tracer = next;
}

/** Runs a read, inside a span of its own when tracing is on (Prisma's instrumentation covers the rest). */
function traced<T>(system: 'sqlite' | 'postgresql', text: string, read: () => Promise<T>): Promise<T> {
  if (!tracer) return read();
  const name = statementName(text);
  return tracer.startActiveSpan(
    `db_query ${name}`,
    { kind: SpanKind.CLIENT, attributes: { 'db.system.name': system, 'db.query.summary': name, 'db.query.text': text } },
    async (span) => {
      try {
        return await read();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** Distinct statement texts kept prepared: listings with many filter shapes must not grow it without end. */
const MAX_PREPARED = 500;

/** A Map that forgets its least recently used entry past `limit`. */
function boundedCache<V>(limit: number, evicted: (value: V) => void = () => {}) {
  const entries = new Map<string, V>();
  return {
    get(key: string, create: () => V): V {
      let value = entries.get(key);
      if (value !== undefined) {
        // Most recently used last: eviction takes the first.
        entries.delete(key);
        entries.set(key, value);
      } else {
        value = create();
        if (entries.size >= limit) {
          const [oldest] = entries;
          if (oldest) {
            entries.delete(oldest[0]);
            evicted(oldest[1]);
          }
        }
        entries.set(key, value);
      }
      return value;
    },
  };
}

function reportParams(values: readonly unknown[]): string {
  return JSON.stringify(values, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

// --- SQLite --------------------------------------------------------------------------------------------------

/** How Prisma's SQLite adapter stores a DateTime (ISO 8601, "+00:00"): parameters must compare as stored. */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00');
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * A reader on its own connection to the SQLite file: WAL mode (set by the Prisma client opened first) lets it
 * read the last committed state while a writer works. `query_only` makes a write through it an error.
 */
export function sqliteReader(file: string, report: ReportStatement): SqlReader {
  const handle = new SqliteDatabase(file, { timeout: 30_000 });
  handle.pragma('query_only = ON');
  const statements = boundedCache<SqliteDatabase.Statement>(MAX_PREPARED);
  return {
    rows(query) {
      const sql = query.sql;
      return traced('sqlite', sql, () => {
        const values = query.values.map(sqliteValue);
        const started = performance.now();
        const rows = statements.get(sql, () => handle.prepare(sql)).all(...values) as SqlRow[];
        report({ name: statementName(sql), sql, params: reportParams(query.values), durationMs: performance.now() - started });
        return Promise.resolve(rows);
      });
    },
    close() {
      handle.close();
      return Promise.resolve();
    },
  };
}

/** SQLite answers dates as stored text and booleans as 0/1; the stores convert the columns they know. */
export function sqliteDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(typeof value === 'number' || typeof value === 'bigint' ? Number(value) : String(value));
}

// --- PostgreSQL ----------------------------------------------------------------------------------------------

const TIMESTAMP_OID = 1114;
const INT8_OID = 20;

/**
 * Prisma's DateTime is `timestamp(3)` without a time zone, holding UTC: read and written as UTC whatever the
 * server process's zone (node-postgres would read it as local time). COUNT(*) is int8: a number here.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMP_OID) return parseUtcTimestamp;
    if (oid === INT8_OID) return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format);
  },
};

const digits = (text: string, from: number, to: number) => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
};
/** "YYYY-MM-DD HH:MM:SS" with up to 6 fraction digits, as PostgreSQL writes a timestamp of years 1000-9999. */
const plainTimestamp = (text: string) =>
  (text.length === 19 || (text.length >= 21 && text.length <= 26 && text.charCodeAt(19) === 46)) &&
  text.charCodeAt(4) === 45 &&
  text.charCodeAt(7) === 45 &&
  text.charCodeAt(10) === 32 &&
  text.charCodeAt(13) === 58 &&
  text.charCodeAt(16) === 58 &&
  text.charCodeAt(0) !== 48;

/**
 * A `timestamp` column's text as the UTC instant it holds. Read from its digits when it has the plain form
 * (every row of a page has a date or two: string surgery and Date's parser were 1.7 % of the dashboard's
 * CPU); anything else (BC years, infinity, years past 9999) through Date's parser as before.
 */
export function parseUtcTimestamp(text: string): Date {
  if (!plainTimestamp(text)) return new Date(`${text.replace(' ', 'T')}Z`);
  const fraction = text.length > 20 ? digits(`${text.slice(20)}00`, 0, 3) : 0;
  return new Date(
    Date.UTC(
      digits(text, 0, 4),
      digits(text, 5, 7) - 1,
      digits(text, 8, 10),
      digits(text, 11, 13),
      digits(text, 14, 16),
      digits(text, 17, 19),
      fraction,
    ),
  );
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A Date parameter as a UTC `timestamp` literal (what Prisma's adapter sends for a DateTime column). */
function pgValue(value: unknown): unknown {
  if (!(value instanceof Date)) return value;
  return `${pad(value.getUTCFullYear(), 4)}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())} ${pad(value.getUTCHours())}:${pad(
    value.getUTCMinutes(),
  )}:${pad(value.getUTCSeconds())}.${pad(value.getUTCMilliseconds(), 3)}`;
}

/**
 * A reader on the pool the Prisma client's adapter also uses (one pool, one connection limit). Each distinct
 * statement text gets a stable name, so each pooled connection parses and plans it once (named prepared
 * statement) and later runs only bind and execute.
 */
export function postgresReader(pool: pg.Pool, report: ReportStatement, options: { prepare: boolean }): SqlReader {
  const names = boundedCache<string | null>(MAX_PREPARED * 2);
  let named = 0;
  const nameOf = (text: string) =>
    names.get(text, () =>
      // Past the limit a text runs unnamed: pooled connections would otherwise keep every shape ever seen.
      options.prepare && named++ < MAX_PREPARED ? `news_${createHash('sha1').update(text).digest('hex').slice(0, 16)}` : null,
    );
  return {
    rows(query, options) {
      const text = query.text;
      return traced('postgresql', text, async () => {
        const name = options?.planEach ? null : nameOf(text);
        const started = performance.now();
        const result = await pool.query<SqlRow>({
          text,
          values: query.values.map(pgValue),
          types: pgTypes,
          ...(name ? { name } : {}),
        });
        report({
          name: statementName(text),
          sql: text,
          params: reportParams(query.values),
          durationMs: performance.now() - started,
        });
        return result.rows;
      });
    },
    close: () => Promise.resolve(),
  };
}

/**
 * A database whose API reads fail once `stop.signal` is aborted (set later, when the operation starts): a
 * request past its time limit, or whose client left, sends no further SQL. Everything else is `db`'s own.
 */
export function readsStoppable<D extends { readonly reader: SqlReader }>(db: D, stop: { signal?: AbortSignal }): D {
  const reader = db.reader;
  return {
    ...db,
    reader: {
      rows(query, options) {
        const signal = stop.signal;
        if (signal?.aborted) return Promise.reject(signal.reason);
        return reader.rows(query, options);
      },
      close: () => reader.close(),
    },
  };
}
