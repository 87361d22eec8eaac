// Issue 10, item 6: nodes(ids:) accepted ~100,000 ids from anyone, 5-12 s of work per request. Now it takes
// at most 100 ids, like a page, and a list variable ten times longer than any argument takes is refused
// before it is even coerced or decoded; neither reaches the database. Without an API key the body itself is
// capped (MAX_ANONYMOUS_REQUEST_BYTES, 64 KiB): 100,000 ids (2.3 MB) are refused before they are read.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, createTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ production: true, settings: { INGEST_API_KEYS: [API_KEY] } });
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

  it('refuses 100,000 ids from a client without a key by their size, before reading them (413)', async () => {
    const body = JSON.stringify({ query: NODES, variables: { ids: ids(100_000) } });
    const declared = await server.post(body);
    expect(declared.status).toBe(413);
    expect(declared.body.errors[0].extensions).toEqual({
      code: 'REQUEST_ENTITY_TOO_LARGE',
      limit: 'MAX_ANONYMOUS_REQUEST_BYTES',
    });
    // Streamed without a Content-Length: counted as it arrives.
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 16_384) controller.enqueue(bytes.subarray(i, i + 16_384));
        controller.close();
      },
    });
    const streamed = await server.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('refuses 100,000 ids from a keyed client before coercing or decoding them, without SQL', async () => {
    const before = server.sqlStatements();
    const reply = await server.post({ query: NODES, variables: { ids: ids(100_000) } }, { authorization: `Bearer ${API_KEY}` });
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
    expect(reply.body.errors[0]).toMatchObject({
      message: 'ids takes at most 100 ids, got 101',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(server.sqlStatements()).toBe(before);
  });

  it('refuses 101 ids written in the document, without SQL', async () => {
    const before = server.sqlStatements();
    const reply = await server.post({ query: `{ nodes(ids: ${JSON.stringify(ids(101))}) { id } }` });
    expect(reply.body.data).toBeNull();
    expect(reply.body.errors[0]).toMatchObject({
      message: 'ids takes at most 100 ids, got 101',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(server.sqlStatements()).toBe(before);
  });
});
