// The engine-free migration runner (src/db/migrate.ts): SQLite always, PostgreSQL when TEST_DATABASE_URL is set.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScratchDatabase } from '../../scripts/scratch-db.js';
import type { DataStep } from '../../src/db/data-migrations/index.js';
import { type SqlDialect, sqlitePathForUrl } from '../../src/db/dialect.js';
import { applyMigrations, applyMigrationsForUrl, MigrationError } from '../../src/db/migrate.js';
import { migrationsDirectory, PROJECT_ROOT, readMigrationFiles } from '../../src/db/migration-files.js';
import { PRISMA_MIGRATIONS_DDL } from '../../src/db/migration-history.js';
import { copyMigrations, createScratchDatabase, query, TEST_DIALECTS } from './raw-sql.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(TEST_DIALECTS)('applyMigrations on %s', (dialect) => {
  const projectMigrations = readMigrationFiles(migrationsDirectory(dialect));
  let database: ScratchDatabase;
  const cleanups: (() => void)[] = [];

  beforeEach(async () => {
    database = await createScratchDatabase(dialect);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    await database.drop();
  });

  const historyRows = () => query(database.url, 'SELECT * FROM _prisma_migrations ORDER BY started_at');

  it('counts each migration applied after the write journal as a write (the data version moves)', async () => {
    await applyMigrationsForUrl(database.url);
    const version = async () => Number((await query(database.url, 'SELECT version FROM data_version'))[0]?.version);
    const before = await version();
    const copy = copyMigrations(dialect);
    cleanups.push(copy.remove);
    mkdirSync(join(copy.directory, '99990101000000_touch'));
    writeFileSync(join(copy.directory, '99990101000000_touch', 'migration.sql'), 'UPDATE topic SET name = name;\n');
    await applyMigrationsForUrl(database.url, { migrationsDir: copy.directory });
    expect(await version()).toBe(before + 1);
  });

  it('applies every migration to an empty database, then nothing on the second run', async () => {
    expect(projectMigrations.length).toBeGreaterThan(0);
    const first = await applyMigrationsForUrl(database.url);
    expect(first.applied).toEqual(projectMigrations.map((migration) => migration.name));
    expect(await query(database.url, 'SELECT count(*) AS n FROM article')).toEqual([{ n: dialect === 'sqlite' ? 0 : '0' }]);

    const second = await applyMigrationsForUrl(database.url);
    expect(second.applied).toEqual([]);
    expect(await historyRows()).toHaveLength(projectMigrations.length);
  });

  it('records migrations the way Prisma does', async () => {
    await applyMigrationsForUrl(database.url);
    const rows = await historyRows();
    expect(rows.map((row) => row.migration_name)).toEqual(projectMigrations.map((migration) => migration.name));
    for (const [i, row] of rows.entries()) {
      const file = readFileSync(join(migrationsDirectory(dialect), projectMigrations[i]!.name, 'migration.sql'));
      expect(row.checksum).toBe(createHashHex(file));
      expect(row.id).toMatch(UUID);
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
      expect(new Date(row.started_at as string).getTime()).toBeLessThanOrEqual(new Date(row.finished_at as string).getTime());
    }
    if (dialect === 'sqlite') {
      const [table] = await query(database.url, `SELECT sql FROM sqlite_master WHERE name = '_prisma_migrations'`);
      expect(table!.sql).toBe(PRISMA_MIGRATIONS_DDL.sqlite);
    } else {
      const columns = await query(
        database.url,
        `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
         WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      expect(columns.map((c) => `${c.column_name} ${c.data_type} ${c.is_nullable} ${c.column_default}`)).toEqual([
        'id character varying NO null',
        'checksum character varying NO null',
        'finished_at timestamp with time zone YES null',
        'migration_name character varying NO null',
        'logs text YES null',
        'rolled_back_at timestamp with time zone YES null',
        'started_at timestamp with time zone NO now()',
        'applied_steps_count integer NO 0',
      ]);
    }
  });

  it('rejects a migration file changed after it was applied, but not a change of line endings', async () => {
    const copy = copyMigrations(dialect);
    cleanups.push(copy.remove);
    await applyMigrationsForUrl(database.url, { migrationsDir: copy.directory });
    const file = join(copy.directory, projectMigrations[0]!.name, 'migration.sql');
    const original = readFileSync(file, 'utf8');

    writeFileSync(file, original.replaceAll('\n', '\r\n'));
    expect((await applyMigrationsForUrl(database.url, { migrationsDir: copy.directory })).applied).toEqual([]);

    appendFileSync(file, '\n-- an innocent-looking edit\n');
    const attempt = applyMigrationsForUrl(database.url, { migrationsDir: copy.directory });
    await expect(attempt).rejects.toBeInstanceOf(MigrationError);
    await expect(attempt).rejects.toMatchObject({ code: 'modified-migration' });
    await expect(attempt).rejects.toThrow(`Migration ${projectMigrations[0]!.name} was modified after it was applied`);
  });

  it('rolls a failing migration back, records the attempt, and applies it once fixed', async () => {
    const copy = copyMigrations(dialect);
    cleanups.push(copy.remove);
    const broken = join(copy.directory, '99990101000000_broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'migration.sql'), 'CREATE TABLE "half_done" ("id" INTEGER);\nTHIS IS NOT SQL;\n');

    const attempt = applyMigrationsForUrl(database.url, { migrationsDir: copy.directory });
    await expect(attempt).rejects.toMatchObject({ code: 'migration-failed' });
    await expect(attempt).rejects.toThrow('Migration 99990101000000_broken failed and was rolled back');
    const tables =
      dialect === 'sqlite'
        ? await query(database.url, `SELECT name FROM sqlite_master WHERE name = 'half_done'`)
        : await query(database.url, `SELECT to_regclass('half_done') AS name`).then((rows) => rows.filter((r) => r.name));
    expect(tables).toEqual([]);
    const failed = (await historyRows()).filter((row) => row.migration_name === '99990101000000_broken');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ finished_at: null, applied_steps_count: 0 });
    expect(failed[0]!.rolled_back_at).not.toBeNull();
    expect(String(failed[0]!.logs)).toMatch(/syntax error/i);

    writeFileSync(join(broken, 'migration.sql'), 'CREATE TABLE "half_done" ("id" INTEGER);\n');
    expect((await applyMigrationsForUrl(database.url, { migrationsDir: copy.directory })).applied).toEqual([
      '99990101000000_broken',
    ]);
  });

  it('runs a data step right after its migration, in the same transaction: both commit, or neither', async () => {
    const copy = copyMigrations(dialect);
    cleanups.push(copy.remove);
    const name = '99990101000000_with_data';
    mkdirSync(join(copy.directory, name));
    writeFileSync(join(copy.directory, name, 'migration.sql'), 'CREATE TABLE "note" ("id" INTEGER PRIMARY KEY, "text" TEXT);\n');
    const failing: DataStep = async (sql) => {
      await sql.run('INSERT INTO note (id, text) VALUES (?, ?)', [1, 'written']);
      throw new Error('data step failed');
    };
    const attempt = applyMigrationsForUrl(database.url, { migrationsDir: copy.directory, dataSteps: { [name]: failing } });
    await expect(attempt).rejects.toThrow(`Migration ${name} failed and was rolled back: data step failed`);
    const table =
      dialect === 'sqlite'
        ? await query(database.url, `SELECT name FROM sqlite_master WHERE name = 'note'`)
        : await query(database.url, `SELECT to_regclass('note') AS name`).then((rows) => rows.filter((r) => r.name));
    expect(table).toEqual([]);

    const working: DataStep = async (sql) => {
      await sql.run('INSERT INTO note (id, text) VALUES (?, ?)', [1, 'written']);
      expect(await sql.all('SELECT id, text FROM note WHERE id = ?', [1])).toEqual([{ id: 1, text: 'written' }]);
    };
    const applied = await applyMigrationsForUrl(database.url, { migrationsDir: copy.directory, dataSteps: { [name]: working } });
    expect(applied.applied).toEqual([name]);
    expect(await query(database.url, 'SELECT id, text FROM note')).toEqual([{ id: 1, text: 'written' }]);
  });

  it('refuses to go on after a migration that failed unresolved (e.g. by prisma migrate deploy)', async () => {
    await applyMigrationsForUrl(database.url);
    await query(
      database.url,
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ('00000000-0000-4000-8000-000000000000', 'x', '99990101000000_crashed', CURRENT_TIMESTAMP, 0)`,
    );
    const attempt = applyMigrationsForUrl(database.url);
    await expect(attempt).rejects.toMatchObject({ code: 'failed-migration' });
    await expect(attempt).rejects.toThrow(/99990101000000_crashed failed in an earlier run/);
  });

  it('refuses migrations written for the other dialect', async () => {
    const other = dialect === 'sqlite' ? 'postgresql' : 'sqlite';
    await expect(applyMigrationsForUrl(database.url, { migrationsDir: migrationsDirectory(other) })).rejects.toMatchObject({
      code: 'wrong-dialect',
    });
  });

  it('lets two processes start at once: both wait for the lock, and every migration is applied once', async () => {
    // Hold the lock the runner takes, so both processes are sure to be waiting when it is released.
    const lock = await holdMigrationLock(dialect, database.url);
    const runs = [startMigrateCli(database.url), startMigrateCli(database.url)];
    try {
      await Promise.all(runs.map((run) => run.waiting));
    } finally {
      await lock.release();
    }
    const outputs = await Promise.all(runs.map((run) => run.done));
    const seen = outputs.join('\n--- the other process:\n');
    const appliedBy = outputs.map((out) => [...out.matchAll(/^ {2}(\d{14}_\S+)$/gm)].map((match) => match[1]));
    if (dialect === 'postgresql') {
      // One advisory lock for the whole run: the first applies everything, the second finds nothing left.
      expect(
        appliedBy.map((names) => names.length).sort((a, b) => a - b),
        seen,
      ).toEqual([0, projectMigrations.length]);
      expect(
        outputs.filter((out) => out.includes('already up to date')),
        seen,
      ).toHaveLength(1);
    } else {
      // One write transaction per migration: the two may take turns between migrations, never apply one twice.
      expect(appliedBy.flat().sort(), seen).toEqual(projectMigrations.map((migration) => migration.name).sort());
    }
    expect(await historyRows()).toHaveLength(projectMigrations.length);
  });

  if (dialect === 'sqlite') {
    it('accepts a caller-owned better-sqlite3 database and restores its foreign_keys setting', async () => {
      const db = new Database(sqlitePathForUrl(database.url));
      try {
        expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
        const { applied } = await applyMigrations({ dialect: 'sqlite', database: db });
        expect(applied).toHaveLength(projectMigrations.length);
        expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
        expect(db.inTransaction).toBe(false);
      } finally {
        db.close();
      }
    });
  }

  if (dialect === 'postgresql') {
    it('accepts a caller-owned pg client and leaves it usable', async () => {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { applied } = await applyMigrations({ dialect: 'postgresql', client });
        expect(applied).toHaveLength(projectMigrations.length);
        // This session's advisory locks only: other test files (and other processes) take their own at the same time.
        const locks = await client.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()`,
        );
        expect(locks.rows[0].n).toBe(0);
      } finally {
        await client.end();
      }
    });
  }
});

/** Takes the lock the runner itself waits for: SQLite's write lock, or Prisma Migrate's advisory lock. */
async function holdMigrationLock(dialect: SqlDialect, url: string): Promise<{ release: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const db = new Database(sqlitePathForUrl(url));
    db.exec('BEGIN IMMEDIATE');
    return {
      release: async () => {
        db.exec('COMMIT');
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('SELECT pg_advisory_lock(72707369)');
  return { release: () => client.end() };
}

/** `npm run migrate` in a child process; `waiting` resolves once it reports waiting for the lock. */
function startMigrateCli(url: string): { waiting: Promise<void>; done: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/cli/migrate.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: url },
  });
  let stdout = '';
  let stderr = '';
  let signalWaiting: () => void;
  const waiting = new Promise<void>((resolve) => (signalWaiting = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('waiting for it to finish')) signalWaiting();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<string>((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`migrate exited ${code}: ${stderr}`)))),
  );
  // A process that exits without ever waiting would leave the test hanging: fail instead.
  return { waiting: Promise.race([waiting, done.then(() => Promise.reject(new Error(`did not wait: ${stdout}`)))]), done };
}

function createHashHex(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
