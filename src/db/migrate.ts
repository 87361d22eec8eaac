// Applies pending Prisma Migrate migrations (prisma/<dialect>/migrations) without Prisma's schema engine, and
// records them in _prisma_migrations the way Prisma does, so `prisma migrate` accepts the result later.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DATA_STEPS, type DataStep } from './data-migrations/index.js';
import { dialectForUrl, type SqlDialect, sqlitePathForUrl } from './dialect.js';
import { applyPostgresqlMigrations } from './migrate-postgresql.js';
import { applySqliteMigrations } from './migrate-sqlite.js';
import { migrationsDirectory, readMigrationFiles } from './migration-files.js';
import { MigrationError } from './migration-history.js';

export { MigrationError, type MigrationErrorCode } from './migration-history.js';

/** A raw driver connection; the caller opens and closes it. */
export type MigrationTarget =
  | { dialect: 'sqlite'; database: Database.Database }
  | { dialect: 'postgresql'; client: pg.ClientBase };

export interface MigrateOptions {
  /** Defaults to this project's prisma/<dialect>/migrations. */
  migrationsDir?: string;
  /**
   * TypeScript data steps by migration name, run right after that migration's SQL in its transaction
   * (src/db/data-migrations/). Defaults to this project's DATA_STEPS.
   */
  dataSteps?: Readonly<Record<string, DataStep>>;
  /** Progress messages (e.g. waiting for another process's lock); silent by default. */
  log?: (message: string) => void;
}

export interface MigrateResult {
  /** Names of the migrations this call applied, in order; empty when the database was up to date. */
  applied: string[];
}

/** migration_lock.toml names the dialect its migrations were written for (as `provider`); refuse to mix them up. */
function assertLockDialect(directory: string, dialect: SqlDialect): void {
  const lockFile = join(directory, 'migration_lock.toml');
  if (!existsSync(lockFile)) return;
  const locked = /^\s*provider\s*=\s*"([^"]+)"/m.exec(readFileSync(lockFile, 'utf8'))?.[1];
  if (locked && locked !== dialect) {
    throw new MigrationError('wrong-dialect', `${directory} holds ${locked} migrations, not ${dialect} ones`);
  }
}

/**
 * Applies every pending migration, each in its own transaction. Safe when several processes start at once
 * (PostgreSQL: Prisma Migrate's advisory lock; SQLite: BEGIN IMMEDIATE, waiting up to the connection's busy
 * timeout). Throws a MigrationError when an applied migration's file changed, when an earlier migration failed
 * unresolved, or when a migration fails (it is then rolled back and recorded as such).
 */
export async function applyMigrations(target: MigrationTarget, options: MigrateOptions = {}): Promise<MigrateResult> {
  const directory = options.migrationsDir ?? migrationsDirectory(target.dialect);
  assertLockDialect(directory, target.dialect);
  const files = readMigrationFiles(directory);
  const log = options.log ?? (() => {});
  const dataSteps = options.dataSteps ?? DATA_STEPS;
  const applied =
    target.dialect === 'sqlite'
      ? await applySqliteMigrations(target.database, files, dataSteps, log)
      : await applyPostgresqlMigrations(target.client, files, dataSteps, log);
  return { applied };
}

/** Opens its own connection to `databaseUrl`, applies pending migrations, and closes it. */
export async function applyMigrationsForUrl(databaseUrl: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  if (dialectForUrl(databaseUrl) === 'postgresql') {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return await applyMigrations({ dialect: 'postgresql', client }, options);
    } finally {
      await client.end();
    }
  }
  const file = sqlitePathForUrl(databaseUrl);
  mkdirSync(dirname(file), { recursive: true });
  // A generous busy timeout: a concurrent process may be in the middle of a long migration.
  const database = new Database(file, { timeout: 60_000 });
  try {
    return await applyMigrations({ dialect: 'sqlite', database }, options);
  } finally {
    database.close();
  }
}
