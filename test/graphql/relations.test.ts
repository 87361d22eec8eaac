// Single-object lookups, relations, global ids, providers, topics and trending counts, through HTTP.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { NodeRelatedTitlesQuery } from '../gql/graphql.js';
import { fixtureNews, SEEDS_DIR } from '../helpers/fixtures.js';
import { createTestServer, type TestServer } from '../helpers/server.js';
import {
  ArticleById,
  ArticleBySlug,
  ArticleByUrl,
  ArticleTopics,
  ArticleWithRelations,
  FirstRelatedPage,
  NodeRelatedTitles,
  ProviderByDomain,
  ProvidersWithArticles,
  RelatedToUrls,
  RelatedUrls,
  TopicBySlug,
  TrendingTopics,
} from './documents.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.drop());

/** The data of a typed document (test/graphql/documents.ts), or of a string query as `T`, after checking for errors. */
async function data<TResult, TVariables>(query: TypedDocumentNode<TResult, TVariables>, variables?: TVariables): Promise<TResult>;
async function data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
async function data(query: string | TypedDocumentNode<unknown, unknown>, variables?: unknown): Promise<unknown> {
  const res =
    typeof query === 'string'
      ? await server.graphql(query, variables as Record<string, unknown>)
      : await server.graphql(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data;
}

const seedFrontMatter = parseYaml(
  readFileSync(join(SEEDS_DIR, '004_802b4129ae81b8f2.txt'), 'utf8')
    .split('\n---')[0]!
    .replace(/^---\n/, ''),
) as Record<string, any>;

describe('Query.article and relations', () => {
  it('finds an article by url (webUrl, originalUrl or ampWebUrl), slug and id', async () => {
    const byWeb = await data(ArticleByUrl, { u: seedFrontMatter.webUrl });
    expect(byWeb.article?.title).toBe(seedFrontMatter.title);
    const byAmp = await data(ArticleByUrl, { u: seedFrontMatter.ampWebUrl });
    expect(byAmp.article?.id).toBe(byWeb.article?.id);
    const bySlug = await data(ArticleBySlug, { s: byWeb.article?.slug });
    expect(bySlug.article?.id).toBe(byWeb.article?.id);
    const byId = await data(ArticleById, { id: byWeb.article?.id });
    expect(byId.article?.title).toBe(seedFrontMatter.title);
    const missing = await data(ArticleByUrl, { u: 'https://example.com/none' });
    expect(missing.article).toBeNull();
    const ambiguous = await server.graphql(`{ article { id } }`);
    expect(ambiguous.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('returns related stories in file order, with their providers and images, and relatedTo back', async () => {
    const article = (await data(ArticleWithRelations, { u: seedFrontMatter.webUrl })).article!;
    const expected = seedFrontMatter.related as any[];
    expect(article.related.totalCount).toBe(expected.length);
    expect(article.related.edges.map((e) => e.node.title)).toEqual(expected.map((r) => r.title));
    expect(article.related.edges.map((e) => e.node.provider?.domain)).toEqual(expected.map((r) => r.provider.domain));
    expect(article.related.edges[0]!.node.images[0]).toEqual(expected[0].images[0]);
    for (const edge of article.related.edges) {
      expect(edge.node.isStub).toBe(true);
      expect(edge.node.relatedTo.edges.map((e) => e.node.id)).toContain(article.id);
    }
    expect(article.provider).toEqual({
      name: 'Business Insider',
      domain: 'businessinsider.com',
      images: [{ url: seedFrontMatter.provider.images[0].url, width: 50, height: 50 }],
    });
    expect(article.topics.map((t) => t.name)).toEqual(['Election', 'Mike Pence']);
    expect(article.images).toEqual(seedFrontMatter.images);
  });

  it('keeps every fixture related list in file order, first entry per URL, never the article itself', async () => {
    const listing = [...fixtureNews().values()].flat().filter((story) => story.related?.length);
    expect(new Set(listing.map((story) => story.webUrl)).size).toBe(listing.length);
    // The quirks this covers are in the fixtures: a long list, a repeated URL, a self-link.
    expect(Math.max(...listing.map((story) => story.related.length))).toBeGreaterThan(40);
    expect(listing.some((story) => new Set(story.related.map((r: any) => r.webUrl)).size < story.related.length)).toBe(true);
    expect(listing.some((story) => story.related.some((r: any) => r.webUrl === story.webUrl))).toBe(true);
    for (const story of listing) {
      const expected = [...new Set<string>(story.related.map((r: any) => r.webUrl))].filter((url) => url !== story.webUrl);
      const article = (await data(RelatedUrls, { u: story.webUrl })).article!;
      expect(
        article.related.edges.map((e) => e.node.webUrl),
        story.webUrl,
      ).toEqual(expected);
      expect(article.related.totalCount).toBe(expected.length);
    }
  });

  it('links a fixture article listed as related by another back to it, as a full article', async () => {
    const urls = new Set(fixtureNews().keys());
    const links = [...fixtureNews().values()]
      .flat()
      .flatMap((story) =>
        (story.related ?? [])
          .filter((r: any) => r.webUrl !== story.webUrl && urls.has(r.webUrl))
          .map((r: any) => [story.webUrl, r.webUrl]),
      );
    expect(links.length).toBeGreaterThan(1);
    for (const [from, to] of links) {
      const article = (await data(RelatedToUrls, { u: to })).article!;
      expect(article.isStub, to).toBe(false);
      expect(
        article.relatedTo.edges.map((e) => e.node.webUrl),
        to,
      ).toContain(from);
    }
  });

  it('pages related stories with cursors, per parent, inside one batch', async () => {
    const { articles } = await data(FirstRelatedPage);
    const withMany = articles.edges.map((e) => e.node).filter((n) => n.related.totalCount > 2);
    expect(withMany.length).toBeGreaterThan(1);
    for (const node of withMany.slice(0, 3)) {
      expect(node.related.edges).toHaveLength(2);
      expect(node.related.pageInfo.hasNextPage).toBe(true);
      const all = await data(NodeRelatedTitles, { id: node.id });
      const rest = await data(NodeRelatedTitles, { id: node.id, after: node.related.pageInfo.endCursor });
      // node(id:) is an interface: the related stories are there when the node is an Article.
      const related = (result: NodeRelatedTitlesQuery) =>
        result.node && 'related' in result.node ? result.node.related : { edges: [] };
      const titles = (c: { edges: { node: { title: string } }[] }) => c.edges.map((e) => e.node.title);
      expect([...titles(node.related), ...titles(related(rest))]).toEqual(titles(related(all)));
    }
  });

  it('round-trips Relay global ids through node and nodes for every node type', async () => {
    const { articles, providers, topics } = await data(`{
      articles(first: 3) { edges { node { id title } } }
      providers(first: 3) { edges { node { id domain } } }
      topics(first: 3) { edges { node { id slug } } } }`);
    const ids = [...articles.edges, ...providers.edges, ...topics.edges].map((e: any) => e.node.id);
    const { nodes } = await data(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Article { title } ... on Provider { domain } ... on Topic { slug } } }`,
      { ids },
    );
    expect(nodes.map((n: any) => n.id)).toEqual(ids);
    expect(nodes.map((n: any) => n.__typename)).toEqual([
      'Article',
      'Article',
      'Article',
      'Provider',
      'Provider',
      'Provider',
      'Topic',
      'Topic',
      'Topic',
    ]);
    expect(nodes[0].title).toBe(articles.edges[0].node.title);
    expect(nodes[3].domain).toBe(providers.edges[0].node.domain);
    for (const id of ['bm9wZTox' /* nope:1 */, 'not base64 at all', Buffer.from('Article:').toString('base64')]) {
      const bad = await server.graphql(`query($id: ID!) { node(id: $id) { id } }`, { id });
      expect(bad.errors?.[0]?.extensions?.code, id).toBe('BAD_USER_INPUT');
    }
    const topicAsArticle = await server.graphql(`query($id: ID) { article(id: $id) { id } }`, { id: ids[6] });
    expect(topicAsArticle.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // An id past the 32-bit column is bad input, not a database error.
    const huge = await server.graphql(`query($id: ID!) { node(id: $id) { id } }`, {
      id: Buffer.from('Article:99999999999').toString('base64'),
    });
    expect(huge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('providers and topics', () => {
  it('lists providers with counts equal to their articles, and looks one up by domain', async () => {
    const { providers } = await data(ProvidersWithArticles);
    expect(providers.totalCount).toBe(server.summary.providers);
    for (const { node } of providers.edges) {
      expect(node.articles.totalCount).toBe(node.articleCount);
      expect(node.articles.edges).toHaveLength(node.articleCount);
      for (const e of node.articles.edges) expect(e.node.provider?.domain).toBe(node.domain);
    }
    // The Herald as its own fixture files name it; related entries elsewhere call it "Marlow Herald", without a logo.
    const herald = [...fixtureNews().values()].filter(([story]) => story!.provider.domain === 'marlowherald.example');
    expect(new Set(herald.map(([story]) => story!.provider.name))).toEqual(new Set(['The Marlow Herald']));
    const { provider } = await data(ProviderByDomain, { domain: 'www.MarlowHerald.example' });
    expect(provider).toEqual({ name: 'The Marlow Herald', domain: 'marlowherald.example', articleCount: herald.length });
  });

  it('counts topic articles and ranks trending topics exactly as a direct count does', async () => {
    const { topic } = await data(TopicBySlug, { slug: 'election' });
    expect(topic?.name).toBe('Election');
    expect(topic?.articles.totalCount).toBe(topic?.articleCount);

    const from = '2024-01-01T00:00:00Z';
    const to = '2024-05-01T00:00:00Z';
    const { trendingTopics } = await data(TrendingTopics, { from, to });
    const { articles } = await data(ArticleTopics, { f: { from, to } });
    const direct = new Map<string, { name: string; n: number }>();
    for (const e of articles.edges)
      for (const t of e.node.topics) direct.set(t.slug, { name: t.name, n: (direct.get(t.slug)?.n ?? 0) + 1 });
    const expected = [...direct.entries()]
      .sort((a, b) => b[1].n - a[1].n || (a[1].name < b[1].name ? -1 : 1))
      .slice(0, 5)
      .map(([slug, { n }]) => ({ slug, n }));
    expect(trendingTopics.map((t) => ({ slug: t.topic.slug, n: t.articleCount }))).toEqual(expected);
    // The same counts straight from the fixture files (the seeds are dated outside the window).
    const fromFiles = new Map<string, number>();
    for (const [story] of fixtureNews().values()) {
      const at = new Date(story!.publishedDateTime).getTime();
      if (at < Date.parse(from) || at >= Date.parse(to)) continue;
      for (const name of story!.topics) fromFiles.set(name, (fromFiles.get(name) ?? 0) + 1);
    }
    expect(Object.fromEntries(trendingTopics.map((t) => [t.topic.name, t.articleCount]))).toEqual(
      Object.fromEntries([...fromFiles].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5)),
    );
  });
});
