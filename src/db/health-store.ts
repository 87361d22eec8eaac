// What the readiness probe asks of the database.
import { Prisma } from '../generated/sqlite/client.js';
import type { Database } from './client.js';
import { queryRows } from './statements.js';

/** Resolves when the primary answers a trivial query; rejects with the driver's error otherwise. */
export async function pingDatabase(db: Database): Promise<void> {
  await queryRows(db.prisma, Prisma.sql`/* readinessPing */ SELECT 1 AS ok`);
}
