// The one Prisma client factory: picks the SQLite or PostgreSQL generated client and driver adapter from
// DATABASE_URL, applies per-connection settings, and reports every SQL statement with its name (LOG_SQL,
// metrics, statement counts).
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { Settings } from '../config.js';
import { PrismaClient as PostgresClient } from '../generated/postgresql/client.js';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client.js';
import type { DataStamp } from './change-store.js';
import { postgresDataStampReader, sqliteDataStampReader } from './data-version-reads.js';
import { dialectForUrl, type SqlDialect, sqlitePathForUrl } from './dialect.js';
import { postgresReader, type SqlReader, sqliteReader } from './reader.js';
import { statementName, statementNameComment } from './statements.js';

/**
 * Both generated clients have the same models and the same API for what this project uses, so one type
 * serves both: the SQLite one. PostgreSQL-only options (e.g. `mode: 'insensitive'`) are never used.
 */
export type Db = SqliteClient;
export type { Prisma } from '../generated/sqlite/client.js';

export interface SqlStatement {
  /** The statement's name (src/db/statements.ts), e.g. "relatedPage". */
  name: string;
  sql: string;
  params: string;
  durationMs: number;
}

export interface Database {
  /** The primary: every write, and reads that must see them (the loader, migrations). */
  prisma: Db;
  /**
   * The client for API reads: a read replica picked at random when DATABASE_REPLICA_URLS names some,
   * otherwise the primary. Read it at each query (it is a getter) so queries spread over the replicas.
   */
  readonly read: Db;
  /** The read replicas (DATABASE_REPLICA_URLS), none without them. */
  readonly replicas: readonly Db[];
  /** The driver-level reader of the same database as `read` (a getter too): the API's hot reads, see reader.ts. */
  readonly reader: SqlReader;
  /** The driver-level reader of the primary. */
  primaryReader: SqlReader;
  dialect: SqlDialect;
  /**
   * The primary's data version and database id (src/db/change-store.ts), read through the driver rather than
   * Prisma (src/db/data-version-reads.ts): always by a read sent after the call, which concurrent callers may
   * share. Null when the write journal holds no row; rejects when the database cannot be read.
   */
  dataStamp(): Promise<DataStamp | null>;
  /** Called for every SQL statement the client sends. Returns an unsubscribe function. */
  onStatement(listener: (statement: SqlStatement) => void): () => void;
  close(): Promise<void>;
}

export type DatabaseOptions = Pick<Settings, 'DATABASE_URL'> &
  Partial<
    Pick<
      Settings,
      | 'DATABASE_POOL_SIZE'
      | 'DATABASE_PREPARED_STATEMENTS'
      | 'DATABASE_STATEMENT_TIMEOUT_MS'
      | 'DATABASE_SSL'
      | 'DATABASE_SSL_CA_FILE'
      | 'DATABASE_REPLICA_URLS'
    >
  >;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const dialect = dialectForUrl(options.DATABASE_URL);
  const log = [{ emit: 'event', level: 'query' }] as const;
  const comments = [statementNameComment];
  const listeners = new Set<(statement: SqlStatement) => void>();
  const reportStatement = (statement: SqlStatement) => {
    for (const listener of listeners) listener(statement);
  };
  const report = (client: Db) =>
    (client as unknown as SqliteClient<'query'>).$on('query', (event) =>
      reportStatement({ name: statementName(event.query), sql: event.query, params: event.params, durationMs: event.duration }),
    );

  let prisma: Db;
  let primaryReader: SqlReader;
  const replicas: Db[] = [];
  const replicaReaders: SqlReader[] = [];
  const pools: pg.Pool[] = [];
  let dataStamp: () => Promise<DataStamp | null>;
  /** Driver handles of our own (the data-version reads), closed after the clients. */
  let closeDriver: () => Promise<void> = async () => {};
  if (dialect === 'sqlite') {
    const file = sqlitePathForUrl(options.DATABASE_URL);
    mkdirSync(dirname(file), { recursive: true });
    // timeout: how long a writer waits for another process's lock (two seeders on one file) before failing.
    prisma = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: 30_000 }), log: [...log], comments });
    // Opened after the pragmas below have set WAL mode on the file (see reader.ts).
    primaryReader = lazySqliteReader(file, reportStatement);
    const stampReader = sqliteDataStampReader(file, reportStatement);
    dataStamp = stampReader.read;
    closeDriver = async () => stampReader.close();
  } else {
    // One pool per database, shared by Prisma's adapter and the driver-level reader.
    const postgres = (url: string) => {
      const pool = new pg.Pool(postgresPoolConfig(options, url));
      // An idle connection's error (the server restarted) must not crash the process: the next query reconnects.
      pool.on('error', () => {});
      pools.push(pool);
      const client = new PostgresClient({ adapter: new PrismaPg(pool), log: [...log], comments }) as unknown as Db;
      return {
        pool,
        client,
        reader: postgresReader(pool, reportStatement, { prepare: options.DATABASE_PREPARED_STATEMENTS ?? true }),
      };
    };
    const primary = postgres(options.DATABASE_URL);
    prisma = primary.client;
    primaryReader = primary.reader;
    dataStamp = postgresDataStampReader(primary.pool, reportStatement);
    for (const url of options.DATABASE_REPLICA_URLS ?? []) {
      const replica = postgres(url);
      replicas.push(replica.client);
      replicaReaders.push(replica.reader);
    }
  }
  for (const client of [prisma, ...replicas]) report(client);

  if (dialect === 'sqlite') {
    // WAL lets readers proceed during a seed; NORMAL sync is durable at every commit in WAL mode except on
    // power loss; foreign keys are off by default in SQLite and the schema relies on their cascades.
    await prisma.$queryRawUnsafe('/* sqliteSettings */ PRAGMA journal_mode = WAL');
    await prisma.$executeRawUnsafe('/* sqliteSettings */ PRAGMA synchronous = NORMAL');
    await prisma.$executeRawUnsafe('/* sqliteSettings */ PRAGMA foreign_keys = ON');
  }

  let closing: Promise<void> | null = null;
  const pick = () => (replicas.length ? Math.floor(Math.random() * replicas.length) : -1);
  return {
    prisma,
    get read() {
      const at = pick();
      return at < 0 ? prisma : replicas[at]!;
    },
    replicas,
    get reader() {
      const at = pick();
      return at < 0 ? primaryReader : replicaReaders[at]!;
    },
    primaryReader,
    dialect,
    dataStamp,
    onStatement(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // Idempotent: a second call waits for the first (pools must be ended once).
    close: () =>
      (closing ??= (async () => {
        await Promise.all([prisma, ...replicas].map((client) => client.$disconnect()));
        await Promise.all([primaryReader, ...replicaReaders].map((reader) => reader.close()));
        await closeDriver();
        await Promise.all(pools.map((pool) => (pool.ended ? undefined : pool.end())));
      })()),
  };
}

function postgresPoolConfig(options: DatabaseOptions, connectionString: string) {
  const ssl =
    options.DATABASE_SSL === 'require'
      ? { rejectUnauthorized: false }
      : options.DATABASE_SSL === 'verify-full'
        ? {
            rejectUnauthorized: true,
            ...(options.DATABASE_SSL_CA_FILE ? { ca: readFileSync(options.DATABASE_SSL_CA_FILE, 'utf8') } : {}),
          }
        : undefined;
  const timeout = options.DATABASE_STATEMENT_TIMEOUT_MS ?? 15_000;
  return {
    connectionString,
    max: options.DATABASE_POOL_SIZE ?? 10,
    ...(timeout > 0 ? { statement_timeout: timeout } : {}),
    ...(ssl ? { ssl } : {}),
  };
}

/** Opens the SQLite reader on first use, so the file is in WAL mode by then (openDatabase's pragmas). */
function lazySqliteReader(file: string, report: (statement: SqlStatement) => void): SqlReader {
  let reader: SqlReader | null = null;
  let closed = false;
  return {
    rows(query, options) {
      if (closed) return Promise.reject(new Error('The database is closed'));
      reader ??= sqliteReader(file, report);
      return reader.rows(query, options);
    },
    async close() {
      closed = true;
      await reader?.close();
    },
  };
}
