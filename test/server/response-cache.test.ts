// The production server's response cache: hits and misses said in a header and counted in /metrics, ETags
// answered with 304 (and Cache-Control: no-cache), never a mutation or an error cached, and no stale read
// after a write: through the API in this process, or by `npm run seed` in another.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_QUERY } from '../../src/graphql/dashboard-query.js';
import { CACHE_STATUS_HEADER } from '../../src/server/response-cache.js';
import { startSeedProcess } from '../helpers/seed-process.js';
import { API_KEY, createTestServer, serveMetrics, type TestServer } from '../helpers/server.js';
import { ingestStories, storyDocument } from '../helpers/stories.js';

const LATEST = 'query Latest { articles(first: 100) { totalCount edges { node { title } } } }';
const CSRF = { 'x-graphql-yoga-csrf': '1' };

let server: TestServer;
const registry = new Registry();
beforeAll(async () => {
  server = await createTestServer({ production: true, metricsRegistry: registry, settings: { INGEST_API_KEYS: [API_KEY] } });
});
afterAll(() => server?.drop());

const latest = async () => {
  const reply = await server.post({ query: LATEST });
  return { cache: reply.headers.get(CACHE_STATUS_HEADER), titles: reply.body.data.articles.edges.map((e: any) => e.node.title) };
};
const getLatest = (headers: Record<string, string> = {}) =>
  server.request(`/graphql?query=${encodeURIComponent(LATEST)}`, {
    headers: { accept: 'application/json', ...CSRF, ...headers },
  });

/** Hits counted in /metrics so far. */
const hitCount = async () => {
  const metrics = await serveMetrics(registry);
  try {
    const text = await (await fetch(metrics.url)).text();
    return Number(/news_response_cache_requests_total\{result="hit"\} (\d+)/.exec(text)?.[1] ?? 0);
  } finally {
    await metrics.close();
  }
};

describe('response cache', () => {
  it('answers a repeated query from the cache, and says so', async () => {
    const first = await server.post({ query: DASHBOARD_QUERY });
    const second = await server.post({ query: DASHBOARD_QUERY });
    expect(first.headers.get(CACHE_STATUS_HEADER)).toBe('MISS');
    expect(second.headers.get(CACHE_STATUS_HEADER)).toBe('HIT');
    expect(second.body).toEqual(first.body);
  });

  it('costs one primary-key read on a hit, and no SQL for a request a limit refuses', async () => {
    const sent: string[] = [];
    const stop = server.db.onStatement((statement) => sent.push(statement.name));
    try {
      await server.post({ query: DASHBOARD_QUERY });
      sent.length = 0;
      const hit = await server.post({ query: DASHBOARD_QUERY });
      expect(hit.headers.get(CACHE_STATUS_HEADER)).toBe('HIT');
      expect(sent).toEqual(['dataVersion']);
      sent.length = 0;
      const deep = (depth: number): string => (depth === 0 ? 'title' : `related { edges { node { ${deep(depth - 1)} } } }`);
      const refused = await server.post({ query: `{ articles { edges { node { ${deep(6)} } } } }` });
      expect(refused.body.errors[0].extensions.limit).toBe('MAX_QUERY_DEPTH');
      expect(sent).toEqual([]);
    } finally {
      stop();
    }
  });

  it('never serves what a write through the API changed, on the next request', async () => {
    await latest();
    expect((await latest()).cache).toBe('HIT');
    await ingestStories(server, [{ title: 'Fresh off the wire', domain: 'wire.example', publishedAt: '2030-01-01T00:00:00Z' }]);
    const after = await latest();
    expect(after).toMatchObject({ cache: 'MISS' });
    expect(after.titles[0]).toBe('Fresh off the wire');
  });

  it('never serves what a seed in another process changed, once it has exited', async () => {
    await latest();
    expect((await latest()).cache).toBe('HIT');
    const dir = mkdtempSync(join(tmpdir(), 'news-seed-'));
    try {
      writeFileSync(
        join(dir, 'seeded.md'),
        storyDocument({ title: 'Seeded elsewhere', domain: 'seed.example', publishedAt: '2031-01-01T00:00:00Z' }),
      );
      const { code } = await startSeedProcess(server.url, [dir]).exited;
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const after = await latest();
    expect(after.cache).toBe('MISS');
    expect(after.titles[0]).toBe('Seeded elsewhere');
  });

  it('never caches errors or mutations', async () => {
    const broken = { query: 'query Broken { articles(after: "not-a-cursor") { totalCount } }' };
    for (let i = 0; i < 2; i++) {
      const reply = await server.post(broken);
      expect(reply.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(reply.headers.get(CACHE_STATUS_HEADER)).toBe('MISS');
    }
    const documents = [{ name: 'mutation-cache', content: storyDocument({ title: 'Mutation twice', domain: 'm.example' }) }];
    const mutation = {
      query: 'mutation($d: [IngestDocumentInput!]!) { ingestArticles(documents: $d) { status } }',
      variables: { d: documents },
    };
    const statuses = [];
    for (let i = 0; i < 2; i++) {
      const reply = await server.post(mutation, { authorization: `Bearer ${API_KEY}` });
      expect(reply.headers.get(CACHE_STATUS_HEADER)).toBeNull();
      statuses.push(reply.body.data.ingestArticles[0].status);
    }
    expect(statuses).toEqual(['LOADED', 'UNCHANGED']);
    // A mutation that writes nothing leaves the data version as it was: it still runs every time.
    for (let i = 0; i < 2; i++) {
      const reply = await server.post(
        { query: 'mutation { ingestArticles(documents: []) { status } }' },
        { authorization: `Bearer ${API_KEY}` },
      );
      expect(reply.headers.get(CACHE_STATUS_HEADER)).toBeNull();
    }
  });

  it('answers If-None-Match on GET with 304 until a write, with Cache-Control: no-cache', async () => {
    const first = await getLatest();
    const etag = first.headers.get('etag');
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^"[^"]+"$/); // quoted (RFC 7232)
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(Object.keys((await first.json()) as object)).toEqual(['data']); // no cache bookkeeping in the body

    const hits = await hitCount();
    const revalidated = await getLatest({ 'if-none-match': etag! });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('cache-control')).toBe('no-cache');
    expect(revalidated.headers.get(CACHE_STATUS_HEADER)).toBe('HIT'); // and counted as one
    expect(await hitCount()).toBe(hits + 1);
    expect((await getLatest({ 'if-none-match': `W/${etag}, "other"` })).status).toBe(304);
    expect((await getLatest({ 'if-none-match': etag!.slice(1, -1) })).status).toBe(200); // unquoted: not a tag

    await ingestStories(server, [{ title: 'Changes the listing', domain: 'etag.example', publishedAt: '2032-01-01T00:00:00Z' }]);
    const changed = await getLatest({ 'if-none-match': etag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const body = (await changed.json()) as any;
    expect(body.data.articles.edges[0].node.title).toBe('Changes the listing');
  });

  it('reports its hit rate in /metrics', async () => {
    const metrics = await serveMetrics(registry);
    try {
      const text = await (await fetch(metrics.url)).text();
      const hits = Number(/news_response_cache_requests_total\{result="hit"\} (\d+)/.exec(text)?.[1]);
      const misses = Number(/news_response_cache_requests_total\{result="miss"\} (\d+)/.exec(text)?.[1]);
      const ratio = Number(/^news_response_cache_hit_ratio (\S+)$/m.exec(text)?.[1]);
      expect(hits).toBeGreaterThan(0);
      expect(misses).toBeGreaterThan(0);
      expect(ratio).toBeCloseTo(hits / (hits + misses), 5);
    } finally {
      await metrics.close();
    }
  });
});

describe('RESPONSE_CACHE=0', () => {
  it('executes every query', async () => {
    const uncached = await createTestServer({ production: true, settings: { RESPONSE_CACHE: false } }, { seeded: false });
    try {
      for (let i = 0; i < 2; i++) expect((await uncached.post({ query: LATEST })).headers.get(CACHE_STATUS_HEADER)).toBeNull();
    } finally {
      await uncached.drop();
    }
  });
});
