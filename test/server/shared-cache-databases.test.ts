// One Redis shared by servers of two different databases (say staging and production, or two tenants): at
// equal data versions, each still answers only from its own database's cached responses.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readDataStamp } from '../../src/db/change-store.js';
import { CACHE_STATUS_HEADER } from '../../src/server/response-cache.js';
import { redisTestsRun, startRedis, type TestRedis } from '../helpers/redis.js';
import { API_KEY, createTestServer, type TestServer } from '../helpers/server.js';
import { ingestStories } from '../helpers/stories.js';

const LATEST = 'query Latest { articles(first: 100) { edges { node { title } } } }';

describe.skipIf(!redisTestsRun)('two databases, one Redis', () => {
  let redis: TestRedis;
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    redis = await startRedis();
    const options = { production: true, settings: { INGEST_API_KEYS: [API_KEY], REDIS_URL: redis.url } };
    [one, two] = await Promise.all([createTestServer(options, { seeded: false }), createTestServer(options, { seeded: false })]);
    await vi.waitFor(() => expect(one.yoga.shared?.available && two.yoga.shared?.available).toBe(true));
  });
  afterAll(async () => {
    await Promise.all([one?.drop(), two?.drop()]);
    await redis?.stop();
  });

  it('never answers one database with what the other cached', async () => {
    await ingestStories(one, [{ title: 'Only in the first database', domain: 'one.example' }]);
    await ingestStories(two, [{ title: 'Only in the second database', domain: 'two.example' }]);
    const [a, b] = await Promise.all([readDataStamp(one.db), readDataStamp(two.db)]);
    expect(a?.version).toBe(b?.version); // the case that went wrong: the versions coincide
    expect(a?.databaseId).not.toBe(b?.databaseId);

    const first = await one.post({ query: LATEST });
    expect((await one.post({ query: LATEST })).headers.get(CACHE_STATUS_HEADER)).toBe('HIT'); // it is in Redis
    const second = await two.post({ query: LATEST });
    expect(second.headers.get(CACHE_STATUS_HEADER)).toBe('MISS');
    expect(first.body.data.articles.edges.map((e: any) => e.node.title)).toEqual(['Only in the first database']);
    expect(second.body.data.articles.edges.map((e: any) => e.node.title)).toEqual(['Only in the second database']);
  });
});
