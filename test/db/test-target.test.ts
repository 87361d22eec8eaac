// Guards the two-database suite: under TEST_DB=postgresql every test database really is PostgreSQL, so a
// "PostgreSQL run" can never silently fall back to SQLite.
import { describe, expect, it } from 'vitest';
import { createTestDatabase, testDialect } from '../helpers/test-database.js';

describe('test database', () => {
  it(`is ${testDialect}`, async () => {
    const database = await createTestDatabase();
    try {
      expect(database.db.dialect).toBe(process.env.TEST_DB === 'postgresql' ? 'postgresql' : 'sqlite');
      const [row] = await database.db.prisma.$queryRawUnsafe<{ n: number | bigint }[]>(
        'SELECT COUNT(*) AS n FROM _prisma_migrations',
      );
      expect(Number(row?.n)).toBeGreaterThan(0);
    } finally {
      await database.drop();
    }
  });
});
