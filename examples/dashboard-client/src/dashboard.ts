// The dashboard: every article, fetched page by page with cursors, reduced to the counts a front page shows.
import { createClient, type GraphQLClient } from './client.js';
import type { DashboardQuery as DashboardPage } from './gql/graphql.js';
import { DashboardQuery } from './queries.js';

/** One article as the dashboard query returns it. */
export type DashboardArticle = DashboardPage['articles']['edges'][number]['node'];

export interface ProviderCount {
  name: string;
  domain: string | null;
  articles: number;
}

export interface TopicCount {
  name: string;
  articles: number;
}

export interface DashboardSummary {
  /** Articles the server says the listing holds (`totalCount` of the last page read). */
  totalCount: number;
  /** Every article, in the server's order (newest first). */
  articles: DashboardArticle[];
  pages: number;
  /** Most articles first, then by name; articles without a provider count under "(no provider)". */
  articlesPerProvider: ProviderCount[];
  /** Topics by the number of articles filed under them, most first, then by name. */
  topics: TopicCount[];
  /** Related stories shown across all articles (the query asks for up to 5 per article). */
  relatedStories: number;
}

export interface LoadDashboardOptions {
  /** Articles per request; the server allows at most 100. */
  pageSize?: number;
  client?: GraphQLClient;
}

const NO_PROVIDER = '(no provider)';

export async function loadDashboard(endpoint: string, options: LoadDashboardOptions = {}): Promise<DashboardSummary> {
  const client = options.client ?? createClient(endpoint);
  const pageSize = options.pageSize ?? 100;
  const articles: DashboardArticle[] = [];
  const seen = new Set<string>();
  let after: string | null = null;
  let totalCount = 0;
  let pages = 0;

  for (;;) {
    const { articles: page }: DashboardPage = await client.execute(DashboardQuery, { first: pageSize, after });
    pages += 1;
    totalCount = page.totalCount;
    for (const { node } of page.edges) {
      // A repeated id means the listing shifted under the cursor (or a server bug): fail rather than double-count.
      if (seen.has(node.id)) throw new Error(`article ${node.id} ("${node.title}") returned twice while paging`);
      seen.add(node.id);
      articles.push(node);
    }
    if (!page.pageInfo.hasNextPage) break;
    // Without an end cursor the next request would restart at page one and never finish.
    if (!page.pageInfo.endCursor) throw new Error(`page ${pages} has a next page but no endCursor`);
    after = page.pageInfo.endCursor;
  }

  return { totalCount, articles, pages, ...summarize(articles) };
}

function summarize(articles: readonly DashboardArticle[]) {
  const providers = new Map<string, ProviderCount>();
  const topics = new Map<string, number>();
  let relatedStories = 0;

  for (const article of articles) {
    const key = article.provider?.domain ?? NO_PROVIDER;
    const entry = providers.get(key) ?? {
      name: article.provider?.name ?? NO_PROVIDER,
      domain: article.provider?.domain ?? null,
      articles: 0,
    };
    entry.articles += 1;
    providers.set(key, entry);
    for (const { name } of article.topics) topics.set(name, (topics.get(name) ?? 0) + 1);
    relatedStories += article.related.edges.length;
  }

  const byCountThenName = (a: { name: string; articles: number }, b: { name: string; articles: number }) =>
    b.articles - a.articles || a.name.localeCompare(b.name);
  return {
    articlesPerProvider: [...providers.values()].sort(byCountThenName),
    topics: [...topics].map(([name, count]) => ({ name, articles: count })).sort(byCountThenName),
    relatedStories,
  };
}
