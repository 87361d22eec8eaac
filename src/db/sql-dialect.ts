// The one place raw SQL differs between the databases in literals: SQLite stores booleans as 0/1.
import { Prisma } from '../generated/sqlite/client.js';
import type { DatabaseProvider } from '../config.js';

/** A boolean literal for raw SQL on this database. */
export function sqlBoolean(provider: DatabaseProvider, value: boolean): Prisma.Sql {
  return Prisma.raw(provider === 'sqlite' ? (value ? '1' : '0') : String(value));
}
