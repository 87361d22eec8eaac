// Applies pending Prisma Migrate migrations (prisma/<provider>/migrations) without Prisma's schema engine, and
// records them in _prisma_migrations the way Prisma does, so `prisma migrate` accepts the result later.
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { applyPostgresqlMigrations } from './migrate-postgresql.js';
import { applySqliteMigrations } from './migrate-sqlite.js';
import { migrationsDirectory, readMigrationFiles } from './migration-files.js';
import { MigrationError } from './migration-history.js';
import type { Provider } from './provider-schemas.js';

export { MigrationError, type MigrationErrorCode } from './migration-history.js';

/** A raw driver connection; the caller opens and closes it. */
export type MigrationTarget =
  | { provider: 'sqlite'; database: Database.Database }
  | { provider: 'postgresql'; client: pg.ClientBase };

export interface MigrateOptions {
  /** Defaults to this project's prisma/<provider>/migrations. */
  migrationsDir?: string;
  /** Progress messages (e.g. waiting for another process's lock); silent by default. */
  log?: (message: string) => void;
}

export interface MigrateResult {
  /** Names of the migrations this call applied, in order; empty when the database was up to date. */
  applied: string[];
}

/** migration_lock.toml names the provider its migrations were written for; refuse to mix them up. */
function assertLockProvider(directory: string, provider: Provider): void {
  const lockFile = join(directory, 'migration_lock.toml');
  if (!existsSync(lockFile)) return;
  const locked = /^\s*provider\s*=\s*"([^"]+)"/m.exec(readFileSync(lockFile, 'utf8'))?.[1];
  if (locked && locked !== provider) {
    throw new MigrationError('wrong-provider', `${directory} holds ${locked} migrations, not ${provider} ones`);
  }
}

/**
 * Applies every pending migration, each in its own transaction. Safe when several processes start at once
 * (PostgreSQL: Prisma Migrate's advisory lock; SQLite: BEGIN IMMEDIATE, waiting up to the connection's busy
 * timeout). Throws a MigrationError when an applied migration's file changed, when an earlier migration failed
 * unresolved, or when a migration fails (it is then rolled back and recorded as such).
 */
export async function applyMigrations(target: MigrationTarget, options: MigrateOptions = {}): Promise<MigrateResult> {
  const directory = options.migrationsDir ?? migrationsDirectory(target.provider);
  assertLockProvider(directory, target.provider);
  const files = readMigrationFiles(directory);
  const log = options.log ?? (() => {});
  const applied =
    target.provider === 'sqlite'
      ? applySqliteMigrations(target.database, files, log)
      : await applyPostgresqlMigrations(target.client, files, log);
  return { applied };
}

export function providerForUrl(databaseUrl: string): Provider {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return 'postgresql';
  if (databaseUrl.startsWith('file:')) return 'sqlite';
  throw new Error(`Unsupported DATABASE_URL ${JSON.stringify(databaseUrl)}: expected file:… (SQLite) or postgresql://…`);
}

/** The absolute path of a SQLite `file:` URL; relative paths (`file:./data/news.db`) resolve from the cwd. */
export function sqlitePathForUrl(databaseUrl: string): string {
  const withoutQuery = databaseUrl.split('?')[0] ?? '';
  const path = withoutQuery.startsWith('file://') ? fileURLToPath(withoutQuery) : withoutQuery.slice('file:'.length);
  if (path === '' || path === ':memory:') throw new Error(`${databaseUrl}: an in-memory database cannot be migrated for later use`);
  return resolve(path);
}

/** Opens its own connection to `databaseUrl`, applies pending migrations, and closes it. */
export async function applyMigrationsForUrl(databaseUrl: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  if (providerForUrl(databaseUrl) === 'postgresql') {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return await applyMigrations({ provider: 'postgresql', client }, options);
    } finally {
      await client.end();
    }
  }
  const file = sqlitePathForUrl(databaseUrl);
  mkdirSync(dirname(file), { recursive: true });
  // A generous busy timeout: a concurrent process may be in the middle of a long migration.
  const database = new Database(file, { timeout: 60_000 });
  try {
    return await applyMigrations({ provider: 'sqlite', database }, options);
  } finally {
    database.close();
  }
}
