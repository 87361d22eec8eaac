// graphql-jit (on by default) answers every request as graphql-js does: a null sent for a nullable variable
// that stands where null is not allowed is refused as the client's error; a custom scalar's default is that
// scalar; each operation of a document answers for itself, whichever was asked for before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_QUERY } from '../../src/graphql/dashboard-query.js';
import { createTestServer, type TestServer } from '../helpers/server.js';

let compiled: TestServer;
let interpreted: TestServer;
beforeAll(async () => {
  compiled = await createTestServer();
  interpreted = await createTestServer({ settings: { GRAPHQL_JIT: false } });
});
afterAll(async () => {
  await compiled?.drop();
  await interpreted?.drop();
});

const IN_LIST = `query($d: String = "none.invalid") {
  articles(first: 2, filter: { excludeProviderDomains: [$d] }) { totalCount edges { node { title } } } }`;

describe('a null where the schema allows none', () => {
  it('inside a filter list: the argument error graphql-js gives, before any resolver', async () => {
    const expected = await interpreted.post({ query: IN_LIST, variables: { d: null } });
    expect(expected.body.errors?.[0]?.message).toMatch(/invalid value/);
    const before = compiled.sqlStatements();
    const reply = await compiled.post({ query: IN_LIST, variables: { d: null } });
    expect(reply.body.errors?.map((e: { message: string }) => e.message)).toEqual(
      expected.body.errors.map((e: { message: string }) => e.message),
    );
    expect(reply.body.data).toEqual(expected.body.data);
    expect(compiled.sqlStatements() - before).toBe(0);
  });

  it('the same document with the default, or a value, runs and filters', async () => {
    const all = await compiled.post({ query: '{ articles(first: 2) { totalCount } }' });
    for (const variables of [{}, { d: 'none.invalid' }]) {
      const reply = await compiled.post({ query: IN_LIST, variables });
      expect(reply.body.errors).toBeUndefined();
      expect(reply.body.data.articles.totalCount).toBe(all.body.data.articles.totalCount);
    }
  });
});

describe('variables graphql-jit would take differently', () => {
  it('a null in a directive argument that allows none', async () => {
    const query = 'query($x: Boolean = true) { articles(first: 1) { totalCount @include(if: $x) } }';
    const expected = await interpreted.post({ query, variables: { x: null } });
    expect(expected.body.errors?.[0]?.message).toMatch(/must not be null/);
    const reply = await compiled.post({ query, variables: { x: null } });
    expect({ ...reply.body, extensions: undefined }).toEqual({ ...expected.body, extensions: undefined });
    expect((await compiled.post({ query, variables: { x: false } })).body).toEqual({ data: { articles: {} } });
  });

  it('a DateTime default filters as the same instant sent as a value', async () => {
    const dates = await interpreted.post({ query: '{ articles(first: 100) { edges { node { publishedAt } } } }' });
    const instants: string[] = dates.body.data.articles.edges
      .map((e: { node: { publishedAt: string | null } }) => e.node.publishedAt)
      .filter(Boolean);
    expect(instants.length).toBeGreaterThan(2);
    for (const instant of [instants[1]!, instants.at(-2)!]) {
      const query = `query($from: DateTime = "${instant}") { articles(first: 100, filter: { from: $from }) { totalCount } }`;
      const expected = await interpreted.post({ query, variables: { from: instant } });
      expect(expected.body.errors).toBeUndefined();
      expect((await compiled.post({ query })).body).toEqual(expected.body);
      expect((await interpreted.post({ query })).body).toEqual(expected.body);
    }
  });

  it('defaults: a DateTime inside an input object, a non-null variable, taken as graphql-js takes them', async () => {
    const dates = await interpreted.post({ query: '{ articles(first: 3) { edges { node { publishedAt } } } }' });
    const instant: string = dates.body.data.articles.edges[1].node.publishedAt;
    const query = `query($f: ArticleFilter = { from: "${instant}" }) { articles(first: 100, filter: $f) { totalCount } }`;
    const expected = await interpreted.post({ query, variables: { f: { from: instant } } });
    expect(expected.body.errors).toBeUndefined();
    expect((await compiled.post({ query })).body).toEqual(expected.body);
    const required = 'query($n: Int! = 1) { articles(first: $n) { edges { node { title } } } }';
    const one = await interpreted.post({ query: required });
    expect(one.body.data.articles.edges).toHaveLength(1);
    expect((await compiled.post({ query: required })).body).toEqual(one.body);
  });
});

describe('what runs compiled', () => {
  // Errors raised by resolvers carry no locations under graphql-jit (README): they tell which executor ran.
  const located = async (target: TestServer, query: string, variables: Record<string, unknown>) => {
    const reply = await target.post({ query, variables });
    expect(reply.body.errors?.[0]?.message).toMatch(/first|invalid value/); // the page size's, or the argument's
    return reply.body.errors[0].locations !== undefined;
  };

  it('the dashboard, and a document whose variables graphql-jit takes as graphql-js does', async () => {
    expect(await located(interpreted, DASHBOARD_QUERY, { first: 101 })).toBe(true);
    expect(await located(compiled, DASHBOARD_QUERY, { first: 101 })).toBe(false);
    const include = 'query($x: Boolean = true, $n: Int) { articles(first: $n) { totalCount @include(if: $x) } }';
    expect(await located(compiled, include, { x: false, n: 101 })).toBe(false);
    const inList =
      'query($d: String = "x.example", $n: Int) { articles(first: $n, filter: { providerDomains: [$d] }) { totalCount } }';
    expect(await located(compiled, inList, { d: 'a.example', n: 101 })).toBe(false);
    expect(await located(compiled, inList, { d: null, n: 101 })).toBe(true);
  });
});

describe('documents of several operations', () => {
  it('each operation answers for itself, whichever was asked for before', async () => {
    const query = 'query Cheap { __typename } query Page($n: Int) { articles(first: $n) { edges { node { title } } } }';
    const page = await compiled.post({ query, operationName: 'Page', variables: { n: 1 } });
    expect(page.body.data.articles.edges).toHaveLength(1);
    expect((await compiled.post({ query, operationName: 'Cheap', variables: { n: 100 } })).body).toEqual({
      data: { __typename: 'Query' },
    });
  });
});
