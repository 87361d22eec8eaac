// The operations this client sends. `npm run codegen` reads these `graphql(...)` calls and types each one
// against schema.graphql, so a schema change that breaks a query fails `tsc`, not a user.
import { graphql } from './gql/index.js';

/**
 * The server's DASHBOARD_QUERY (src/graphql/dashboard-query.ts) plus `$after` for cursor paging and the
 * article `id`, which lets the client prove every article arrived exactly once.
 */
export const DashboardQuery = graphql(`
  query Dashboard($first: Int = 50, $after: String) {
    articles(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id
          title
          publishedAt
          provider { name domain }
          topics { name }
          images { url }
          related(first: 5) {
            edges {
              node {
                title
                webUrl
                provider { name }
                topics { name }
              }
            }
          }
        }
      }
    }
  }
`);

/** Full-text search, best match first. */
export const SearchArticlesQuery = graphql(`
  query SearchArticles($search: String!, $first: Int = 10) {
    articles(first: $first, filter: { search: $search }, orderBy: RELEVANCE) {
      totalCount
      edges {
        node {
          id
          title
          webUrl
          publishedAt
          provider { name }
        }
      }
    }
  }
`);

/** One article by any of its URLs (web, original or AMP). */
export const ArticleByUrlQuery = graphql(`
  query ArticleByUrl($url: String!) {
    article(url: $url) {
      id
      title
      excerpt
      webUrl
      publishedAt
      provider { name domain }
      topics { name slug }
    }
  }
`);

/** Topics by articles published in [from, to). */
export const TrendingTopicsQuery = graphql(`
  query TrendingTopics($from: DateTime, $to: DateTime, $limit: Int = 10) {
    trendingTopics(from: $from, to: $to, limit: $limit) {
      articleCount
      topic { name slug }
    }
  }
`);
