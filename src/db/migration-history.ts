// Prisma Migrate's bookkeeping table and the rules for reading it, shared by the SQLite and PostgreSQL runners.
import { type MigrationFile, migrationChecksum } from './migration-files.js';

/** The table DDL exactly as Prisma's schema engine creates it, per dialect. */
export const PRISMA_MIGRATIONS_DDL = {
  sqlite: `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgresql: `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`,
} as const;

export interface HistoryRow {
  id: string;
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
  started_at: unknown;
}

export type MigrationErrorCode = 'modified-migration' | 'failed-migration' | 'migration-failed' | 'wrong-dialect';

export class MigrationError extends Error {
  override name = 'MigrationError';
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const isSet = (value: unknown) => value !== null && value !== undefined;

/** Like Prisma, accept a file whose line endings git converted after it was applied. */
function matchesChecksum(sql: string, checksum: string): boolean {
  return [sql, sql.replaceAll('\r\n', '\n'), sql.replaceAll('\n', '\r\n')].some((v) => migrationChecksum(v) === checksum);
}

/**
 * The migration files still to apply, in order. Throws when the history forbids going on: a migration that
 * failed without being resolved, or an applied migration whose file has changed since. Rows for migrations
 * that are not on disk are ignored, as `prisma migrate deploy` does.
 */
export function pendingMigrations(files: MigrationFile[], rows: HistoryRow[]): MigrationFile[] {
  const live = rows.filter((row) => !isSet(row.rolled_back_at));
  const failed = live.find((row) => !isSet(row.finished_at));
  if (failed) {
    throw new MigrationError(
      'failed-migration',
      `Migration ${failed.migration_name} failed in an earlier run (its _prisma_migrations row, id ${failed.id}, ` +
        `has no finished_at), so the database may be half-migrated. Repair the database by hand, then mark the ` +
        `attempt as rolled back (UPDATE _prisma_migrations SET rolled_back_at = CURRENT_TIMESTAMP WHERE id = ` +
        `'${failed.id}') to have it applied again, or set its finished_at if you completed it by hand.`,
    );
  }
  const appliedByName = new Map(live.map((row) => [row.migration_name, row]));
  for (const file of files) {
    const row = appliedByName.get(file.name);
    if (row && !matchesChecksum(file.sql, row.checksum)) {
      throw new MigrationError(
        'modified-migration',
        `Migration ${file.name} was modified after it was applied to this database (checksum recorded ` +
          `${row.checksum}, file now ${file.checksum}). Applied migrations must not change: restore the file ` +
          `and put the change into a new migration (npm run db:migration -- <name>).`,
      );
    }
  }
  return files.filter((file) => !appliedByName.has(file.name));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
