// DATABASE_REPLICA_URLS: API reads go to a replica, writes to the primary. Two databases with different
// content stand in for a primary and a (lagging) replica, so the test sees where each query went.
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { seed } from '../../src/ingest/seed.js';
import { CACHE_STATUS_HEADER } from '../../src/server/response-cache.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { FIXTURE_CORPUS_DIR, SEEDS_DIR } from '../helpers/fixtures.js';
import { API_KEY, clientOf } from '../helpers/server.js';
import { subscribe } from '../helpers/sse.js';
import { ingestStories } from '../helpers/stories.js';
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

  it('announce to subscribers what the primary wrote, and cache nothing a lagging replica answered', async () => {
    const primary = await createTestDatabase();
    const replica = await createTestDatabase(); // never catches up: the worst lag
    databases.push(primary, replica);
    const db = await openDatabase({ DATABASE_URL: primary.url, DATABASE_REPLICA_URLS: [replica.url] });
    const yoga = createNewsYoga({ db, production: true, settings: { INGEST_API_KEYS: [API_KEY], SUBSCRIPTION_POLL_MS: 20 } });
    const client = clientOf(yoga);
    try {
      const subscriber = await subscribe(client, 'subscription { articleAdded { title provider { domain } } }');
      await ingestStories(client, [{ title: 'Written to the primary', domain: 'primary.example' }]);
      expect((await subscriber.next()).data?.articleAdded).toEqual({
        title: 'Written to the primary',
        provider: { domain: 'primary.example' },
      });
      subscriber.close();

      const latest = () => client.post({ query: '{ articles(first: 5) { edges { node { title } } } }' });
      expect((await latest()).headers.get(CACHE_STATUS_HEADER)).toBe('MISS');
      // The replica is behind the primary's version: its answer was sent, not kept for later requests.
      expect((await latest()).headers.get(CACHE_STATUS_HEADER)).toBe('MISS');
      // Caught up (its version reaches the primary's): answers are kept again.
      const [row] = await primary.db.prisma.$queryRawUnsafe<{ version: bigint }[]>('SELECT version FROM data_version');
      await replica.db.prisma.$executeRawUnsafe(`UPDATE data_version SET version = ${row?.version}`);
      expect((await latest()).headers.get(CACHE_STATUS_HEADER)).toBe('MISS');
      expect((await latest()).headers.get(CACHE_STATUS_HEADER)).toBe('HIT');
    } finally {
      await yoga.dispose();
      await db.close();
    }
  });
});
