// A level of a query reads only the article columns its selection asks for: the `card` set (id, title,
// publishedAt, webUrl, isStub, provider) unless a field outside it is named anywhere in the level's selection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findArticlePage } from '../../src/db/article-list-store.js';
import { articlesByIds, CARD_OMITS } from '../../src/db/article-store.js';
import { DASHBOARD_QUERY } from '../../src/graphql/dashboard-query.js';
import { createLoaders, primeArticles } from '../../src/graphql/loaders.js';
import { createTestServer, type GraphQLResponse, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.drop());

/** The SQL of the statements one request sends, and its data. */
async function statementsFor(request: () => Promise<GraphQLResponse>) {
  const statements: string[] = [];
  const stop = server.db.onStatement((s) => statements.push(s.sql));
  try {
    const res = await request();
    expect(res.errors).toBeUndefined();
    return { statements, data: res.data };
  } finally {
    stop();
  }
}

const READS_CARD = /NULL AS excerpt/;
const READS_ALL = /a\.excerpt/;

describe('article columns per level', () => {
  it('the dashboard reads the card columns on both levels', async () => {
    const { statements } = await statementsFor(() => server.graphql(DASHBOARD_QUERY, { first: 20 }));
    const articleStatements = statements.filter((sql) => /articlePage|relatedPage/.test(sql));
    expect(articleStatements).toHaveLength(2);
    for (const sql of articleStatements) {
      expect(sql).toMatch(READS_CARD);
      expect(sql).not.toMatch(READS_ALL);
    }
  });

  it('any field outside the card set, however it is selected, makes the level read every column', async () => {
    const selections = [
      'excerpt',
      '... on Article { slug }',
      '...More',
      'quality @include(if: false)',
      'ampWebUrl @skip(if: true)',
    ];
    for (const extra of selections) {
      const query = `query { articles(first: 3) { edges { node { title ${extra} } } } }
        ${extra === '...More' ? 'fragment More on Article { heat }' : ''}`;
      const { statements } = await statementsFor(() => server.graphql(query));
      const page = statements.find((sql) => sql.includes('articlePage'));
      expect(page, extra).toMatch(READS_ALL);
    }
    // Each omitted column is an Article field that asks for all of them.
    for (const field of CARD_OMITS) {
      const { statements } = await statementsFor(() =>
        server.graphql(`{ articles(first: 2) { edges { node { related(first: 2) { edges { node { ${field} } } } } } } }`),
      );
      const related = statements.find((sql) => sql.includes('relatedPage'));
      expect(related, field).toMatch(READS_ALL);
    }
  });

  it('an article by URL or slug reads the card columns unless its selection asks for more, with the same answers', async () => {
    const { data } = await statementsFor(() => server.graphql('{ articles(first: 1) { edges { node { slug webUrl } } } }'));
    const { slug, webUrl } = data.articles.edges[0].node;
    for (const [arg, value, name] of [
      ['url', webUrl, 'articleByWebUrl'],
      ['slug', slug, 'articleBySlug'],
    ] as const) {
      const query = (extra: string) => `query($v: String!) { article(${arg}: $v) {
        id title publishedAt webUrl isStub provider { name } topics { name } images { url } ${extra} } }`;
      const card = await statementsFor(() => server.graphql(query(''), { v: value }));
      const all = await statementsFor(() => server.graphql(query('excerpt'), { v: value }));
      expect(
        card.statements.find((sql) => sql.includes(name)),
        arg,
      ).toMatch(READS_CARD);
      expect(
        all.statements.find((sql) => sql.includes(name)),
        arg,
      ).toMatch(READS_ALL);
      expect(card.statements).toHaveLength(1);
      const { excerpt, ...rest } = all.data.article;
      expect(excerpt, arg).toEqual(expect.any(String));
      expect(card.data.article, arg).toEqual(rest);
    }
  });

  it('answers the card fields as reading every column does', async () => {
    const fields = 'id title publishedAt webUrl isStub provider { name domain }';
    const query = (extra: string) => `{ articles(first: 30, filter: { includeStubs: true }) { edges { node {
      ${fields} ${extra} related(first: 3) { edges { node { ${fields} ${extra} } } } } } } }`;
    const card = await server.graphql(query(''));
    const all = await server.graphql(query('excerpt'));
    expect(card.errors).toBeUndefined();
    const strip = (data: any): unknown =>
      JSON.parse(JSON.stringify(data, (key, value) => (key === 'excerpt' ? undefined : value)));
    expect(card.data).toEqual(strip(all.data));
    expect(card.data.articles.edges.some((e: any) => e.node.related.edges.length > 0)).toBe(true);
  });

  it('one document run with other variables reads the list sizes of its own variables', async () => {
    const query = `query($n: Int) { articles(first: 10) { edges { node { related(first: 3) { edges { node {
      title topics(first: $n) { name } } } } } } } }`;
    const topicCounts = (data: any) =>
      data.articles.edges.flatMap((e: any) => e.node.related.edges.map((r: any) => r.node.topics.length));
    const one = await statementsFor(() => server.graphql(query, { n: 1 }));
    const two = await statementsFor(() => server.graphql(query, { n: 2 }));
    expect(Math.max(...topicCounts(one.data))).toBe(1);
    expect(Math.max(...topicCounts(two.data))).toBe(2);
    expect(two.statements.length).toBe(one.statements.length);
  });

  it('card records are never cached by id, where a field outside the set would read their nulls', async () => {
    const { rows } = await findArticlePage(
      server.db,
      {},
      'PUBLISHED_AT_DESC',
      { limit: 3, inverted: false },
      { columns: 'card' },
    );
    expect(rows.length).toBe(3);
    expect(rows.every(({ article }) => article.slug === null)).toBe(true);
    const loaders = createLoaders(server.db);
    primeArticles(loaders, rows, 'card');
    const loaded = await loaders.articleById.loadMany(rows.map(({ article }) => article.id));
    const stored = await articlesByIds(
      server.db,
      rows.map(({ article }) => article.id),
    );
    expect(loaded).toEqual(rows.map(({ article }) => stored.find((s) => s.id === article.id)));
    expect(loaded.every((article) => article && !(article instanceof Error) && article.slug !== null)).toBe(true);
  });
});
