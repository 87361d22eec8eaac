// Issue 10, low: a cursor holding an extreme date ("0000-01-01…", "-271821-04-20…", which JavaScript parses)
// reached PostgreSQL, which has no year 0, and came back as an internal error; so did a DateTime argument
// in year 0000 (valid RFC 3339). Now cursor dates must be what the server writes (canonical ISO instants)
// in the years 0001-9999, and DateTime arguments outside those years are refused as the client's error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ production: true });
});
afterAll(() => server?.drop());

const cursor = (order: string, value: unknown, id = 1) => Buffer.from(JSON.stringify([order, value, id])).toString('base64url');

describe('dates from clients', () => {
  it('in a cursor: outside 0001-9999 or not as the server writes them, BAD_USER_INPUT without SQL', async () => {
    const dates = [
      '0000-01-01T00:00:00.000Z',
      '-271821-04-20T00:00:00.000Z',
      '+275760-09-13T00:00:00.000Z',
      '-004713-01-01T00:00:00.000Z',
      '2020',
      'Tue Mar 01 2022',
    ];
    for (const order of ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC']) {
      for (const date of dates) {
        const before = server.sqlStatements();
        const reply = await server.post({
          query: `{ articles(first: 2, orderBy: ${order}, after: "${cursor(order, date)}") { totalCount } }`,
        });
        expect(reply.body.errors?.[0]?.extensions?.code, `${order} ${date}`).toBe('BAD_USER_INPUT');
        expect(server.sqlStatements()).toBe(before);
      }
    }
  });

  it('in DateTime arguments: outside 0001-9999, refused with a message that says so', async () => {
    const queries = [
      '{ articles(first: 1, filter: { from: "0000-01-01T00:00:00Z" }) { totalCount } }',
      '{ trendingTopics(to: "0000-06-01T00:00:00Z") { articleCount } }',
    ];
    for (const query of queries) {
      const reply = await server.post({ query });
      expect(reply.status, query).toBe(400);
      expect(reply.body.errors[0].message).toMatch(
        /0000-0\d-01T00:00:00.000Z is out of range: dates lie in the years 0001 to 9999/,
      );
      expect(reply.body.errors[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    const variable = await server.post({
      query: 'query($from: DateTime) { articles(first: 1, filter: { from: $from }) { totalCount } }',
      variables: { from: '0000-01-01T00:00:00Z' },
    });
    expect(variable.status).toBe(400);
    expect(variable.body.errors[0].message).toMatch(/Variable "\$from" got invalid value .* out of range/);
  });

  it('as the server writes them: cursors keep paging through the edge years', async () => {
    const first = await server.post({
      query: '{ articles(first: 3) { edges { cursor node { publishedAt } } pageInfo { endCursor } } }',
    });
    const next = await server.post({
      query: `{ articles(first: 3, after: "${first.body.data.articles.pageInfo.endCursor}") { edges { node { title } } } }`,
    });
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data.articles.edges).toHaveLength(3);
    for (const date of ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      const reply = await server.post({
        query: `{ articles(first: 2, after: "${cursor('PUBLISHED_AT_DESC', date)}") { totalCount } }`,
      });
      expect(reply.body.errors, date).toBeUndefined();
    }
  });
});
