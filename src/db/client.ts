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
      'DATABASE_POOL_SIZE' | 'DATABASE_STATEMENT_TIMEOUT_MS' | 'DATABASE_SSL' | 'DATABASE_SSL_CA_FILE' | 'DATABASE_REPLICA_URLS'
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
  const replicas: Db[] = [];
  let dataStamp: () => Promise<DataStamp | null>;
  /** Driver handles of our own (the data-version reads), closed after the clients. */
  let closeDriver: () => Promise<void>;
  if (dialect === 'sqlite') {
    const file = sqlitePathForUrl(options.DATABASE_URL);
    mkdirSync(dirname(file), { recursive: true });
    // timeout: how long a writer waits for another process's lock (two seeders on one file) before failing.
    prisma = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: 30_000 }), log: [...log], comments });
    const reader = sqliteDataStampReader(file, reportStatement);
    dataStamp = reader.read;
    closeDriver = async () => reader.close();
  } else {
    // The primary's pool is ours, shared with Prisma's adapter, so the data-version reads can use it directly.
    const pool = new pg.Pool(postgresPoolConfig(options, options.DATABASE_URL));
    const postgres = (adapter: PrismaPg) => new PostgresClient({ adapter, log: [...log], comments }) as unknown as Db;
    prisma = postgres(new PrismaPg(pool));
    for (const url of options.DATABASE_REPLICA_URLS ?? [])
      replicas.push(postgres(new PrismaPg(postgresPoolConfig(options, url))));
    // An idle connection's error (the server restarted) must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    dataStamp = postgresDataStampReader(pool, reportStatement);
    closeDriver = async () => {
      if (!pool.ended) await pool.end();
    };
  }
  for (const client of [prisma, ...replicas]) report(client);

  if (dialect === 'sqlite') {
    // WAL lets readers proceed during a seed; NORMAL sync is durable at every commit in WAL mode except on
    // power loss; foreign keys are off by default in SQLite and the schema relies on their cascades.
    await prisma.$queryRawUnsafe('/* sqliteSettings */ PRAGMA journal_mode = WAL');
    await prisma.$executeRawUnsafe('/* sqliteSettings */ PRAGMA synchronous = NORMAL');
    await prisma.$executeRawUnsafe('/* sqliteSettings */ PRAGMA foreign_keys = ON');
  }

  return {
    prisma,
    get read() {
      return replicas.length ? replicas[Math.floor(Math.random() * replicas.length)]! : prisma;
    },
    replicas,
    dialect,
    dataStamp,
    onStatement(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      await Promise.all([prisma, ...replicas].map((client) => client.$disconnect()));
      await closeDriver();
    },
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
