// Development tooling on top of the WebAssembly schema engine: draft the next migration, and find drift
// between prisma/models.prisma and the migrations. Both work on a throwaway database of their own.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlDialect } from '../../src/db/dialect.js';
import { applyMigrationsForUrl } from '../../src/db/migrate.js';
import { migrationsDirectory, PROJECT_ROOT, readMigrationFiles } from '../../src/db/migration-files.js';
import { createScratchPgDatabase, createScratchSqliteDatabase, DEFAULT_PG_SERVER_URL } from '../scratch-db.js';
import { renderDialectSchemas } from './dialect-schemas.js';
import { POSTGRESQL_FTS_SQL, SQLITE_FTS_RESTORE_SQL, SQLITE_FTS_SQL } from './fts-sql.js';
import { SQLITE_LIVE_RESTORE_SQL } from './live-sql.js';
import { type MigrationList, type OpenedSchemaEngine, openSchemaEngine } from './schema-engine.js';

export interface ToolingOptions {
  /** Defaults to this project's prisma/<dialect>/migrations. */
  migrationsDir?: string;
  /** The datamodel; defaults to prisma/<dialect>/schema.prisma as rendered from prisma/models.prisma. */
  schema?: { path: string; content: string };
  /** Server for the throwaway PostgreSQL databases; defaults to TEST_DATABASE_URL's, then the local one. */
  pgServerUrl?: string;
}

/** The dialect's schema as rendered from models.prisma (the file on disk may be stale). */
export function renderedSchema(dialect: SqlDialect, root = PROJECT_ROOT): { path: string; content: string } {
  const schema = renderDialectSchemas(root).find((candidate) => candidate.dialect === dialect)!;
  return { path: schema.path, content: schema.content };
}

/** The migrations directory in the shape the engine takes (as the Prisma CLI builds it). */
export function engineMigrationsList(directory: string): MigrationList {
  const lockPath = join(directory, 'migration_lock.toml');
  return {
    baseDir: directory,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: readMigrationFiles(directory).map((file) => ({
      path: file.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: file.sql } },
    })),
  };
}

async function withScratchEngine<T>(
  dialect: SqlDialect,
  options: ToolingOptions,
  work: (opened: OpenedSchemaEngine, databaseUrl: string) => Promise<T>,
  prepare: (databaseUrl: string) => Promise<void> = async () => {},
): Promise<T> {
  const database =
    dialect === 'sqlite'
      ? createScratchSqliteDatabase('migration-tooling')
      : await createScratchPgDatabase(
          options.pgServerUrl ?? process.env.TEST_DATABASE_URL ?? DEFAULT_PG_SERVER_URL,
          'migration_tooling',
        );
  try {
    await prepare(database.url);
    const opened = await openSchemaEngine({
      dialect,
      databaseUrl: database.url,
      schema: options.schema ?? renderedSchema(dialect),
    });
    try {
      return await work(opened, database.url);
    } finally {
      await opened.close();
    }
  } finally {
    await database.drop();
  }
}

/** What the engine would put in the next migration (null when the migrations already match the datamodel). */
async function nextMigrationScript(opened: OpenedSchemaEngine, migrationsList: MigrationList): Promise<string | null> {
  const { engine, filters, schemaFiles } = opened;
  // createMigration alone fails ("SQLite shadow DB must be provided through an external factory");
  // devDiagnostic first sets the shadow database up.
  const diagnostic = await engine.devDiagnostic({ migrationsList, filters });
  if (diagnostic.action.tag === 'reset') {
    throw new Error(`The database does not match the migration history: ${diagnostic.action.reason}`);
  }
  const created = await engine.createMigration({
    draft: false,
    migrationName: 'next',
    migrationsList,
    schema: { files: schemaFiles },
    filters,
  });
  return created.migrationScript;
}

/**
 * Adds what Prisma cannot generate: the full-text search objects in the first migration, and on SQLite the
 * article triggers again after a migration that drops and recreates "article".
 */
export function withFullTextSearch(dialect: SqlDialect, script: string, isFirstMigration: boolean): string {
  if (isFirstMigration) return `${script}\n${dialect === 'sqlite' ? SQLITE_FTS_SQL : POSTGRESQL_FTS_SQL}`;
  if (dialect === 'sqlite' && script.includes('DROP TABLE "article";'))
    return `${script}\n${SQLITE_FTS_RESTORE_SQL}\n${SQLITE_LIVE_RESTORE_SQL}`;
  return script;
}

/** The SQL of the next migration for `dialect`, or null when the datamodel has no changes. */
export async function draftNextMigration(dialect: SqlDialect, options: ToolingOptions = {}): Promise<string | null> {
  const migrationsList = engineMigrationsList(options.migrationsDir ?? migrationsDirectory(dialect));
  return withScratchEngine(dialect, options, async (opened) => {
    await opened.engine.applyMigrations({ migrationsList, filters: opened.filters });
    const script = await nextMigrationScript(opened, migrationsList);
    return script === null ? null : withFullTextSearch(dialect, script, migrationsList.migrationDirectories.length === 0);
  });
}

/**
 * Applies the migrations with our own runner (src/db/migrate.ts), checks that Prisma's engine accepts the
 * history it wrote, and returns the SQL the migrations lack to match the datamodel (null: no drift).
 */
export async function findMigrationDrift(dialect: SqlDialect, options: ToolingOptions = {}): Promise<string | null> {
  const migrationsDir = options.migrationsDir ?? migrationsDirectory(dialect);
  const migrationsList = engineMigrationsList(migrationsDir);
  const applyWithRunner = async (databaseUrl: string) => {
    await applyMigrationsForUrl(databaseUrl, { migrationsDir });
  };
  return withScratchEngine(
    dialect,
    options,
    async (opened) => {
      const history = await opened.engine.diagnoseMigrationHistory({
        migrationsList,
        optInToShadowDatabase: false,
        filters: opened.filters,
      });
      if (history.history || history.failedMigrationNames.length > 0 || history.editedMigrationNames.length > 0) {
        throw new Error(`Prisma does not accept the history src/db/migrate.ts wrote: ${JSON.stringify(history)}`);
      }
      return nextMigrationScript(opened, migrationsList);
    },
    applyWithRunner,
  );
}
