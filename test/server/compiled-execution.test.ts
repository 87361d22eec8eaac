// graphql-jit (on by default) answers a bad request as graphql-js does: a null sent for a nullable variable
// with a default that stands where null is not allowed is refused as the client's error, never run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
