// `npm run db:migration -- <name> [--provider sqlite|postgresql]`: writes the next migration for each provider
// (both by default) from the changes in prisma/models.prisma, using Prisma's WebAssembly schema engine on a
// throwaway database. Writes nothing for a provider whose migrations already match the models.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { draftNextMigration, renderedSchema } from '../src/db/migration-tooling.js';
import { migrationLockToml, migrationsDirectory, PROJECT_ROOT, readMigrationFiles } from '../src/db/migration-files.js';
import type { Provider } from '../src/db/provider-schemas.js';
import { parseProviders } from './migration-args.js';

/** Prisma's migration directory prefix: the UTC time as YYYYMMDDHHMMSS. */
function migrationTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function warnIfSchemaFileStale(provider: Provider): void {
  const { path, content } = renderedSchema(provider);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== content) {
    console.warn(`note: ${relative(PROJECT_ROOT, path)} is older than prisma/models.prisma: run npm run db:schema`);
  }
}

async function createMigration(provider: Provider, directoryName: string): Promise<void> {
  const directory = migrationsDirectory(provider);
  const latest = readMigrationFiles(directory).at(-1)?.name;
  if (latest !== undefined && latest.localeCompare(directoryName) >= 0) {
    throw new Error(`${provider}: ${directoryName} would not sort after the latest migration ${latest}; check the clock`);
  }
  warnIfSchemaFileStale(provider);
  const sql = await draftNextMigration(provider);
  if (sql === null) {
    console.log(`${provider}: prisma/models.prisma has no changes that need a migration; nothing written`);
    return;
  }
  mkdirSync(join(directory, directoryName), { recursive: true });
  writeFileSync(join(directory, directoryName, 'migration.sql'), sql);
  const lockFile = join(directory, 'migration_lock.toml');
  if (!existsSync(lockFile)) writeFileSync(lockFile, migrationLockToml(provider));
  console.log(`${provider}: wrote ${relative(PROJECT_ROOT, join(directory, directoryName, 'migration.sql'))}`);
}

async function main(): Promise<void> {
  const { providers, rest } = parseProviders(process.argv.slice(2));
  const [name, ...extra] = rest;
  if (name === undefined || extra.length > 0 || !/^[A-Za-z0-9_]+$/.test(name)) {
    throw new Error('usage: npm run db:migration -- <name> [--provider sqlite|postgresql]  (name: letters, digits, _)');
  }
  const directoryName = `${migrationTimestamp(new Date())}_${name}`;
  for (const provider of providers) {
    await createMigration(provider, directoryName).catch((error: unknown) => {
      const hint = provider === 'postgresql' ? ' (is PostgreSQL running? --provider sqlite skips it)' : '';
      throw new Error(`${provider}: ${error instanceof Error ? error.message : String(error)}${hint}`, { cause: error });
    });
  }
}

try {
  await main();
  process.exit(0); // the engine leaves a timer pending on PostgreSQL (PRISMA-OFFLINE.md, work-around 5)
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
