// Several `npm start` processes on one PostgreSQL database, with one Redis (REDIS_URL) and without: a write
// through any instance, or by a seed process, is seen by every instance on the next request and reaches
// subscribers on every instance; with Redis the cache and the ingest rate limit are shared, and an outage
// leaves both instances answering, with sharing back (and no stale read) once Redis returns.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_STATUS_HEADER } from '../../src/server/response-cache.js';
import { redisTestsRun, startRedis, type TestRedis } from '../helpers/redis.js';
import { startSeedProcess } from '../helpers/seed-process.js';
import { API_KEY, type Client } from '../helpers/server.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';
import { subscribe } from '../helpers/sse.js';
import { ingestStories, storyDocument } from '../helpers/stories.js';
import { createTestDatabase, type TestDatabase, testDialect } from '../helpers/test-database.js';

const LIMITED_KEY = 'limited-key-0123456789abcdef';
const PARALLEL_KEYS = ['parallel-key-one-0123456789ab', 'parallel-key-two-0123456789ab'];
const RATE_LIMIT = 6;
const LATEST = 'query Latest { articles(first: 100) { edges { node { title } } } }';
const ADDED = 'subscription { articleAdded { title } }';
const postgresql = testDialect === 'postgresql';

const latest = async (server: Client, query = LATEST) => {
  const reply = await server.post({ query });
  expect(reply.status).toBe(200);
  return { cache: reply.headers.get(CACHE_STATUS_HEADER), titles: reply.body.data.articles.edges.map((e: any) => e.node.title) };
};

/** Runs `npm run seed` on one story in another process and waits for it to exit. */
async function seedElsewhere(databaseUrl: string, title: string, publishedAt: string) {
  const dir = mkdtempSync(join(tmpdir(), 'news-seed-'));
  try {
    writeFileSync(join(dir, 'story.md'), storyDocument({ title, domain: 'seed.example', publishedAt }));
    expect((await startSeedProcess(databaseUrl, [dir]).exited).code).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const settings = (extra: Record<string, string>) => ({
  INGEST_API_KEYS: [API_KEY, LIMITED_KEY, ...PARALLEL_KEYS].join(','),
  INGEST_RATE_LIMIT_MAX: String(RATE_LIMIT),
  INGEST_RATE_LIMIT_WINDOW: '1h',
  SUBSCRIPTION_POLL_MS: '50',
  ...extra,
});

describe.skipIf(!postgresql || !redisTestsRun)('two instances, one PostgreSQL database, one Redis', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let a: ServerProcess;
  let b: ServerProcess;
  const redisAvailable = (l: Record<string, any>) => /^redis available/.test(l.msg);
  const redisUnavailable = (l: Record<string, any>) => /^redis unavailable/.test(l.msg);

  beforeAll(async () => {
    redis = await startRedis();
    database = await createTestDatabase();
    const env = settings({ DATABASE_URL: database.url, REDIS_URL: redis.url });
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    await Promise.all([a, b].map((s) => s.waitForLog(redisAvailable)));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    await database?.drop();
  });

  it('a dashboard cached on B shows an article ingested through A on the next request', async () => {
    await latest(b);
    expect((await latest(b)).cache).toBe('HIT');
    await ingestStories(a, [{ title: 'Ingested through A', domain: 'a.example', publishedAt: '2030-01-01T00:00:00Z' }]);
    const after = await latest(b);
    expect(after.cache).toBe('MISS');
    expect(after.titles[0]).toBe('Ingested through A');
  });

  it('shares the cache: what A cached, B answers from it', async () => {
    const query = 'query SharedOnce { articles(first: 3) { edges { node { title } } } }';
    expect((await latest(a, query)).cache).toBe('MISS');
    expect((await latest(b, query)).cache).toBe('HIT');
  });

  it('a subscriber on B receives the article ingested through A and the one a seed process loads', async () => {
    const subscriber = await subscribe(b, ADDED);
    try {
      await ingestStories(a, [{ title: 'Pushed from A', domain: 'a.example' }]);
      expect((await subscriber.next()).data?.articleAdded.title).toBe('Pushed from A');
      await seedElsewhere(database.url, 'Pushed by a seed', '2026-02-01T00:00:00Z');
      expect((await subscriber.next()).data?.articleAdded.title).toBe('Pushed by a seed');
    } finally {
      subscriber.close();
    }
  });

  it('counts the ingest rate limit across A and B', async () => {
    const ingest = (server: Client) =>
      server.post({ query: 'mutation { ingestArticles(documents: []) { status } }' }, { authorization: `Bearer ${LIMITED_KEY}` });
    for (let i = 0; i < RATE_LIMIT; i++) expect((await ingest(i % 2 ? b : a)).status).toBe(200);
    const refused = await ingest(a);
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('counts parallel writes exactly, on one instance and across two', async () => {
    const burst = async (key: string, servers: Client[]) => {
      const replies = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          servers[i % servers.length]!.post(
            { query: 'mutation { ingestArticles(documents: []) { status } }' },
            { authorization: `Bearer ${key}` },
          ),
        ),
      );
      return replies.filter((r) => r.status === 200).length;
    };
    expect(await burst(PARALLEL_KEYS[0]!, [a])).toBe(RATE_LIMIT);
    expect(await burst(PARALLEL_KEYS[1]!, [a, b])).toBe(RATE_LIMIT);
  });

  it('treats a Redis that stops answering as gone, and shares again once it answers', async () => {
    const marks = [a.logs.length, b.logs.length];
    redis.pause();
    try {
      // Every request still answers (a hang would time the test out), and the outage is logged.
      expect((await latest(a)).cache).toBe('MISS');
      expect((await latest(b)).cache).toBe('MISS');
      await Promise.all([a.waitForLog(redisUnavailable, marks[0]), b.waitForLog(redisUnavailable, marks[1])]);
      await ingestStories(a, [{ title: 'Written while Redis hung', domain: 'a.example', publishedAt: '2030-06-01T00:00:00Z' }]);
      expect((await latest(b)).titles[0]).toBe('Written while Redis hung');
      for (const server of [a, b]) expect((await server.request('/ready')).status).toBe(200);
    } finally {
      redis.resume();
    }
    await Promise.all([a.waitForLog(redisAvailable, marks[0]), b.waitForLog(redisAvailable, marks[1])]);
    const query = 'query AfterHang { articles(first: 4) { edges { node { title } } } }';
    expect((await latest(a, query)).cache).toBe('MISS');
    expect((await latest(b, query)).cache).toBe('HIT');
    expect((await latest(b, query)).titles[0]).toBe('Written while Redis hung');
  });

  it('flushes the shared cache when an instance gets its connection back, before using it again', async () => {
    const admin = new Redis(redis.url);
    try {
      await admin.set('news:response-cache:left-from-before', '{"data":{}}');
      await admin.set('news:rate-limit:kept', '1'); // rate-limit counters are not the cache's
      const marks = [a.logs.length, b.logs.length];
      await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'); // drops both instances' connections
      await Promise.all([a.waitForLog(redisAvailable, marks[0]), b.waitForLog(redisAvailable, marks[1])]);
      expect(await admin.exists('news:response-cache:left-from-before')).toBe(0);
      expect(await admin.exists('news:rate-limit:kept')).toBe(1);
    } finally {
      admin.disconnect();
    }
  });

  it('keeps both answering while Redis is away, and shares again without a stale read once it returns', async () => {
    const marks = [a.logs.length, b.logs.length];
    await redis.stop();
    await Promise.all([a.waitForLog(redisUnavailable, marks[0]), b.waitForLog(redisUnavailable, marks[1])]);

    // Reads and writes go on; the cache is bypassed; probes stay green.
    expect((await latest(b)).cache).toBe('MISS');
    await ingestStories(a, [{ title: 'Written during the outage', domain: 'a.example', publishedAt: '2031-01-01T00:00:00Z' }]);
    expect((await latest(b)).titles[0]).toBe('Written during the outage');
    for (const server of [a, b]) expect((await server.request('/ready')).status).toBe(200);

    const back = [a.logs.length, b.logs.length];
    await redis.start();
    await Promise.all([a.waitForLog(redisAvailable, back[0]), b.waitForLog(redisAvailable, back[1])]);

    const query = 'query AfterOutage { articles(first: 5) { edges { node { title } } } }';
    expect((await latest(a, query)).cache).toBe('MISS');
    expect((await latest(b, query)).cache).toBe('HIT');
    await ingestStories(b, [{ title: 'Written after the outage', domain: 'b.example', publishedAt: '2032-01-01T00:00:00Z' }]);
    const after = await latest(a, query);
    expect(after.cache).toBe('MISS');
    expect(after.titles[0]).toBe('Written after the outage');
  });
});

describe.skipIf(!postgresql)('two instances, one PostgreSQL database, no Redis', () => {
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    const env = settings({ DATABASE_URL: database.url });
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('each caches on its own, and never serves what a write elsewhere changed', async () => {
    await latest(b);
    expect((await latest(b)).cache).toBe('HIT');
    await ingestStories(a, [{ title: 'Only A was asked', domain: 'a.example', publishedAt: '2030-01-01T00:00:00Z' }]);
    expect(await latest(b)).toEqual({ cache: 'MISS', titles: ['Only A was asked'] });
    await seedElsewhere(database.url, 'Seeded beside them', '2031-01-01T00:00:00Z');
    expect((await latest(a)).titles[0]).toBe('Seeded beside them');
  });

  it('subscribers on B still receive what A ingests (the journal is in the database)', async () => {
    const subscriber = await subscribe(b, ADDED);
    try {
      await ingestStories(a, [{ title: 'Reaches B without Redis', domain: 'a.example' }]);
      expect((await subscriber.next()).data?.articleAdded.title).toBe('Reaches B without Redis');
    } finally {
      subscriber.close();
    }
  });
});
