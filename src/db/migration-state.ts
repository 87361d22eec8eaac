// Whether a database holds the schema this code expects: every migration shipped for its provider is
// recorded as applied (finished, not rolled back) in Prisma's _prisma_migrations table.
import type { Database } from './client.js';
import { migrationsDirectory, readMigrationFiles } from './migration-files.js';

/** The migrations of `prisma/<provider>/migrations` that the database has not applied; throws when it cannot say. */
export async function missingMigrations(db: Pick<Database, 'prisma' | 'provider'>, expected = shippedMigrations(db.provider)): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<{ migration_name: string }[]>`
    /* appliedMigrations */ SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const applied = new Set(rows.map((row) => row.migration_name));
  return expected.filter((name) => !applied.has(name));
}

export function shippedMigrations(provider: Database['provider']): string[] {
  return readMigrationFiles(migrationsDirectory(provider)).map((file) => file.name);
}
