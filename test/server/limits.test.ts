// Limits: the operations the project exists for always pass; each limit rejects what exceeds it, names the
// setting, and does so before a single SQL statement; body size and execution time are bounded too.

import { getOperationAST, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { DASHBOARD_QUERY } from '../../src/graphql/dashboard-query.js';
import { schema } from '../../src/graphql/schema.js';
import { measureOperation } from '../../src/server/query-cost.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { interceptReads } from '../helpers/intercept-reads.js';
import { clientOf, createTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.drop());

/** The 3-levels-deep related query of the batching test, at the top page size. */
const DEEP_RELATED = `query Deep($first: Int) { articles(first: $first) { edges { node { title
  related(first: 5) { edges { node { title provider { name }
    relatedTo(first: 5) { edges { node { title topics { name }
      related(first: 3) { totalCount edges { node { webUrl } } } } } } } } } } } } }`;

/** Posts an operation and returns the reply with the number of SQL statements it caused. */
async function run(query: string, variables: Record<string, unknown> = {}, target = server) {
  const before = target.sqlStatements();
  const reply = await target.post({ query, variables });
  return { ...reply, statements: target.sqlStatements() - before };
}

async function expectRejected(query: string, setting: string, message: RegExp, variables: Record<string, unknown> = {}) {
  const reply = await run(query, variables);
  expect(reply.body.data ?? null).toBeNull();
  expect(reply.body.errors).toHaveLength(1);
  expect(reply.body.errors[0].message).toMatch(message);
  expect(reply.body.errors[0].message).toContain(setting);
  expect(reply.body.errors[0].extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: setting });
  expect(reply.status).toBe(400);
  expect(reply.statements).toBe(0);
  return reply;
}

describe('operations that must always pass', () => {
  it('the dashboard query at first: 100, as a variable and as a literal', async () => {
    const byVariable = await run(DASHBOARD_QUERY, { first: 100 });
    expect(byVariable.body.errors).toBeUndefined();
    expect(byVariable.body.data.articles.edges).toHaveLength(server.summary.articles);
    const literal = await run(
      DASHBOARD_QUERY.replace('($first: Int = 50)', '').replace('articles(first: $first)', 'articles(first: 100)'),
    );
    expect(literal.body.errors).toBeUndefined();
    expect(literal.body.data.articles.edges).toHaveLength(byVariable.body.data.articles.edges.length);
  });

  it('related stories three levels deep at first: 100', async () => {
    const reply = await run(DEEP_RELATED, { first: 100 });
    expect(reply.body.errors).toBeUndefined();
    const levels = reply.body.data.articles.edges.flatMap((e: any) => e.node.related.edges);
    expect(levels.length).toBeGreaterThan(20);
  });
});

describe('each limit rejects before any SQL, naming its setting', () => {
  it('depth: related stories four levels deep', async () => {
    const fourLevels = `{ articles(first: 1) { edges { node { related(first: 1) { edges { node { related(first: 1) {
      edges { node { related(first: 1) { edges { node { related(first: 1) { edges { node { title } } } } } } } } } } } } } } } }`;
    await expectRejected(fourLevels, 'MAX_QUERY_DEPTH', /Query depth limit of 15 exceeded, found 16/);
  });

  it('cost: pages of 100 nested in pages of 100, whether literal or in variables', async () => {
    const nested = `query($a: Int, $b: Int) { articles(first: $a) { edges { node { related(first: $b) { edges { node {
      relatedTo(first: 100) { edges { node { title } } } } } } } } } }`;
    await expectRejected(nested, 'MAX_QUERY_COST', /Query cost limit of 250000 exceeded, found \d+/, { a: 100, b: 100 });
    const small = await run(nested, { a: 2, b: 2 });
    expect(small.body.errors).toBeUndefined();
    expect(small.statements).toBeGreaterThan(0);
  });

  it('cost: an operation measured once is measured again whenever a variable can change its cost', async () => {
    // The server keeps the cost of an operation within the limit that no variable sizes (see useQueryCostLimit).
    const sized = `query($a: Int, $b: Int) { articles(first: $a) { edges { node { related(first: $b) { edges { node {
      relatedTo(first: 100) { edges { node { webUrl } } } } } } } } } }`;
    expect((await run(sized, { a: 100, b: 1 })).body.errors).toBeUndefined();
    await expectRejected(sized, 'MAX_QUERY_COST', /found \d+/, { a: 100, b: 100 });
    // A size read from a variable inside a fragment.
    const inFragment = `query($b: Int) { articles(first: 100) { edges { node { ...Related } } } }
      fragment Related on Article { related(first: $b) { edges { node { relatedTo(first: 100) { edges { node { webUrl } } } } } } }`;
    expect((await run(inFragment, { b: 1 })).body.errors).toBeUndefined();
    await expectRejected(inFragment, 'MAX_QUERY_COST', /found \d+/, { b: 100 });
    // No size reads a variable, but a null in the filter's list (valid for a nullable variable with a default)
    // makes the arguments invalid: measured at the largest page, never kept at the default one.
    const nullInList = `query($d: String = "none.invalid") { articles(first: 100, filter: { excludeProviderDomains: [$d] }) {
      edges { node { related(first: 100) { edges { node { relatedTo(first: 12) { edges { node { webUrl } } } } } } } } } }`;
    const invalid = await expectRejected(nullInList, 'MAX_QUERY_COST', /found \d+/, { d: null });
    const valid = await expectRejected(nullInList, 'MAX_QUERY_COST', /found \d+/);
    expect(valid.body.errors[0].message).toBe(invalid.body.errors[0].message);
  });

  it('cost: which operations no variable can make costlier', () => {
    const sizedByVariables = (query: string, variables: Record<string, unknown> = {}) => {
      const document = parse(query);
      return measureOperation({ schema, document, operation: getOperationAST(document)!, variables }).variableSized;
    };
    expect(sizedByVariables('query($url: String!) { article(url: $url) { title topics { name } images { url } } }')).toBe(false);
    expect(
      sizedByVariables('query($q: String!) { articles(first: 50, filter: { search: $q }) { edges { node { title } } } }'),
    ).toBe(false);
    expect(sizedByVariables(DASHBOARD_QUERY)).toBe(true);
    expect(sizedByVariables('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['a'] })).toBe(true);
    expect(sizedByVariables('query($id: ID!) { nodes(ids: [$id]) { id } }', { id: 'a' })).toBe(true);
    expect(sizedByVariables('query($t: Int) { article(url: "x") { topics(first: $t) { name } } }')).toBe(true);
  });

  it('aliases: sixteen of them', async () => {
    const fields = Array.from({ length: 16 }, (_, i) => `a${i}: articles(first: 1) { totalCount }`).join(' ');
    await expectRejected(`{ ${fields} }`, 'MAX_QUERY_ALIASES', /Aliases limit of 15 exceeded, found 16/);
  });

  it('directives: eleven of them', async () => {
    const fields = Array.from({ length: 11 }, () => 'title @include(if: true)').join(' ');
    await expectRejected(
      `{ articles(first: 1) { edges { node { ${fields} } } } }`,
      'MAX_QUERY_DIRECTIVES',
      /Directives limit of 10 exceeded, found 11/,
    );
  });

  it('fields: fragments that stand for more than 2000 fields, before validation', async () => {
    const fragments = Array.from({ length: 10 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const query = `query { ...F0 }\n${fragments}\nfragment F10 on Query { articles(first: 1) { totalCount } }`;
    await expectRejected(query, 'MAX_QUERY_FIELDS', /Query fields limit of 2000 exceeded, found 2048 with fragments inlined/);
  });

  it('tokens: a document of more than 1000 tokens is refused while parsing', async () => {
    const reply = await run(`{ articles(first: 1) { edges { node { ${'title '.repeat(1_000)} } } } }`);
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].message).toMatch(/Token limit of 1000 exceeded/);
    expect(reply.statements).toBe(0);
  });
});

describe('limits follow the settings', () => {
  it('a server with smaller limits rejects the dashboard query, and accepts it with the defaults', async () => {
    const strict = await createTestServer({ settings: { MAX_QUERY_DEPTH: 5, MAX_QUERY_COST: 50 } }, { seeded: false });
    try {
      const deep = await run(DASHBOARD_QUERY, {}, strict);
      expect(deep.body.errors[0].extensions.limit).toBe('MAX_QUERY_DEPTH');
      const costly = await run('{ articles(first: 100) { edges { node { title } } } }', {}, strict);
      expect(costly.body.errors[0].extensions.limit).toBe('MAX_QUERY_COST');
      expect(deep.statements + costly.statements).toBe(0);
    } finally {
      await strict.drop();
    }
  });
});

describe('request body size', () => {
  it('answers 413 above MAX_REQUEST_BYTES, and serves the same request under it', async () => {
    const small = await createTestServer({ settings: { MAX_REQUEST_BYTES: 4_096 } }, { seeded: false });
    try {
      const padding = 'x'.repeat(8_000);
      const big = await small.post({ query: '{ articles(first: 1) { totalCount } }', variables: { padding } });
      expect(big.status).toBe(413);
      const fits = await small.post({ query: '{ articles(first: 1) { totalCount } }', variables: { padding: 'x' } });
      expect(fits.status).toBe(200);
      expect(fits.body.data.articles.totalCount).toBe(0);
    } finally {
      await small.drop();
    }
  });

  it('counts a body that no HTTP parser bounded: streamed, or longer than its declared Content-Length', async () => {
    const small = await createTestServer({ settings: { MAX_REQUEST_BYTES: 4_096 } }, { seeded: false });
    try {
      const body = JSON.stringify({ query: '{ articles(first: 1) { totalCount } }', variables: { padding: 'x'.repeat(8_000) } });
      const streamed = await small.request('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Blob([body]).stream(),
        duplex: 'half',
      } as RequestInit);
      // Handed to yoga directly (no Node parser in between), a declared length is not taken on trust.
      const understated = await small.request('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': '100' },
        body,
      });
      for (const reply of [streamed, understated]) {
        expect(reply.status).toBe(413);
        expect((await reply.json()).errors[0].extensions).toEqual({
          code: 'REQUEST_ENTITY_TOO_LARGE',
          limit: 'MAX_REQUEST_BYTES',
        });
      }
    } finally {
      await small.drop();
    }
  });
});

describe('execution timeout', () => {
  /** The same database, except that raw reads (article listings) wait until `release` is called. */
  function stalledDatabase(db: Database) {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    return { db: interceptReads(db, (_sql, run) => gate.then(run)), release };
  }

  it('answers EXECUTION_TIMEOUT for a stalled query while other requests are served', async () => {
    const { db, release } = stalledDatabase(server.db);
    const yoga = createNewsYoga({ db, settings: { EXECUTION_TIMEOUT_MS: 300 } });
    const client = clientOf(yoga);
    try {
      const stalled = client.post({ query: '{ articles(first: 3) { edges { node { title } } } }' });
      // Served meanwhile: the stalled operation holds no lock on the server.
      const other = await client.post({ query: '{ provider(domain: "marlowherald.example") { name } }' });
      expect(other.body.errors).toBeUndefined();
      const timedOut = await stalled;
      expect(timedOut.status).toBe(503);
      expect(timedOut.body.errors[0]).toMatchObject({
        message: 'Execution time limit of 300 ms exceeded (EXECUTION_TIMEOUT_MS).',
        extensions: { code: 'EXECUTION_TIMEOUT', limit: 'EXECUTION_TIMEOUT_MS' },
      });
    } finally {
      release();
      await yoga.dispose();
    }
  });

  it('sends no further SQL once an operation has timed out, at every level', async () => {
    let reads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const db = interceptReads(server.db, (_sql, run) => {
      reads++;
      return gate.then(run);
    });
    const yoga = createNewsYoga({ db, settings: { EXECUTION_TIMEOUT_MS: 200 } });
    try {
      const reply = await clientOf(yoga).post({
        query:
          '{ articles(first: 3) { edges { node { title related(first: 2) { edges { node { relatedTo(first: 2) { totalCount } } } } } } } }',
      });
      expect(reply.status).toBe(503);
      const before = reads;
      release();
      // The page read in flight completes; the levels below it would each send a statement, and must not.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(before).toBe(1);
      expect(reads).toBe(before);
    } finally {
      release();
      await yoga.dispose();
    }
  });
});
