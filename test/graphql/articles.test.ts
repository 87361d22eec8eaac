// Query.articles through HTTP: filters, orders, paging in both directions, errors.
import { readFileSync } from 'node:fs';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleFilter, ListQuery, ListQueryVariables } from '../gql/graphql.js';
import { fixtureNews, listFiles, SEEDS_DIR } from '../helpers/fixtures.js';
import { createTestServer, type TestServer } from '../helpers/server.js';
import { ListArticles } from './documents.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.drop());

const ORDERS = ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC', 'QUALITY_DESC', 'HEAT_DESC'] as const;

type Listing = ListQuery['articles'];
type Node = Listing['edges'][number]['node'];

async function list(variables: ListQueryVariables): Promise<Listing> {
  const res = await server.graphql(ListArticles, variables);
  expect(res.errors).toBeUndefined();
  return res.data!.articles;
}

/** Fixture outlets (test/fixtures/corpus): the Herald has articles both published and not, from both years. */
const HERALD = 'marlowherald.example';

describe('Query.articles', () => {
  it('lists every loaded article once, newest first by default', async () => {
    const all = await list({ first: 100 });
    const total = server.summary.articles;
    expect(all.totalCount).toBe(total);
    expect(all.edges).toHaveLength(total);
    const dates = all.edges.map((e) => e.node.publishedAt).filter((d): d is string => d !== null);
    expect(dates).toEqual([...dates].sort().reverse());
    // Undated articles (the fixtures' learning article) come last.
    const firstNull = all.edges.findIndex((e) => e.node.publishedAt === null);
    expect(firstNull).toBeGreaterThan(0);
    expect(all.edges.slice(firstNull).every((e) => e.node.publishedAt === null)).toBe(true);
    // Every news story of the fixtures is listed, once however many files tell it.
    const listed = all.edges.map((e) => e.node.webUrl);
    for (const url of fixtureNews().keys()) expect(listed.filter((u) => u === url)).toHaveLength(1);
  });

  for (const orderBy of ORDERS) {
    it(`pages forward and backward through the whole list with no gap or repeat (${orderBy})`, async () => {
      const full = (await list({ first: 100, orderBy })).edges.map((e) => e.node.id);
      const forward: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await list({ first: 7, after, orderBy });
        forward.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(forward).toEqual(full);

      const backward: string[] = [];
      let before: string | null = null;
      for (;;) {
        const page = await list({ last: 6, before, orderBy });
        backward.unshift(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasPreviousPage) break;
        before = page.pageInfo.startCursor;
      }
      expect(backward).toEqual(full);
    });
  }

  it('orders by quality and heat, highest first, unknown values last', async () => {
    for (const [orderBy, field] of [
      ['QUALITY_DESC', 'quality'],
      ['HEAT_DESC', 'heat'],
    ] as const) {
      const values = (await list({ first: 100, orderBy })).edges.map((e) => e.node[field]);
      const known = values.filter((v): v is number => v !== null);
      expect(known).toEqual([...known].sort((a, b) => b - a));
      // The fixtures hold articles without either value (learning items, a feed entry): they come last.
      expect(known.length).toBeLessThan(values.length);
      expect(values.slice(known.length).every((v) => v === null)).toBe(true);
    }
  });

  it('filters by topic (slug or name), provider, dates, type, category, quality and published', async () => {
    const all = (await list({ first: 100 })).edges.map((e) => e.node);
    const cases: [ArticleFilter, (n: Node) => boolean][] = [
      [{ topic: 'victor-hale' }, (n) => n.topics.some((t) => t.slug === 'victor-hale')],
      [{ topic: 'Victor Hale' }, (n) => n.topics.some((t) => t.slug === 'victor-hale')],
      [{ providerDomain: HERALD }, (n) => n.provider?.domain === HERALD],
      [{ providerDomain: 'www.MarlowHerald.example' }, (n) => n.provider?.domain === HERALD],
      [{ from: '2024-01-01T00:00:00Z' }, (n) => n.publishedAt !== null && n.publishedAt >= '2024-01-01T00:00:00.000Z'],
      [{ to: '2024-01-01T00:00:00Z' }, (n) => n.publishedAt !== null && n.publishedAt < '2024-01-01T00:00:00.000Z'],
      [{ type: 'video' }, (n) => n.type === 'video'],
      [{ category: 'news' }, (n) => n.category === 'news'],
      [{ minQuality: 150 }, (n) => n.quality !== null && n.quality >= 150],
      [{ published: false }, (n) => n.published === false],
      [{ published: false, providerDomain: HERALD }, (n) => n.published === false && n.provider?.domain === HERALD],
    ];
    for (const [filter, predicate] of cases) {
      const expected = all.filter(predicate).map((n) => n.id);
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
      const got = await list({ first: 100, filter });
      expect(
        got.edges.map((e) => e.node.id),
        JSON.stringify(filter),
      ).toEqual(expected);
      expect(got.totalCount).toBe(expected.length);
    }
  });

  it('searches title, excerpt and body, best match first, and pages by relevance', async () => {
    // From the files: the fixture stories that mention the word, and the one with it in its title.
    const word = 'desalination';
    for (const file of listFiles(SEEDS_DIR)) expect(readFileSync(file, 'utf8').toLowerCase()).not.toContain(word);
    const mentioning = [...fixtureNews().values()]
      .map(([story]) => story!)
      .filter((s) => `${s.title} ${s.excerpt}`.toLowerCase().includes(word));
    const titled = mentioning.filter((s) => s.title.toLowerCase().includes(word));
    expect(titled).toHaveLength(1);
    expect(mentioning.length).toBeGreaterThan(2);
    const res = await list({ first: 100, filter: { search: word }, orderBy: 'RELEVANCE' });
    // A title match outranks matches elsewhere only.
    expect(res.edges[0]?.node.title).toBe(titled[0]!.title);
    expect(res.edges.map((e) => e.node.webUrl).sort()).toEqual(mentioning.map((s) => s.webUrl).sort());
    // A word only the seeds' plain-text body has.
    const bodyOnly = await list({ first: 100, filter: { search: 'PolitiFact' } });
    expect(bodyOnly.edges.map((e) => e.node.title)).toEqual([
      'Ivanka Trump tried to set up ‘peacemaking’ dinner with Hillary Clinton at father’s request',
    ]);
    const broad = await list({ first: 100, filter: { search: 'Hale' }, orderBy: 'RELEVANCE' });
    expect(broad.totalCount).toBeGreaterThan(8);
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await list({ first: 4, after, filter: { search: 'Hale' }, orderBy: 'RELEVANCE' });
      paged.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(broad.edges.map((e) => e.node.id));
    expect(broad.totalCount).toBe(paged.length);
    // Operators and quotes in the text are plain words, never query syntax.
    const odd = await server.graphql(ListArticles, { first: 5, filter: { search: 'hale" OR NEAR(* -' } });
    expect(odd.errors).toBeUndefined();
  });

  it('finds every article with a stopword, on either database', async () => {
    // From the stored text: the articles where "the" stands as a word (PostgreSQL's english configuration once
    // dropped it and found none).
    const res = await server.graphql('{ articles(first: 100) { edges { node { id title excerpt body } } } }');
    const word = /(?:^|[^\p{L}\p{N}])the(?![\p{L}\p{N}])/iu;
    const withThe = res.data.articles.edges
      .map((e: any) => e.node)
      .filter((a: any) => word.test(`${a.title}\n${a.excerpt ?? ''}\n${a.body ?? ''}`))
      .map((a: any) => a.id);
    expect(withThe.length).toBeGreaterThan(20);
    const found = await list({ first: 100, filter: { search: 'The' } });
    expect(found.edges.map((e) => e.node.id).sort()).toEqual(withThe.sort());
  });

  it('rejects bad input with BAD_USER_INPUT', async () => {
    const first = (await list({ first: 1 })).pageInfo.endCursor;
    const bad: ListQueryVariables[] = [
      { first: 101 },
      { first: -1 },
      { first: 5, last: 5 },
      { first: 5, after: 'not-a-cursor' },
      { first: 5, after: first, orderBy: 'HEAT_DESC' }, // a cursor of another ordering
      { first: 5, orderBy: 'RELEVANCE' },
      // Forged cursors: an id past the 32-bit column, a date that is no date, a score no integer column holds
      // (any integer a row can hold is a position: test/security/ingest-stored.test.ts).
      {
        first: 5,
        after: Buffer.from(JSON.stringify(['PUBLISHED_AT_DESC', '2021-01-01T00:00:00Z', 2 ** 60])).toString('base64url'),
      },
      { first: 5, after: Buffer.from(JSON.stringify(['PUBLISHED_AT_DESC', 'yesterday', 5])).toString('base64url') },
      { first: 5, after: Buffer.from(JSON.stringify(['QUALITY_DESC', 1.5, 5])).toString('base64url'), orderBy: 'QUALITY_DESC' },
      {
        first: 5,
        after: Buffer.from(JSON.stringify(['QUALITY_DESC', 2 ** 60, 5])).toString('base64url'),
        orderBy: 'QUALITY_DESC',
      },
      { first: 5, filter: { search: '  ?! ' } },
    ];
    for (const variables of bad) {
      const res = await server.graphql(ListArticles, variables);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
    // An order the schema does not have: sent as text, since the typed variables cannot hold it.
    const unknownOrder = await server.graphql(print(ListArticles), { first: 5, orderBy: 'NEWEST' });
    expect(unknownOrder.status).toBe(400);
  });
});
