// Whether a database holds the schema this code expects: every migration shipped for its dialect is
// recorded as applied (finished, not rolled back) in Prisma's _prisma_migrations table.
import { Prisma } from '../generated/sqlite/client.js';
import type { Database } from './client.js';
import { migrationsDirectory, readMigrationFiles } from './migration-files.js';
import { queryRows } from './statements.js';

/** The migrations of `prisma/<dialect>/migrations` that the database has not applied; throws when it cannot say. */
export async function missingMigrations(
  db: Pick<Database, 'prisma' | 'dialect'>,
  expected = shippedMigrations(db.dialect),
): Promise<string[]> {
  const rows = await queryRows<{ migration_name: string }>(
    db.prisma,
    Prisma.sql`/* appliedMigrations */ SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Set(rows.map((row) => row.migration_name));
  return expected.filter((name) => !applied.has(name));
}

export function shippedMigrations(dialect: Database['dialect']): string[] {
  return readMigrationFiles(migrationsDirectory(dialect)).map((file) => file.name);
}
