// The typed example client against a server that runs only persisted operations, with the committed allow-list
// (generated from the clients' documents): every operation of the client runs by its hash and answers what the
// same operation sent as text answers on an open server; anything else is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type GraphQLClient, GraphQLResponseError } from '../../examples/dashboard-client/src/client.js';
import { loadDashboard } from '../../examples/dashboard-client/src/dashboard.js';
import {
  ArticleByUrlQuery,
  DashboardQuery,
  SearchArticlesQuery,
  TrendingTopicsQuery,
} from '../../examples/dashboard-client/src/queries.js';
import { createNewsYoga, type NewsYoga } from '../../src/server/yoga.js';
import { createTestServer, type TestServer } from '../helpers/server.js';

const ALLOW_LIST = new URL('../../persisted-operations.json', import.meta.url).pathname;
const ENDPOINT = 'http://localhost/graphql';

let server: TestServer;
/** The client as a deployment with PERSISTED_OPERATIONS_FILE uses it: hashes only. */
let persistedClient: GraphQLClient;
/** The same client sending operation texts, to an open server over the same database. */
let openClient: GraphQLClient;
let requests: string[];
let open: NewsYoga;

/** The client's fetch, answered by a server's HTTP handler (yoga.fetch). */
const through =
  (yoga: NewsYoga): typeof fetch =>
  async (input, init) =>
    yoga.fetch(new Request(input, init));

beforeAll(async () => {
  server = await createTestServer({ settings: { PERSISTED_OPERATIONS_FILE: ALLOW_LIST } });
  requests = [];
  persistedClient = createClient(ENDPOINT, {
    persistedOperations: true,
    fetch: async (input, init) => {
      requests.push(String(init?.body));
      return through(server.yoga)(input, init);
    },
  });
  open = createNewsYoga({ db: server.db });
  openClient = createClient(ENDPOINT, { fetch: through(open) });
});
afterAll(async () => {
  await open?.dispose();
  await server?.drop();
});

describe('examples/dashboard-client with PERSISTED_OPERATIONS_FILE on', () => {
  it('loads the whole dashboard by hash, page by page, as the open server gives it', async () => {
    const persisted = await loadDashboard(ENDPOINT, { pageSize: 3, client: persistedClient });
    expect(persisted).toEqual(await loadDashboard(ENDPOINT, { pageSize: 3, client: openClient }));
    expect(persisted.articles.length).toBe(persisted.totalCount);
    expect(persisted.pages).toBeGreaterThan(1);
    // What went over the wire: hashes, never operation text.
    expect(requests.length).toBe(persisted.pages);
    for (const body of requests) {
      const sent = JSON.parse(body) as Record<string, any>;
      expect(sent.query).toBeUndefined();
      expect(sent.extensions.persistedQuery.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('runs the search, article-by-url and trending queries by hash', async () => {
    const { articles } = await loadDashboard(ENDPOINT, { client: persistedClient });
    const word = articles[0]!.title.split(/\W+/).find((w) => w.length > 4)!;
    const search = await persistedClient.execute(SearchArticlesQuery, { search: word });
    expect(search).toEqual(await openClient.execute(SearchArticlesQuery, { search: word }));
    expect(search.articles.totalCount).toBeGreaterThan(0);

    const url = search.articles.edges[0]!.node.webUrl!;
    const article = await persistedClient.execute(ArticleByUrlQuery, { url });
    expect(article.article?.id).toBe(search.articles.edges[0]!.node.id);

    const trending = await persistedClient.execute(TrendingTopicsQuery, { limit: 3 });
    expect(trending).toEqual(await openClient.execute(TrendingTopicsQuery, { limit: 3 }));
    expect(trending.trendingTopics.length).toBeGreaterThan(0);
  });

  it('refuses the same client sending text, and an operation no client lists, before any SQL', async () => {
    const before = server.sqlStatements();
    const textClient = createClient(ENDPOINT, { fetch: through(server.yoga) });
    const asText = await textClient.execute(DashboardQuery, { first: 1 }).catch((error: unknown) => error);
    expect(asText).toBeInstanceOf(GraphQLResponseError);
    expect((asText as GraphQLResponseError).errors[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');

    const unlisted = await server.post({
      extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } },
      variables: {},
    });
    expect(unlisted.status).toBe(400);
    expect(unlisted.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(server.sqlStatements()).toBe(before);
  });
});
