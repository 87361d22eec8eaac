// The operations the GraphQL tests send, typed by `npm run codegen` (test/gql/, generated from schema.graphql:
// test/setup/codegen.ts runs it before vitest). `server.graphql(document, variables)` then types both. Queries a
// test sends to provoke an error stay plain strings in the test.
import { graphql } from '../gql/index.js';

export const ListArticles = graphql(`
  query List($first: Int, $after: String, $last: Int, $before: String, $filter: ArticleFilter, $orderBy: ArticleOrder) {
    articles(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id title publishedAt quality heat type category published webUrl provider { domain } topics { name slug } } }
    }
  }
`);

export const RelatedThreeDeep = graphql(`
  query RelatedThreeDeep($first: Int) { articles(first: $first) { edges { node { title
    related(first: 5) { edges { node { title provider { name }
      relatedTo(first: 5) { edges { node { title topics { name }
        related(first: 3) { totalCount edges { node { webUrl } } } } } } } } } } } } }
`);

export const ArticleByUrl = graphql(`
  query ArticleByUrl($u: String) { article(url: $u) { id slug title } }
`);

export const ArticleBySlug = graphql(`
  query ArticleBySlug($s: String) { article(slug: $s) { id } }
`);

export const ArticleById = graphql(`
  query ArticleById($id: ID) { article(id: $id) { title } }
`);

export const ArticleWithRelations = graphql(`
  query ArticleWithRelations($u: String) { article(url: $u) {
    id title
    related(first: 10) { totalCount edges { node { id title webUrl isStub provider { name domain } images { url width height isCached }
      relatedTo(first: 5) { totalCount edges { node { id } } } } } }
    provider { name domain images { url width height } }
    topics { name slug }
    images { url width height isCached }
  } }
`);

export const RelatedUrls = graphql(`
  query RelatedUrls($u: String) { article(url: $u) { related(first: 100) { totalCount edges { node { webUrl } } } } }
`);

export const RelatedToUrls = graphql(`
  query RelatedToUrls($u: String) { article(url: $u) { isStub relatedTo(first: 100) { edges { node { webUrl } } } } }
`);

export const FirstRelatedPage = graphql(`
  query FirstRelatedPage { articles(first: 100) { edges { node { id related(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { title } } } } } } }
`);

export const NodeRelatedTitles = graphql(`
  query NodeRelatedTitles($id: ID!, $after: String) { node(id: $id) { ... on Article { related(first: 100, after: $after) { edges { node { title } } } } } }
`);

export const ProvidersWithArticles = graphql(`
  query ProvidersWithArticles { providers(first: 100) { totalCount edges { node { domain name articleCount articles(first: 100) { totalCount edges { node { provider { domain } } } } } } } }
`);

export const ProviderByDomain = graphql(`
  query ProviderByDomain($domain: String!) { provider(domain: $domain) { name domain articleCount } }
`);

export const TopicBySlug = graphql(`
  query TopicBySlug($slug: String!) { topic(slug: $slug) { name articleCount articles(first: 100) { totalCount } } }
`);

export const TrendingTopics = graphql(`
  query TrendingTopics($from: DateTime, $to: DateTime) { trendingTopics(from: $from, to: $to, limit: 5) { articleCount topic { slug name } } }
`);

export const ArticleTopics = graphql(`
  query ArticleTopics($f: ArticleFilter) { articles(first: 100, filter: $f) { edges { node { topics { slug name } } } } }
`);
