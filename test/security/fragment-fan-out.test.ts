// Issue 10, item 1: work before execution grows faster than the document. Before the fix, the cost estimate
// (selectionCost) walked a fragment again at every spread: ~1 KB of fragments that each spread the next one
// twice took 22 s at 28 levels, /health dead meanwhile. graphql-js's OverlappingFieldsCanBeMergedRule, also
// run before execution, is quadratic in fields that share a response name (a chain of fragments that each add
// one field grew 3.2-3.7x per doubling). Now every check is linear (work counter: at most 2.5x per doubling)
// and MAX_QUERY_FIELDS refuses a document whose fragments stand for too many fields before validation starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../helpers/server.js';
import { growth, MAX_GROWTH, preExecutionCounter } from './work-counter.js';

/** Fragments F0..F(levels-1) whose bodies `body(next)` spread the next one; the last selects a page. */
function fragmentChain(levels: number, body: (next: string) => string, on = 'Query', last = 'articles(first: 1) { totalCount }') {
  const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on ${on} { ${body(`F${i + 1}`)} }`);
  return [...fragments, `fragment F${levels} on ${on} { ${last} }`].join('\n');
}

/** The issue's document: each fragment spreads the next one twice. */
const fanOut = (levels: number) => `query { ...F0 }\n${fragmentChain(levels, (next) => `...${next} ...${next}`)}`;

const SHAPES: Record<string, (n: number) => string> = {
  'each fragment spreads the next twice (the issue)': fanOut,
  'each fragment adds a field and spreads the next twice': (n) =>
    `query { ...F0 }\n${fragmentChain(n, (next) => `articles(first: 1) { totalCount } ...${next} ...${next}`)}`,
  'each fragment spreads the next twice, once in an inline fragment': (n) =>
    `query { ...F0 }\n${fragmentChain(n, (next) => `... on Query { ...${next} } ...${next}`)}`,
  'each fragment spreads the next under two different fields': (n) =>
    `query { articles(first: 1) { edges { node { ...F0 } } } }\n${fragmentChain(
      Math.round(n / 2),
      (next) => `related(first: 2) { edges { node { ...${next} } } } relatedTo(first: 2) { edges { node { ...${next} } } }`,
      'Article',
      'title',
    )}`,
  'one selection set repeats a field n x 20 times': (n) =>
    `{ articles(first: 1) { edges { node { ${'title '.repeat(n * 20)} } } } }`,
};

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ production: true }, { seeded: false });
});
afterAll(() => server?.drop());

describe('fragment fan-out', () => {
  it('is refused by MAX_QUERY_FIELDS before validation, without SQL, from 10 levels on', async () => {
    for (const levels of [10, 20, 40]) {
      const before = server.sqlStatements();
      const reply = await server.post({ query: fanOut(levels) });
      expect(reply.status).toBe(400);
      expect(reply.body.errors).toHaveLength(1);
      expect(reply.body.errors[0].extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'MAX_QUERY_FIELDS' });
      expect(reply.body.errors[0].message).toContain(`found ${2 ** (levels + 1)}`); // two fields at the end of each path
      expect(server.sqlStatements()).toBe(before);
    }
  });

  it('costs linear work before execution, with the default limits', async () => {
    const counter = preExecutionCounter();
    const counted = await createTestServer({ production: true, plugins: [counter.plugin as never] }, { seeded: false });
    try {
      for (const [name, document] of Object.entries(SHAPES)) {
        const counts: number[] = [];
        for (const n of [5, 10, 20, 40]) {
          await counted.post({ query: document(n) });
          counts.push(counter.lastCount());
        }
        for (const ratio of growth(counts)) expect(ratio, `${name}: ${counts.join(', ')}`).toBeLessThanOrEqual(MAX_GROWTH);
      }
    } finally {
      await counted.drop();
    }
  });

  it('costs linear work in validation and in the cost estimate themselves (fields limit off)', async () => {
    const counter = preExecutionCounter();
    const counted = await createTestServer(
      { production: true, settings: { MAX_QUERY_FIELDS: Number.MAX_SAFE_INTEGER }, plugins: [counter.plugin as never] },
      { seeded: false },
    );
    try {
      for (const [name, document] of Object.entries(SHAPES)) {
        const counts: number[] = [];
        for (const n of [5, 10, 20, 40]) {
          const reply = await counted.post({ query: document(n) });
          expect(reply.body.errors?.[0]?.extensions?.limit, name).not.toBe('MAX_QUERY_FIELDS');
          counts.push(counter.lastCount());
        }
        for (const ratio of growth(counts)) expect(ratio, `${name}: ${counts.join(', ')}`).toBeLessThanOrEqual(MAX_GROWTH);
      }
      // Without the fields limit the fan-out still never runs: its cost multiplies through the fragments.
      const reply = await counted.post({ query: fanOut(40) });
      expect(reply.body.errors[0].extensions.limit).toBe('MAX_QUERY_COST');
      expect(reply.body.errors[0].message).toContain(`found ${2 ** 40}`);
    } finally {
      await counted.drop();
    }
  });
});

describe('the cost through fragments', () => {
  let strict: TestServer;
  beforeAll(async () => {
    strict = await createTestServer({ settings: { MAX_QUERY_COST: 1 } }, { seeded: false });
  });
  afterAll(() => strict?.drop());

  /** The cost the server computes for a document, read from its rejection. */
  async function costOf(query: string): Promise<number> {
    const reply = await strict.post({ query });
    expect(reply.body.errors[0].extensions.limit).toBe('MAX_QUERY_COST');
    return Number(/found (\d+)/.exec(reply.body.errors[0].message)![1]);
  }

  it("multiplies a fragment's articles(first: 100) by the related(first: 5) list it is spread in", async () => {
    const inline = `{ articles(first: 2) { edges { node { related(first: 5) { edges { node {
      provider { articles(first: 100) { edges { node { title } } } } } } } } } } }`;
    const withFragment = `{ articles(first: 2) { edges { node { related(first: 5) { edges { node { provider { ...Latest } } } } } } } }
      fragment Latest on Provider { articles(first: 100) { edges { node { title } } } }`;
    // articles 1 x (1 + edges 2 x (1 + node (1 + related (1 + edges 5 x (1 + node (1 + provider (1 + articles (1 + edges 100 x 2))))))))
    expect(await costOf(inline)).toBe(2_047);
    expect(await costOf(withFragment)).toBe(2_047);
  });

  it("gives a fragment spread directly in a connection that connection's page size, at every spread", async () => {
    const page = 'fragment Page on ArticleConnection { edges { node { title } } }';
    expect(await costOf(`{ articles(first: 100) { ...Page } } ${page}`)).toBe(1 + 100 * 2);
    expect(await costOf(`{ a: articles(first: 100) { ...Page } b: articles(first: 3) { ...Page ...Page } } ${page}`)).toBe(
      201 + 1 + 2 * 3 * 2,
    );
  });
});
