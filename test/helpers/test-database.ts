// Each test file gets its own empty, migrated database: a temporary SQLite file, or, when the suite runs
// with TEST_DB=postgresql, a uniquely named database on TEST_DATABASE_URL's server. Dropped afterwards.

import { createScratchPgDatabase, createScratchSqliteDatabase, DEFAULT_PG_SERVER_URL } from '../../scripts/scratch-db.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { applyMigrationsForUrl } from '../../src/db/migrate.js';

export interface TestDatabase {
  db: Database;
  url: string;
  /** Closes the client and drops the database. */
  drop(): Promise<void>;
}

export const testDialect = process.env.TEST_DB === 'postgresql' ? 'postgresql' : 'sqlite';

export async function createTestDatabase(): Promise<TestDatabase> {
  const scratch =
    testDialect === 'postgresql'
      ? await createScratchPgDatabase(process.env.TEST_DATABASE_URL ?? DEFAULT_PG_SERVER_URL, 'news_test')
      : createScratchSqliteDatabase('news-test');
  await applyMigrationsForUrl(scratch.url);
  const db = await openDatabase({ DATABASE_URL: scratch.url, DATABASE_POOL_SIZE: 4 });
  return {
    db,
    url: scratch.url,
    drop: async () => {
      await db.close();
      await scratch.drop();
    },
  };
}
