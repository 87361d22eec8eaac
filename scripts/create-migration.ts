// `npm run db:migration -- <name> [--dialect sqlite|postgresql]`: writes the next migration for each dialect
// (both by default) from the changes in prisma/models.prisma, using Prisma's WebAssembly schema engine on a
// throwaway database. Writes nothing for a dialect whose migrations already match the models.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SqlDialect } from '../src/db/dialect.js';
import { migrationLockToml, migrationsDirectory, PROJECT_ROOT, readMigrationFiles } from '../src/db/migration-files.js';
import { parseDialects } from './migration-args.js';
import { draftNextMigration, renderedSchema } from './migrations/migration-tooling.js';

/** Prisma's migration directory prefix: the UTC time as YYYYMMDDHHMMSS. */
function migrationTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function warnIfSchemaFileStale(dialect: SqlDialect): void {
  const { path, content } = renderedSchema(dialect);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== content) {
    console.warn(`note: ${relative(PROJECT_ROOT, path)} is older than prisma/models.prisma: run npm run db:schema`);
  }
}

async function createMigration(dialect: SqlDialect, directoryName: string): Promise<void> {
  const directory = migrationsDirectory(dialect);
  const latest = readMigrationFiles(directory).at(-1)?.name;
  if (latest !== undefined && latest.localeCompare(directoryName) >= 0) {
    throw new Error(`${dialect}: ${directoryName} would not sort after the latest migration ${latest}; check the clock`);
  }
  warnIfSchemaFileStale(dialect);
  const sql = await draftNextMigration(dialect);
  if (sql === null) {
    console.log(`${dialect}: prisma/models.prisma has no changes that need a migration; nothing written`);
    return;
  }
  mkdirSync(join(directory, directoryName), { recursive: true });
  writeFileSync(join(directory, directoryName, 'migration.sql'), sql);
  const lockFile = join(directory, 'migration_lock.toml');
  if (!existsSync(lockFile)) writeFileSync(lockFile, migrationLockToml(dialect));
  console.log(`${dialect}: wrote ${relative(PROJECT_ROOT, join(directory, directoryName, 'migration.sql'))}`);
}

async function main(): Promise<void> {
  const { dialects, rest } = parseDialects(process.argv.slice(2));
  const [name, ...extra] = rest;
  if (name === undefined || extra.length > 0 || !/^[A-Za-z0-9_]+$/.test(name)) {
    throw new Error('usage: npm run db:migration -- <name> [--dialect sqlite|postgresql]  (name: letters, digits, _)');
  }
  const directoryName = `${migrationTimestamp(new Date())}_${name}`;
  for (const dialect of dialects) {
    await createMigration(dialect, directoryName).catch((error: unknown) => {
      const hint = dialect === 'postgresql' ? ' (is PostgreSQL running? --dialect sqlite skips it)' : '';
      throw new Error(`${dialect}: ${error instanceof Error ? error.message : String(error)}${hint}`, { cause: error });
    });
  }
}

try {
  await main();
  process.exit(0); // the engine leaves a timer pending on PostgreSQL: exit explicitly
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
