// Issue 10, item 6: nodes(ids:) accepted ~100,000 ids from anyone, 5-12 s of work per request. Now it takes
// at most 100 ids, like a page, and a list variable ten times longer than any argument takes is refused
// before it is even coerced or decoded; neither reaches the database.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../server/helpers.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ production: true });
});
afterAll(() => server?.drop());

const ids = (n: number) => Array.from({ length: n }, (_, i) => encodeGlobalID('Article', String(i + 1)));
const NODES = 'query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on Article { title } } }';

describe('nodes(ids:)', () => {
  it('serves 100 ids', async () => {
    const reply = await server.post({ query: NODES, variables: { ids: ids(100) } });
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data.nodes).toHaveLength(100);
    expect(reply.body.data.nodes.filter(Boolean).length).toBeGreaterThan(40);
  });

  it('refuses 100,000 ids in the variables before coercing or decoding them, without SQL', async () => {
    const before = server.sqlStatements();
    const reply = await server.post({ query: NODES, variables: { ids: ids(100_000) } });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual([
      expect.objectContaining({
        message: 'Variable "$ids" holds 100000 items; no argument takes more than 100',
        extensions: { code: 'BAD_USER_INPUT' },
      }),
    ]);
    expect(server.sqlStatements()).toBe(before);
  });

  it('refuses 101 ids in the variables, without SQL', async () => {
    const before = server.sqlStatements();
    const reply = await server.post({ query: NODES, variables: { ids: ids(101) } });
    expect(reply.body.errors[0]).toMatchObject({ message: 'ids takes at most 100 ids, got 101', extensions: { code: 'BAD_USER_INPUT' } });
    expect(server.sqlStatements()).toBe(before);
  });

  it('refuses 101 ids written in the document, without SQL', async () => {
    const before = server.sqlStatements();
    const reply = await server.post({ query: `{ nodes(ids: ${JSON.stringify(ids(101))}) { id } }` });
    expect(reply.body.data).toBeNull();
    expect(reply.body.errors[0]).toMatchObject({ message: 'ids takes at most 100 ids, got 101', extensions: { code: 'BAD_USER_INPUT' } });
    expect(server.sqlStatements()).toBe(before);
  });
});
