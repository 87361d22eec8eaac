// The typed example client against a real HTTP server on an ephemeral port: the same path `npm start` serves,
// so paging, error reporting and the generated types are exercised over the wire, not through yoga.fetch.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, GraphQLResponseError } from '../../examples/dashboard-client/src/client.js';
import { loadDashboard } from '../../examples/dashboard-client/src/dashboard.js';
import {
  ArticleByUrlQuery,
  DashboardQuery,
  SearchArticlesQuery,
  TrendingTopicsQuery,
} from '../../examples/dashboard-client/src/queries.js';
import { fixtureNews } from '../helpers/fixtures.js';
import { createTestServer, type TestServer } from '../helpers/server.js';

let seeded: TestServer;
let http: Server;
let endpoint: string;

beforeAll(async () => {
  seeded = await createTestServer();
  http = createServer(seeded.yoga);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', resolve);
  });
  const { port } = http.address() as AddressInfo;
  endpoint = `http://127.0.0.1:${port}${seeded.yoga.graphqlEndpoint}`;
});

afterAll(async () => {
  if (http?.listening) {
    http.closeAllConnections();
    await new Promise<void>((resolve, reject) => http.close((error) => (error ? reject(error) : resolve())));
  }
  await seeded?.drop();
});

/** Reference listing straight from the server, one page (the seeded database holds at most 100 articles). */
async function serverArticles() {
  const res = await seeded.graphql<{ articles: { totalCount: number; edges: { node: { id: string } }[] } }>(
    '{ articles(first: 100) { totalCount edges { node { id } } } }',
  );
  expect(res.errors).toBeUndefined();
  const { totalCount, edges } = res.data!.articles;
  expect(totalCount).toBeLessThanOrEqual(100);
  return { totalCount, ids: edges.map((e) => e.node.id) };
}

describe('examples/dashboard-client', () => {
  it('pages through every article exactly once, in the server order, and totals match totalCount', async () => {
    const reference = await serverArticles();
    // A small page size makes many cursor boundaries.
    const summary = await loadDashboard(endpoint, { pageSize: 7 });

    expect(summary.totalCount).toBe(reference.totalCount);
    expect(summary.totalCount).toBe(seeded.summary.articles);
    expect(summary.pages).toBe(Math.ceil(reference.totalCount / 7));
    const ids = summary.articles.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(reference.ids);
  });

  it('summarizes providers, topics and related stories consistently with the server', async () => {
    const summary = await loadDashboard(endpoint);
    expect(summary.pages).toBe(1);

    const perProvider = summary.articlesPerProvider.reduce((sum, p) => sum + p.articles, 0);
    expect(perProvider).toBe(summary.totalCount);
    const res = await seeded.graphql<{ providers: { edges: { node: { domain: string; articleCount: number } }[] } }>(
      '{ providers(first: 100) { edges { node { domain articleCount } } } }',
    );
    const serverCounts = Object.fromEntries(
      res.data!.providers.edges.filter((e) => e.node.articleCount > 0).map((e) => [e.node.domain, e.node.articleCount]),
    );
    const clientCounts = Object.fromEntries(
      summary.articlesPerProvider.filter((p) => p.domain !== null).map((p) => [p.domain, p.articles]),
    );
    expect(clientCounts).toEqual(serverCounts);

    const counts = summary.topics.map((t) => t.articles);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(summary.topics.length).toBeGreaterThan(0);
    const related = summary.articles.reduce((sum, a) => sum + a.related.edges.length, 0);
    expect(summary.relatedStories).toBe(related);
    expect(summary.relatedStories).toBeGreaterThan(0);
  });

  it('runs the typed search, article-by-url and trending queries', async () => {
    const client = createClient(endpoint);
    // The one fixture story with the word in its title ranks first (test/graphql/articles.test.ts checks the rest).
    const [titled] = [...fixtureNews().values()].map(([story]) => story!).filter((story) => /desalination/i.test(story.title));
    const search = await client.execute(SearchArticlesQuery, { search: 'desalination' });
    const best = search.articles.edges[0]?.node;
    expect(best?.title).toBe(titled!.title);

    const article = await client.execute(ArticleByUrlQuery, { url: best!.webUrl! });
    expect(article.article?.id).toBe(best!.id);

    const trending = await client.execute(TrendingTopicsQuery, { limit: 3 });
    expect(trending.trendingTopics.length).toBeGreaterThan(0);
    expect(trending.trendingTopics.length).toBeLessThanOrEqual(3);
  });

  it('throws the GraphQL errors with their messages and codes', async () => {
    const client = createClient(endpoint);
    const failure = await client.execute(DashboardQuery, { first: 500 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphQLResponseError);
    const error = failure as GraphQLResponseError;
    expect(error.errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/^Dashboard failed \(HTTP \d+\): first must be between 0 and 100, got 500 \[BAD_USER_INPUT\]/);
  });
});
