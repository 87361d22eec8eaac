// DATABASE_REPLICA_URLS: API reads go to a replica, writes to the primary. Two databases with different
// content stand in for a primary and a (lagging) replica, so the test sees where each query went.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { seed } from '../../src/ingest/seed.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { FIXTURE_CORPUS_DIR, SEEDS_DIR } from '../helpers/fixtures.js';
import { clientOf } from '../helpers/server.js';
import { createTestDatabase, type TestDatabase, testDialect } from '../helpers/test-database.js';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

describe.runIf(testDialect === 'postgresql')('read replicas', () => {
  it('serve API reads while writes go to the primary', async () => {
    const primary = await createTestDatabase();
    const replica = await createTestDatabase();
    databases.push(primary, replica);
    await seed(replica.db.prisma, [FIXTURE_CORPUS_DIR]);

    const db = await openDatabase({ DATABASE_URL: primary.url, DATABASE_REPLICA_URLS: [replica.url, replica.url] });
    try {
      const summary = await seed(db.prisma, [SEEDS_DIR]);
      expect(summary.articles).toBe(2);
      const replicaArticles = await replica.db.prisma.article.count({ where: { isStub: false } });

      const yoga = createNewsYoga({ db });
      const reply = await clientOf(yoga).graphql(
        '{ articles(first: 3) { totalCount edges { node { title related(first: 1) { totalCount } } } } }',
      );
      expect(reply.errors).toBeUndefined();
      expect(reply.data.articles.totalCount).toBe(replicaArticles);
      expect(await primary.db.prisma.article.count({ where: { isStub: false } })).toBe(2);
    } finally {
      await db.close();
    }
  });
});
