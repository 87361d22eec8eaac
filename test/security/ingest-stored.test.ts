// Issue 10, items 4 and 8: what is stored cannot make reads expensive or break paging. Lists read at most
// `first` items per parent (20 by default, 50 at most) and the cost estimate prices exactly that, whatever a
// document once stored; numbers outside their columns are refused at ingest, and a cursor holds whatever a row
// holds (SQLite keeps rows with larger values stored before the check).
import { getOperationAST, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagesOfArticles, topicsOfArticles } from '../../src/db/relation-store.js';
import { DASHBOARD_QUERY } from '../../src/graphql/dashboard-query.js';
import { schema } from '../../src/graphql/schema.js';
import { INT32_MAX, INT32_MIN } from '../../src/ingest/parse/caps.js';
import { measureOperation } from '../../src/server/query-cost.js';
import { API_KEY, createTestServer, type TestServer } from '../helpers/server.js';
import { testDialect } from '../helpers/test-database.js';

const INGEST = `mutation Ingest($documents: [IngestDocumentInput!]!) { ingestArticles(documents: $documents) { name status error } }`;
const story = (slug: string, fields: string[] = []) =>
  [
    '---',
    `title: "Story ${slug}"`,
    `webUrl: "https://example.com/${slug}"`,
    'publishedDateTime: 2024-01-01T00:00:00Z',
    ...fields,
    '---',
    '',
  ].join('\n');

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ settings: { INGEST_API_KEYS: [API_KEY] } }, { seeded: false });
});
afterAll(() => server?.drop());

async function ingest(documents: { name: string; content: string }[]) {
  const reply = await server.graphql(INGEST, { documents }, { authorization: `Bearer ${API_KEY}` });
  expect(reply.errors).toBeUndefined();
  return reply.data.ingestArticles as { name: string; status: string; error: string | null }[];
}

const sql = (statement: string) => server.db.prisma.$executeRawUnsafe(statement);
const articleId = async (slug: string) =>
  (await server.db.prisma.article.findUniqueOrThrow({ where: { webUrl: `https://example.com/${slug}` }, select: { id: true } }))
    .id;

/** Objects below a response's data (every one is a row or a page the server had to build). */
function objectsIn(data: Record<string, unknown>): number {
  const count = (value: unknown): number => {
    if (Array.isArray(value)) return value.reduce((n: number, item) => n + count(item), 0);
    if (value === null || typeof value !== 'object') return 0;
    return 1 + Object.values(value).reduce((n: number, item) => n + count(item), 0);
  };
  return count(data) - 1;
}

function costOf(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  return measureOperation({ schema, document, operation: getOperationAST(document)!, variables }).cost;
}

describe('stored amplification: lists read at most `first` items per parent', () => {
  let hoarder: number;
  beforeAll(async () => {
    expect(
      (await ingest([{ name: 'hoarder', content: story('hoarder', ['provider: {name: "Hoard", domain: "hoard.example"}']) }]))[0]!
        .status,
    ).toBe('LOADED');
    hoarder = await articleId('hoarder');
    const provider = (await server.db.prisma.provider.findUniqueOrThrow({ where: { domain: 'hoard.example' } })).id;
    // What a document could store before ingest capped its lists: 500 images, 500 topics, 300 logos.
    const series = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i)).join(', ');
    await sql(
      `INSERT INTO image (url, position, article_id) VALUES ${series(500, (i) => `('https://example.com/i${i}.jpg', ${i}, ${hoarder})`)}`,
    );
    await sql(
      `INSERT INTO image (url, position, provider_id) VALUES ${series(300, (i) => `('https://example.com/logo${i}.png', ${i}, ${provider})`)}`,
    );
    await sql(`INSERT INTO topic (name, key, slug) VALUES ${series(500, (i) => `('Topic ${i}', 'topic ${i}', 'topic-${i}')`)}`);
    await sql(`INSERT INTO article_topic (article_id, topic_id, position) SELECT ${hoarder}, id, id FROM topic`);
  });

  it('the dashboard query returns 50 of each (all ingest may store), in file order, and its estimate bounds what it returns', async () => {
    const reply = await server.graphql(DASHBOARD_QUERY, { first: 100 });
    expect(reply.errors).toBeUndefined();
    const node = reply.data.articles.edges.find((e: any) => e.node.title === 'Story hoarder').node;
    expect(node.images.map((i: any) => i.url)).toEqual(Array.from({ length: 50 }, (_, i) => `https://example.com/i${i}.jpg`));
    expect(node.topics).toHaveLength(50);
    expect(objectsIn(reply.data)).toBeLessThanOrEqual(costOf(DASHBOARD_QUERY, { first: 100 }));
  });

  it('`first` asks for 0 to 50, priced as asked', async () => {
    const query = (n: number) => `{ articles(first: 1) { edges { node { images(first: ${n}) { url } topics(first: ${n}) { name }
      provider { images(first: ${n}) { url } } } } } }`;
    for (const n of [0, 1, 50]) {
      const reply = await server.graphql(query(n));
      expect(reply.errors).toBeUndefined();
      const node = reply.data.articles.edges[0].node;
      expect([node.images.length, node.topics.length, node.provider.images.length]).toEqual([n, n, n]);
      expect(objectsIn(reply.data)).toBeLessThanOrEqual(costOf(query(n)));
      expect(costOf(query(n))).toBeLessThan(10 + 3 * n + 5);
    }
    for (const n of [51, -1]) {
      const reply = await server.graphql(query(n));
      expect(reply.errors?.[0]?.message).toBe(`first must be between 0 and 50, got ${n}`);
      expect(reply.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('each statement fetches no more than the limit per parent', async () => {
    expect(await imagesOfArticles(server.db, [hoarder], 20)).toHaveLength(20);
    expect(await topicsOfArticles(server.db, [hoarder], 7)).toHaveLength(7);
  });
});

describe('numbers outside their columns', () => {
  it('are refused at ingest, naming the field', async () => {
    const storedBefore = await server.db.prisma.sourceFile.count();
    const results = await ingest([
      { name: 'huge-quality', content: story('huge-quality', ['quality: 3000000000']) },
      { name: 'huge-heat', content: story('huge-heat', ['heat: -3000000000']) },
      { name: 'huge-width', content: story('huge-width', ['images: [{url: "https://example.com/w.jpg", width: 4294967296}]']) },
    ]);
    expect(results.map((r) => r.status)).toEqual(['FAILED', 'FAILED', 'FAILED']);
    expect(results[0]!.error).toBe(
      `quality: expected an integer from ${INT32_MIN} to ${INT32_MAX} (a 32-bit column), got 3000000000`,
    );
    expect(results[1]!.error).toMatch(/^heat: /);
    expect(results[2]!.error).toMatch(/^images\[0\]\.width: expected a non-negative integer up to 2147483647/);
    expect(await server.db.prisma.sourceFile.count()).toBe(storedBefore);
  });

  it('paging by quality and heat visits every row once, whatever the rows hold', async () => {
    const scores = [INT32_MAX, 7, 0, INT32_MIN];
    // SQLite's integers are 64-bit: rows stored before the check can hold more. PostgreSQL's column cannot.
    const stored = testDialect === 'sqlite' ? [...scores, 3_000_000_000, -3_000_000_000, Number.MAX_SAFE_INTEGER] : scores;
    await ingest(stored.map((_, i) => ({ name: `score-${i}`, content: story(`score-${i}`, ['quality: 1', 'heat: 1']) })));
    for (const [i, score] of stored.entries()) {
      await sql(`UPDATE article SET quality = ${score}, heat = ${score} WHERE web_url = 'https://example.com/score-${i}'`);
    }
    for (const order of ['QUALITY_DESC', 'HEAT_DESC']) {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const reply: any = await server.graphql(
          `query($after: String) { articles(first: 1, after: $after, orderBy: ${order}) {
            pageInfo { hasNextPage endCursor } edges { node { title } } } }`,
          { after },
        );
        expect(reply.errors, `${order} after ${seen.length} rows`).toBeUndefined();
        seen.push(...reply.data.articles.edges.map((e: any) => e.node.title));
        if (!reply.data.articles.pageInfo.hasNextPage) break;
        after = reply.data.articles.pageInfo.endCursor;
      }
      const scored = stored.map((score, i) => ({ score, title: `Story score-${i}` })).sort((a, b) => b.score - a.score);
      expect(seen.filter((title) => title.startsWith('Story score-'))).toEqual(scored.map((s) => s.title));
      expect(new Set(seen).size).toBe(seen.length);
    }
  });
});

describe('text no database stores alike', () => {
  it('NUL characters and unpaired surrogates from YAML escapes are refused, naming the field, storing nothing', async () => {
    const storedBefore = await server.db.prisma.sourceFile.count();
    const results = await ingest([
      { name: 'nul-title', content: story('nul-title').replace('title: "Story nul-title"', 'title: "Story \\0 nul"') },
      { name: 'nul-excerpt', content: story('nul-excerpt', ['excerpt: "a\\u0000b"']) },
      { name: 'surrogate', content: story('surrogate', ['author: "half \\uD800 a pair"']) },
      {
        name: 'related-surrogate',
        content: story('related-surrogate', ['related: [{title: "x\\uDC00", webUrl: "https://example.com/r"}]']),
      },
    ]);
    expect(results.map((r) => r.status)).toEqual(['FAILED', 'FAILED', 'FAILED', 'FAILED']);
    expect(results[0]!.error).toBe('title: NUL character at position 6: not storable text');
    expect(results[1]!.error).toBe('excerpt: NUL character at position 1: not storable text');
    expect(results[2]!.error).toBe('author: unpaired UTF-16 surrogate at position 5: not storable text');
    expect(results[3]!.error).toBe('related[0].title: unpaired UTF-16 surrogate at position 1: not storable text');
    expect(await server.db.prisma.sourceFile.count()).toBe(storedBefore);
    // A pair written as two escapes is one character, and stored.
    const [paired] = await ingest([{ name: 'paired', content: story('paired', ['author: "\\uD83D\\uDE00"']) }]);
    expect(paired).toMatchObject({ status: 'LOADED', error: null });
  });
});
