// Applies migrations to PostgreSQL through one pg client, each migration in its own transaction, all under the
// session advisory lock Prisma Migrate itself takes: concurrent runners (ours or `prisma migrate`) queue up.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { type DataStep, type MigrationSql, numberedPlaceholders } from './data-migrations/index.js';
import type { MigrationFile } from './migration-files.js';
import { errorMessage, type HistoryRow, MigrationError, PRISMA_MIGRATIONS_DDL, pendingMigrations } from './migration-history.js';

/** Prisma Migrate's advisory lock key ("a unique number we chose to identify Migrate"). */
const PRISMA_MIGRATE_LOCK = 72707369;

async function withMigrateLock<T>(client: pg.ClientBase, log: (message: string) => void, work: () => Promise<T>) {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [PRISMA_MIGRATE_LOCK]);
  if (!rows[0]?.locked) {
    log('Another process is migrating this database; waiting for it to finish');
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
  }
  try {
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
  }
}

async function readHistory(client: pg.ClientBase): Promise<HistoryRow[]> {
  const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS exists`);
  if (!rows[0]?.exists) {
    await client.query(PRISMA_MIGRATIONS_DDL.postgresql);
    return [];
  }
  const history = await client.query<HistoryRow>(
    'SELECT id, migration_name, checksum, finished_at, rolled_back_at, started_at FROM _prisma_migrations',
  );
  return history.rows;
}

/** The migration's connection as a data step sees it (inside the migration's transaction). */
function postgresqlMigrationSql(client: pg.ClientBase): MigrationSql {
  return {
    all: async <Row>(sql: string, params: readonly unknown[] = []) =>
      (await client.query(numberedPlaceholders(sql), [...params])).rows as Row[],
    run: async (sql: string, params: readonly unknown[] = []) => {
      await client.query(numberedPlaceholders(sql), [...params]);
    },
  };
}

async function applyOne(client: pg.ClientBase, migration: MigrationFile, dataStep: DataStep | undefined): Promise<void> {
  const startedAt = new Date();
  await client.query('BEGIN');
  try {
    // No parameters: pg sends the script with the simple query protocol, which runs several statements.
    await client.query(migration.sql);
    await dataStep?.(postgresqlMigrationSql(client));
    // A migration may change what queries answer: a write for the response caches (src/db/change-store.ts).
    await client.query(`DO $$ BEGIN
      IF to_regclass('data_version') IS NOT NULL THEN UPDATE data_version SET version = version + 1 WHERE id = 1; END IF;
    END $$`);
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4, 1)`,
      [randomUUID(), migration.checksum, migration.name, startedAt],
    );
    await client.query('COMMIT');
  } catch (error) {
    // Keep the attempt in the history, marked rolled back: nothing of it remains, and it may be retried.
    // Best effort: if the connection is gone, the migration's own error is the one worth reporting.
    await client.query('ROLLBACK').catch(() => {});
    await client
      .query(
        `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES ($1, $2, NULL, $3, $4, clock_timestamp(), $5, 0)`,
        [randomUUID(), migration.checksum, migration.name, errorMessage(error), startedAt],
      )
      .catch(() => {});
    throw new MigrationError(
      'migration-failed',
      `Migration ${migration.name} failed and was rolled back: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  }
}

export async function applyPostgresqlMigrations(
  client: pg.ClientBase,
  files: MigrationFile[],
  dataSteps: Readonly<Record<string, DataStep>>,
  log: (message: string) => void,
): Promise<string[]> {
  return withMigrateLock(client, log, async () => {
    const pending = pendingMigrations(files, await readHistory(client));
    for (const migration of pending) await applyOne(client, migration, dataSteps[migration.name]);
    return pending.map((migration) => migration.name);
  });
}
