// Issue 10, low: /ready answered 200 as soon as the database answered `SELECT 1`, so an instance over an
// empty database (migrations never run, or a wrong DATABASE_URL) took traffic and failed every query. Now
// /ready also requires every migration this code ships to be recorded as applied in _prisma_migrations.
import { describe, expect, it } from 'vitest';
import { createScratchPgDatabase, createScratchSqliteDatabase, DEFAULT_PG_SERVER_URL } from '../../scripts/scratch-db.js';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrationsForUrl } from '../../src/db/migrate.js';
import { shippedMigrations } from '../../src/db/migration-state.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { testDialect } from '../helpers/test-database.js';

async function scratchDatabase() {
  return testDialect === 'postgresql'
    ? createScratchPgDatabase(process.env.TEST_DATABASE_URL ?? DEFAULT_PG_SERVER_URL, 'news_ready')
    : createScratchSqliteDatabase('news-ready');
}

describe('/ready', () => {
  it('is 503 (schema) over a database without the schema, and 200 once it is migrated', async () => {
    const scratch = await scratchDatabase();
    const db = await openDatabase({ DATABASE_URL: scratch.url, DATABASE_POOL_SIZE: 2 });
    const yoga = createNewsYoga({ db });
    try {
      const empty = await yoga.fetch('http://localhost/ready');
      expect(empty.status).toBe(503);
      expect(await empty.json()).toEqual({ status: 'unavailable', reason: 'schema' });

      // Only the exact path is the probe: a URL that merely ends with it is not (it would cost two statements).
      for (const url of ['http://localhost/graphql?x=/ready', 'http://localhost/elsewhere/ready']) {
        const other = await yoga.fetch(url);
        expect(other.headers.get('content-type') ?? '', url).not.toMatch(/^application\/json$/);
        expect(other.status, url).not.toBe(503);
      }

      await applyMigrationsForUrl(scratch.url);
      const migrated = await yoga.fetch('http://localhost/ready');
      expect(migrated.status).toBe(200);
      expect((await yoga.fetch('http://localhost/ready?probe=1')).status).toBe(200);

      // A migration shipped with the code but not applied (an older database): not ready either.
      const last = shippedMigrations(db.dialect).at(-1)!;
      await db.prisma.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = '${last}'`);
      const behind = await yoga.fetch('http://localhost/ready');
      expect(behind.status).toBe(503);
      expect(await behind.json()).toEqual({ status: 'unavailable', reason: 'schema' });
    } finally {
      await yoga.dispose();
      await db.close();
      await scratch.drop();
    }
  });
});
