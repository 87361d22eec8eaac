// The dashboard's operations. `npm run codegen` types each one against schema.graphql (web/src/gql/) and lists it in
// the persisted documents joined into persisted-operations.json, so the page also runs where only those run.
import { graphql } from './gql/index.js';

export const StorySummaryFragment = graphql(`
  fragment StorySummary on Article {
    id
    slug
    title
    excerpt
    publishedAt
    quality
    heat
    webUrl
    provider { name domain images(first: 1) { url } }
    topics(first: 6) { name slug }
    images(first: 1) { url width height }
  }
`);

/** One page of the feed; each page is its own query, so loading more never re-fetches what is shown. */
export const FeedQuery = graphql(`
  query Feed($first: Int!, $after: String, $filter: ArticleFilter, $orderBy: ArticleOrder) {
    articles(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { ...StorySummary } }
    }
  }
`);

export const RelatedStoryFragment = graphql(`
  fragment RelatedStory on Article {
    id
    slug
    title
    publishedAt
    isStub
    webUrl
    provider { name domain }
  }
`);

/**
 * The relations of one story, asked for when a reader expands it: only that story's lists, never the story itself
 * (its summary is on screen already).
 */
export const RelationsQuery = graphql(`
  query Relations($id: ID!) {
    node(id: $id) {
      id
      ... on Article {
        related(first: 10) { totalCount edges { node { ...RelatedStory } } }
        relatedTo(first: 10) { totalCount edges { node { ...RelatedStory } } }
      }
    }
  }
`);

/** The story page: a current or former slug (the API resolves aliases). */
export const StoryQuery = graphql(`
  query Story($slug: String!) {
    article(slug: $slug) {
      ...StorySummary
      author
      body
      originalUrl
      category
      isStub
      gallery: images { url width height }
    }
  }
`);

export const TrendingQuery = graphql(`
  query Trending($from: DateTime, $to: DateTime, $limit: Int) {
    trendingTopics(from: $from, to: $to, limit: $limit) { articleCount topic { name slug } }
  }
`);

/** What the filter controls offer: providers by name. */
export const ProvidersQuery = graphql(`
  query Providers {
    providers(first: 100) { edges { node { name domain articleCount } } }
  }
`);
