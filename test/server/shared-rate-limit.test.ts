// The ingest rate limit counted in Redis (REDIS_URL) on one instance: parallel writes cannot slip past it (the
// count is atomic), and the mutations of one request count once each.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { redisTestsRun, startRedis, type TestRedis } from '../helpers/redis.js';
import { API_KEY, createTestServer, type TestServer } from '../helpers/server.js';

const KEYS = ['rate-key-one-0123456789abcdef', 'rate-key-two-0123456789abcdef'] as const;
const MAX = 3;
const EMPTY = 'ingestArticles(documents: []) { status }';

describe.skipIf(!redisTestsRun)('ingest rate limit in Redis', () => {
  let redis: TestRedis;
  let server: TestServer;
  beforeAll(async () => {
    redis = await startRedis();
    server = await createTestServer(
      {
        production: true,
        settings: {
          INGEST_API_KEYS: [API_KEY, ...KEYS],
          REDIS_URL: redis.url,
          INGEST_RATE_LIMIT_MAX: MAX,
          INGEST_RATE_LIMIT_WINDOW: '1h',
        },
      },
      { seeded: false },
    );
    await vi.waitFor(() => expect(server.yoga.shared?.available).toBe(true));
  });
  afterAll(async () => {
    await server?.drop();
    await redis?.stop();
  });

  const write = (key: string, query = `mutation { ${EMPTY} }`) => server.post({ query }, { authorization: `Bearer ${key}` });

  it('lets exactly INGEST_RATE_LIMIT_MAX of 20 parallel writes through', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, () => write(KEYS[0])));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(MAX);
    expect(replies.filter((r) => r.status === 429)).toHaveLength(20 - MAX);
  });

  it('counts the mutations of one request once each', async () => {
    // Three in one request: all pass at exactly the limit, and together they reach it.
    const three = await write(KEYS[1], `mutation { a: ${EMPTY} b: ${EMPTY} c: ${EMPTY} }`);
    expect(three.status).toBe(200);
    expect(three.body.errors).toBeUndefined();
    expect((await write(KEYS[1])).status).toBe(429);
  });
});
