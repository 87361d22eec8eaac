// The dashboard query costs the same number of SQL statements whatever the page size: every relation is
// one batched statement per level of the query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_QUERY } from '../../src/graphql/dashboard-query.js';
import { createTestServer, type GraphQLResponse, type TestServer } from '../helpers/server.js';
import { RelatedThreeDeep } from './documents.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.drop());

/** The SQL statements one request sends, and its data. */
async function statementsFor<T>(request: () => Promise<GraphQLResponse<T>>) {
  const statements: string[] = [];
  const stop = server.db.onStatement((s) => statements.push(s.sql));
  try {
    const res = await request();
    expect(res.errors).toBeUndefined();
    return { statements, data: res.data! };
  } finally {
    stop();
  }
}

describe('SQL statements per request', () => {
  it('are the same for the dashboard query at first: 5 and first: 100, and few', async () => {
    // The server's own dashboard text (untyped: it is a string of src/, not a codegen document).
    const small = await statementsFor(() => server.graphql(DASHBOARD_QUERY, { first: 5 }));
    const large = await statementsFor(() => server.graphql(DASHBOARD_QUERY, { first: 100 }));
    expect(small.data.articles.edges).toHaveLength(5);
    // Every article of the seeds and fixtures (more than five times the small page), and many related stories.
    expect(large.data.articles.edges).toHaveLength(server.summary.articles);
    expect(server.summary.articles).toBeGreaterThan(25);
    const relatedShown = large.data.articles.edges.reduce((n: number, e: any) => n + e.node.related.edges.length, 0);
    expect(relatedShown).toBeGreaterThan(40);
    expect(large.statements.length).toBe(small.statements.length);
    // page, count, articles, providers, topics, images, related page, related articles, their providers, their topics
    expect(large.statements.length).toBeLessThanOrEqual(10);
  });

  it('are the same at first: 5 and first: 100 with every ArticleFilter condition, on each article list', async () => {
    // Every new condition is part of the page and count statements: none costs a statement of its own.
    const providers = await server.graphql('{ providers(first: 100) { edges { node { domain } } } }');
    const filter = {
      language: 'en-US',
      topics: ['Election', 'Victor Hale', 'Dana Okafor'],
      providerDomains: providers.data.providers.edges.map((e: any) => e.node.domain).slice(0, 50),
      excludeProviderDomains: ['nowhere.example'],
      hasImage: true,
      search: 'the',
    };
    const query = `query($first: Int!, $filter: ArticleFilter) {
      articles(first: $first, filter: $filter) { totalCount edges { node { title provider { name } topics { name } } } }
    }`;
    const small = await statementsFor(() => server.graphql(query, { first: 5, filter }));
    const large = await statementsFor(() => server.graphql(query, { first: 100, filter }));
    expect(small.data.articles.edges).toHaveLength(5);
    expect(large.data.articles.edges.length).toBeGreaterThan(10);
    expect(large.statements.length).toBe(small.statements.length);
    // page, count, articles, providers, topics
    expect(large.statements.length).toBeLessThanOrEqual(5);
  });

  it('stay constant three levels of related stories deep', async () => {
    const small = await statementsFor(() => server.graphql(RelatedThreeDeep, { first: 3 }));
    const large = await statementsFor(() => server.graphql(RelatedThreeDeep, { first: 100 }));
    // Even the small page reaches the third level (the newest fixture articles list related stories).
    const third = small.data.articles.edges.flatMap((a) =>
      a.node.related.edges.flatMap((r) => r.node.relatedTo.edges.flatMap((t) => t.node.related.edges)),
    );
    expect(third.length).toBeGreaterThan(0);
    expect(large.statements.length).toBe(small.statements.length);
  });

  it('grow with rows when batching is disabled (the benchmark baseline), proving the test can fail', async () => {
    const naive = await createTestServer({ disableBatching: true });
    try {
      const count = async (first: number) => {
        let n = 0;
        const stop = naive.db.onStatement(() => n++);
        await naive.graphql(DASHBOARD_QUERY, { first });
        stop();
        return n;
      };
      expect(await count(20)).toBeGreaterThan(await count(5));
    } finally {
      await naive.drop();
    }
  });
});
