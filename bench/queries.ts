// The four benchmark queries, each written for this server and as the equivalent PostGraphile v5 query over
// the same tables (amber preset names: allArticles, providerByProviderId, relatedLinksBySourceId...).
// `firstTitle` reads the first article of a response, so the runner can check both servers agree.
import { DASHBOARD_QUERY } from '../src/graphql/dashboard-query.js';

export type Server = 'ours' | 'postgraphile';
export const QUERY_NAMES = ['dashboard', 'article by URL', 'search', 'deep page'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];

export interface QueryInputs {
  url: string;
  search: string;
  /** Each server's own cursor for the row at `deepRow` (cursors are server-specific). */
  deepCursor: Record<Server, string>;
}

export interface BenchQuery {
  query: string;
  variables: Record<string, unknown>;
  firstTitle(data: any): string | undefined;
}

const ourArticle = `title publishedAt webUrl provider { name } topics { name } images { url }`;
const peerArticle = `title publishedAt webUrl providerByProviderId { name }
  articleTopicsByArticleId(orderBy: POSITION_ASC) { nodes { topicByTopicId { name } } }
  imagesByArticleId(orderBy: POSITION_ASC) { nodes { url } }`;

const PEER_DASHBOARD = /* GraphQL */ `query Dashboard($first: Int = 50) {
  allArticles(first: $first, condition: { isStub: false }, orderBy: [PUBLISHED_AT_DESC, ROW_ID_DESC]) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        title
        publishedAt
        providerByProviderId { name domain }
        articleTopicsByArticleId(orderBy: POSITION_ASC) { nodes { topicByTopicId { name } } }
        imagesByArticleId(orderBy: POSITION_ASC) { nodes { url } }
        relatedLinksBySourceId(first: 5, orderBy: RANK_ASC) {
          edges {
            node {
              articleByTargetId {
                title
                webUrl
                providerByProviderId { name }
                articleTopicsByArticleId(orderBy: POSITION_ASC) { nodes { topicByTopicId { name } } }
              }
            }
          }
        }
      }
    }
  }
}`;

/** Page size of the search and deep-page queries; the dashboard's is its own default of 50. */
export const PAGE = 50;

export function benchQuery(server: Server, name: QueryName, inputs: QueryInputs): BenchQuery {
  const ours = server === 'ours';
  switch (name) {
    case 'dashboard':
      return ours
        ? { query: DASHBOARD_QUERY, variables: { first: 50 }, firstTitle: (d) => d?.articles?.edges?.[0]?.node?.title }
        : { query: PEER_DASHBOARD, variables: { first: 50 }, firstTitle: (d) => d?.allArticles?.edges?.[0]?.node?.title };
    case 'article by URL':
      return ours
        ? {
            query: `query($url: String!) { article(url: $url) { ${ourArticle} } }`,
            variables: { url: inputs.url },
            firstTitle: (d) => d?.article?.title,
          }
        : {
            query: `query($url: String!) { allArticles(condition: { webUrl: $url }, first: 1) { nodes { ${peerArticle} } } }`,
            variables: { url: inputs.url },
            firstTitle: (d) => d?.allArticles?.nodes?.[0]?.title,
          };
    case 'search':
      return ours
        ? {
            query: `query($q: String!) { articles(first: ${PAGE}, filter: { search: $q }, orderBy: RELEVANCE) { edges { node { title webUrl publishedAt provider { name } } } } }`,
            variables: { q: inputs.search },
            firstTitle: (d) => d?.articles?.edges?.[0]?.node?.title,
          }
        : {
            query: `query($q: String!) { searchArticles(q: $q, first: ${PAGE}) { edges { node { title webUrl publishedAt providerByProviderId { name } } } } }`,
            variables: { q: inputs.search },
            firstTitle: (d) => d?.searchArticles?.edges?.[0]?.node?.title,
          };
    case 'deep page':
      // Stubs included: they are rows of the table like any other, and they make the 10k corpus deep enough.
      return ours
        ? {
            query: `query($after: String) { articles(first: ${PAGE}, after: $after, filter: { includeStubs: true }) { pageInfo { hasNextPage endCursor } edges { node { title publishedAt provider { name } } } } }`,
            variables: { after: inputs.deepCursor.ours },
            firstTitle: (d) => d?.articles?.edges?.[0]?.node?.title,
          }
        : {
            query: `query($after: Cursor) { allArticles(first: ${PAGE}, after: $after, orderBy: [PUBLISHED_AT_DESC, ROW_ID_DESC]) { pageInfo { hasNextPage endCursor } edges { node { title publishedAt providerByProviderId { name } } } } }`,
            variables: { after: inputs.deepCursor.postgraphile },
            firstTitle: (d) => d?.allArticles?.edges?.[0]?.node?.title,
          };
  }
}

/** One page of keys only, to walk to the deep cursor (100 rows a page: our maximum page size). */
export function cursorWalkQuery(server: Server, after: string | null): { query: string; variables: Record<string, unknown> } {
  return server === 'ours'
    ? {
        query: `query($after: String) { articles(first: 100, after: $after, filter: { includeStubs: true }) { pageInfo { endCursor } } }`,
        variables: { after },
      }
    : {
        query: `query($after: Cursor) { allArticles(first: 100, after: $after, orderBy: [PUBLISHED_AT_DESC, ROW_ID_DESC]) { pageInfo { endCursor } } }`,
        variables: { after },
      };
}

export function walkEndCursor(server: Server, data: any): string | undefined {
  return server === 'ours' ? data?.articles?.pageInfo?.endCursor : data?.allArticles?.pageInfo?.endCursor;
}
