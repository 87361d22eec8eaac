// Applies migrations to a better-sqlite3 database, one `BEGIN IMMEDIATE` transaction per migration. That
// transaction takes SQLite's write lock before the history is read, so a second process starting at the same
// time waits (up to the connection's busy timeout), then finds the migration applied.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DataStep, MigrationSql } from './data-migrations/index.js';
import type { MigrationFile } from './migration-files.js';
import { errorMessage, type HistoryRow, MigrationError, PRISMA_MIGRATIONS_DDL, pendingMigrations } from './migration-history.js';

/** The format Prisma's engine writes through the SQLite driver adapter. */
const timestamp = () => new Date().toISOString().replace('Z', '+00:00');

function ensureHistoryTable(db: Database.Database): void {
  const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
  if (!exists) db.exec(PRISMA_MIGRATIONS_DDL.sqlite);
}

function readHistory(db: Database.Database): HistoryRow[] {
  return db
    .prepare(`SELECT id, migration_name, checksum, finished_at, rolled_back_at, started_at FROM _prisma_migrations`)
    .all() as HistoryRow[];
}

/** Foreign keys must stay intact: the check SQLite recommends around table rebuilds, before committing. */
function assertForeignKeysHold(db: Database.Database): void {
  const violations = db.pragma('foreign_key_check') as { table: string; parent: string }[];
  if (violations.length > 0) {
    const first = violations[0]!;
    throw new Error(`${violations.length} foreign key violation(s), e.g. a row of ${first.table} referencing ${first.parent}`);
  }
}

/** Takes the write lock, saying so first when another connection holds it. */
function beginImmediate(db: Database.Database, log: (message: string) => void): void {
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
  } finally {
    db.pragma(`busy_timeout = ${busyTimeout}`);
  }
  log('Another process is migrating this database; waiting for it to finish');
  db.exec('BEGIN IMMEDIATE');
}

/** The migration's connection as a data step sees it (inside the migration's transaction). */
function sqliteMigrationSql(db: Database.Database): MigrationSql {
  return {
    all: async <Row>(sql: string, params: readonly unknown[] = []) => db.prepare(sql).all(...params) as Row[],
    run: async (sql: string, params: readonly unknown[] = []) => {
      db.prepare(sql).run(...params);
    },
  };
}

/** Returns the next pending migration, applied and recorded, or undefined when none is left. */
async function applyNext(
  db: Database.Database,
  files: MigrationFile[],
  dataSteps: Readonly<Record<string, DataStep>>,
  log: (message: string) => void,
): Promise<string | undefined> {
  beginImmediate(db, log);
  let next: MigrationFile | undefined;
  let startedAt = '';
  try {
    ensureHistoryTable(db);
    next = pendingMigrations(files, readHistory(db))[0];
    if (next) {
      startedAt = timestamp();
      db.exec(next.sql);
      await dataSteps[next.name]?.(sqliteMigrationSql(db));
      assertForeignKeysHold(db);
      bumpDataVersion(db);
      db.prepare(
        `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
      ).run(randomUUID(), next.checksum, timestamp(), next.name, startedAt);
    }
    db.exec('COMMIT');
    return next?.name;
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (!next || error instanceof MigrationError) throw error;
    // Keep the attempt in the history, marked rolled back: nothing of it remains, and it may be retried.
    db.prepare(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
       VALUES (?, ?, NULL, ?, ?, ?, ?, 0)`,
    ).run(randomUUID(), next.checksum, next.name, errorMessage(error), timestamp(), startedAt);
    throw new MigrationError('migration-failed', `Migration ${next.name} failed and was rolled back: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

export async function applySqliteMigrations(
  db: Database.Database,
  files: MigrationFile[],
  dataSteps: Readonly<Record<string, DataStep>>,
  log: (message: string) => void,
): Promise<string[]> {
  // Prisma's table rebuilds (drop and recreate) need foreign keys off, and that pragma is ignored inside a
  // transaction; with them on, dropping a parent table would cascade-delete its children's rows.
  const foreignKeysWereOn = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    const applied: string[] = [];
    for (
      let name = await applyNext(db, files, dataSteps, log);
      name !== undefined;
      name = await applyNext(db, files, dataSteps, log)
    ) {
      applied.push(name);
    }
    return applied;
  } finally {
    if (foreignKeysWereOn) db.pragma('foreign_keys = ON');
  }
}

/**
 * A migration may change what queries answer: it counts as a write for the response caches of running
 * instances (src/db/change-store.ts), once the write journal exists.
 */
function bumpDataVersion(db: Database.Database): void {
  if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'data_version'`).get()) {
    db.exec('UPDATE data_version SET version = version + 1 WHERE id = 1');
  }
}
