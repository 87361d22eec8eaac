// GraphQL fuzzing in production mode: generated operations and variables (wrong types, nulls, huge numbers,
// broken cursors and ids, mangled documents) never yield a 5xx, an internal error, or an internal detail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type Reply, type TestServer } from '../helpers/server.js';

/** Deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const OPERATIONS = [
  'query($first: Int, $after: String, $last: Int, $before: String) { articles(first: $first, after: $after, last: $last, before: $before) { edges { cursor node { id title } } pageInfo { endCursor } } }',
  'query($id: ID!) { article(id: $id) { title related(first: 2) { totalCount } } }',
  'query($id: ID, $slug: String, $url: String) { article(id: $id, slug: $slug, url: $url) { id } }',
  'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
  'query($id: ID!) { node(id: $id) { id ... on Article { relatedTo(first: 1) { totalCount } } } }',
  'query($filter: ArticleFilter, $orderBy: ArticleOrder, $after: String) { articles(first: 5, filter: $filter, orderBy: $orderBy, after: $after) { totalCount edges { node { id } } } }',
  'query($from: DateTime, $to: DateTime, $limit: Int) { trendingTopics(from: $from, to: $to, limit: $limit) { articleCount topic { name } } }',
  'query($domain: String!, $first: Int) { provider(domain: $domain) { articles(first: $first) { totalCount } } }',
  'query($slug: String!, $last: Int, $before: String) { topic(slug: $slug) { articles(last: $last, before: $before) { edges { node { id } } } } }',
  'query($first: Int, $after: String) { providers(first: $first, after: $after) { edges { cursor node { name } } } }',
  'query($first: Int, $after: String) { topics(first: $first, after: $after) { edges { cursor node { name } } } }',
  'query($id: ID!, $first: Int, $after: String) { article(id: $id) { related(first: $first, after: $after) { edges { cursor } } } }',
  'mutation($documents: [IngestDocumentInput!]!) { ingestArticles(documents: $documents) { status } }',
];
const VARIABLE_NAMES = [
  'first',
  'last',
  'after',
  'before',
  'id',
  'ids',
  'slug',
  'url',
  'filter',
  'orderBy',
  'from',
  'to',
  'limit',
  'domain',
  'documents',
];

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Values a careless or hostile client might send for any variable. */
function weirdValues(realCursor: string, realId: string): unknown[] {
  return [
    null,
    0,
    -1,
    1,
    3,
    100,
    101,
    2 ** 31 - 1,
    2 ** 31,
    2 ** 53 + 2,
    1e308,
    -1e308,
    1.5,
    '',
    ' ',
    'abc',
    '🙂',
    'x'.repeat(5_000),
    true,
    false,
    [],
    {},
    [null],
    { first: 1 },
    ['1', '2'],
    Array.from({ length: 500 }, (_, i) => String(i)),
    realCursor,
    realCursor.slice(0, -2),
    `${realCursor}AA`,
    realCursor.toUpperCase(),
    b64(['PUBLISHED_AT_DESC', {}, 'x']),
    b64(['related', 1e300]),
    b64(['PUBLISHED_AT_DESC', '2020-01-01T00:00:00Z', 2 ** 60]),
    b64('not json'),
    b64('arrayconnection:-5'),
    b64('arrayconnection:1e9'),
    'YXJyYXljb25uZWN0aW9uOmFiYw',
    realId,
    realId.slice(1),
    b64('Article:99999999999999999999'),
    b64('Article:-1'),
    b64('Topic:1'),
    b64('Provider:abc'),
    '99999999999999999999',
    '-7',
    '1e3',
    '2020-13-45',
    'not-a-date',
    '2020-02-30T25:61:00Z',
    '9999-12-31T23:59:59Z',
    'RELEVANCE',
    'PUBLISHED_AT_DESC',
    'DROP TABLE article;--',
    { search: '"unterminated' },
    { search: 'a* OR NEAR(' },
    { search: '' },
    { topic: null, minQuality: 2 ** 40 },
    { from: 'x' },
    { includeStubs: 'yes' },
    { unknown: 1 },
    [{ content: '---\n' }],
    [{ content: 5 }],
  ];
}

/** Values of the variable's declared type, or close to it: wrong only in what a resolver must check. */
function typedValues(name: string, realCursor: string, realId: string): unknown[] {
  const ids = [
    realId,
    realId.slice(1),
    b64('Article:99999999999999999999'),
    b64('Article:0'),
    b64('Topic:1'),
    '1',
    '007',
    '1e3',
    '-1',
    '',
  ];
  const cursors = [
    realCursor,
    realCursor.slice(0, -3),
    b64(['PUBLISHED_AT_DESC', null, 1]),
    b64(['QUALITY_DESC', 'x', 1]),
    b64(['related', 2]),
    b64([]),
    'Zm9v',
    '!!',
  ];
  switch (name) {
    case 'first':
    case 'last':
    case 'limit':
      return [null, -1, 0, 1, 99, 100, 101, 2 ** 31 - 1, -(2 ** 31)];
    case 'after':
    case 'before':
      return cursors;
    case 'id':
      return ids;
    case 'ids':
      return [[], ids, Array.from({ length: 200 }, () => realId)];
    case 'filter':
      return [
        {},
        { search: '"unterminated' },
        { search: 'NOT NEAR(a b' },
        { search: '*' },
        { topic: '' },
        { minQuality: -(2 ** 31) },
        { from: '1970-01-01T00:00:00Z', to: '1960-01-01T00:00:00Z' },
        { providerDomain: '%' },
        { includeStubs: true, search: 'trump' },
      ];
    case 'orderBy':
      return ['RELEVANCE', 'HEAT_DESC', 'QUALITY_DESC', 'PUBLISHED_AT_ASC'];
    case 'from':
    case 'to':
      return ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2020-02-29T12:00:00+14:00', '2020-01-01T00:00:00Z'];
    case 'documents':
      return [[], [{ content: '' }], [{ name: '', content: 'x' }]];
    default:
      return ['', 'x', '%', 'marlowherald.example', 'https://www.marlowherald.example/x', 'a'.repeat(2_000)];
  }
}

/** One character deleted, inserted or swapped: mostly syntax errors, sometimes other valid operations. */
function mangle(query: string, random: ReturnType<typeof prng>): string {
  const at = Math.floor(random.next() * query.length);
  const char = random.pick(['{', '}', '(', ')', '$', ':', '!', '"', '@', '.', 'x', ' ', '\u0000', '#']);
  return random.pick([
    () => query.slice(0, at) + query.slice(at + 1),
    () => query.slice(0, at) + char + query.slice(at),
    () => query.slice(0, at) + char + query.slice(at + 1),
  ])();
}

let server: TestServer;
let realCursor: string;
let realId: string;
beforeAll(async () => {
  server = await createTestServer({ production: true });
  const seedPage = await server.post({ query: '{ articles(first: 2) { edges { cursor node { id } } } }' });
  realCursor = seedPage.body.data.articles.edges[0].cursor;
  realId = seedPage.body.data.articles.edges[0].node.id;
});
afterAll(() => server?.drop());

const INTERNAL_DETAIL = /prisma|sqlite|postgres|SELECT |\n\s+at |TypeError|Cannot read|undefined is not/i;

function expectClientGrade(reply: Reply, request: unknown): void {
  const context = JSON.stringify(request).slice(0, 500);
  expect(reply.status, context).toBeLessThan(500);
  expect(typeof reply.body, context).toBe('object');
  expect('data' in reply.body || 'errors' in reply.body, context).toBe(true);
  for (const error of reply.body.errors ?? []) {
    expect(error.extensions?.code, `${context}\n${error.message}`).not.toBe('INTERNAL_SERVER_ERROR');
    expect(error.message, context).not.toMatch(INTERNAL_DETAIL);
  }
}

describe('GraphQL fuzzing (production masking)', () => {
  it('operations with generated variables get data or client errors', async () => {
    const random = prng(20_241_122);
    const values = weirdValues(realCursor, realId);
    for (let i = 0; i < 600; i++) {
      const variables: Record<string, unknown> = {};
      for (const name of VARIABLE_NAMES) {
        if (random.next() < 0.5) continue;
        // Mostly values of the variable's own type (so they reach resolvers), sometimes anything at all.
        variables[name] = random.next() < 0.7 ? random.pick(typedValues(name, realCursor, realId)) : random.pick(values);
      }
      const request = { query: random.pick(OPERATIONS), variables };
      expectClientGrade(await server.post(request), request);
    }
  });

  it('mangled documents and malformed request bodies get client errors', async () => {
    const random = prng(7);
    for (let i = 0; i < 300; i++) {
      const request = {
        query: mangle(random.pick(OPERATIONS), random),
        variables: { first: 2, id: realId, slug: 'x', domain: 'marlowherald.example' },
      };
      expectClientGrade(await server.post(request), request);
    }
    const bodies = [
      '',
      '{',
      'null',
      '[]',
      '"query"',
      '{"query": 5}',
      '{"query": "{ __typename }", "variables": "x"}',
      '{"query": "{ __typename }", "operationName": 7}',
      '{"query": "{ __typename }", "extensions": []}',
      '\u0000\u0001',
    ];
    for (const body of bodies) {
      const reply = await server.post(body);
      expect(reply.status, body).toBeGreaterThanOrEqual(400);
      expect(reply.status, body).toBeLessThan(500);
    }
  });
});
