// Subscription.articleAdded over GraphQL-over-SSE, as a browser's fetch() subscribes under the production
// server's CSRF prevention: what is announced (new articles and upgraded stubs, never updates or stubs), the
// filter meaning what the listing means, nested fields, the caps, keep-alive comments, and no listener left
// behind by a disconnect.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiServer } from '../../src/server/http-server.js';
import { serverSettings } from '../../src/server/yoga.js';
import { API_KEY, clientOf, createTestServer, type TestServer } from '../helpers/server.js';
import { type Subscriber, subscribe } from '../helpers/sse.js';
import { ingestStories, type Story } from '../helpers/stories.js';

const ADDED = `subscription Added($filter: ArticleFilter) {
  articleAdded(filter: $filter) { id title isStub provider { domain name } topics { name } }
}`;

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer(
    {
      production: true,
      settings: { INGEST_API_KEYS: [API_KEY], SUBSCRIPTION_POLL_MS: 20, MAX_SUBSCRIPTIONS_PER_CLIENT: 3, TRUST_PROXY: true },
    },
    { seeded: false },
  );
});
afterAll(() => server?.drop());

let client = 0;
/** Each subscriber its own client address (TRUST_PROXY is on), so the per-client cap only bites where meant. */
const open = (filter?: Record<string, unknown>, address = `10.0.0.${++client}`) =>
  subscribe(server, ADDED, { filter }, { 'x-forwarded-for': address });
const titleOf = async (subscriber: Subscriber) => {
  const payload = await subscriber.next();
  expect(payload.errors).toBeUndefined();
  return payload.data?.articleAdded.title as string;
};

describe('articleAdded', () => {
  it('streams over SSE via POST under CSRF prevention, with nested fields resolved', async () => {
    const all = await open();
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toContain('text/event-stream');
    await ingestStories(server, [{ title: 'Harbor reopens', domain: 'harbor.example', topics: ['Ports'] }]);
    const payload = await all.next();
    expect(payload.data?.articleAdded).toMatchObject({
      title: 'Harbor reopens',
      isStub: false,
      provider: { domain: 'harbor.example', name: 'harbor.example' },
      topics: [{ name: 'Ports' }],
    });
    all.close();
  });

  it('announces new articles and upgraded stubs, never stubs or updates', async () => {
    const all = await open();
    const stub: Story = { title: 'Stub story grows up', domain: 'stubs.example' };
    const parent: Story = { title: 'Parent with a related story', domain: 'parents.example', related: [stub] };
    await ingestStories(server, [parent]);
    expect(await titleOf(all)).toBe(parent.title); // the related stub is not announced
    await ingestStories(server, [{ ...parent, body: 'An updated body.' }]); // an update: not announced
    await ingestStories(server, [stub]); // the stub becomes a full article
    expect(await titleOf(all)).toBe(stub.title);
    all.close();
  });

  it('lets through exactly what the listing would list under the same filter', async () => {
    const filter = { topic: 'elections', minQuality: 50, search: 'ballot', from: '2026-01-01T00:00:00Z' };
    const filtered = await open(filter);
    const stories: Story[] = [
      { title: 'Ballot count low quality', domain: 'a.example', topics: ['Elections'], quality: 10, body: 'ballot' },
      { title: 'Ballot count other topic', domain: 'a.example', topics: ['Sports'], body: 'ballot' },
      { title: 'Count without the word', domain: 'a.example', topics: ['Elections'], body: 'votes' },
      {
        title: 'Ballot count too old',
        domain: 'a.example',
        topics: ['Elections'],
        body: 'ballot',
        publishedAt: '2025-06-01T00:00:00Z',
      },
      { title: 'Ballot count matches', domain: 'a.example', topics: ['Elections'], quality: 80, body: 'ballot' },
    ];
    await ingestStories(server, stories);
    expect(await titleOf(filtered)).toBe('Ballot count matches');
    const listed = await server.graphql(
      `query($filter: ArticleFilter) { articles(filter: $filter) { edges { node { title } } } }`,
      {
        filter,
      },
    );
    expect(listed.data.articles.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual(['Ballot count matches']);
    filtered.close();
  });

  it('refuses a filter the listing refuses, before streaming', async () => {
    const openBefore = server.yoga.live.gate.open;
    const refused = await open({ search: '  ' });
    const payload = await refused.next();
    expect(payload.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // The stream then ends, and the refused subscription holds no slot.
    await expect(refused.next()).rejects.toThrow();
    expect(server.yoga.live.feed.size).toBe(0);
    await vi.waitFor(() => expect(server.yoga.live.gate.open).toBe(openBefore));
  });

  it('applies the query limits: an operation over MAX_QUERY_COST is refused before it subscribes', async () => {
    const nested = (depth: number): string =>
      depth === 0 ? 'title' : `related(first: 100) { edges { node { ${nested(depth - 1)} } } }`;
    const refused = await subscribe(
      server,
      `subscription { articleAdded { ${nested(3)} } }`,
      {},
      { 'x-forwarded-for': '10.8.8.8' },
    );
    expect((await refused.next()).errors?.[0]?.extensions).toMatchObject({
      code: 'QUERY_LIMIT_EXCEEDED',
      limit: 'MAX_QUERY_COST',
    });
    expect(server.yoga.live.feed.size).toBe(0);
  });

  it('refuses a subscription sent as a form post (CSRF prevention)', async () => {
    const reply = await server.request('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/event-stream' },
      body: new URLSearchParams({ query: ADDED }).toString(),
    });
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(server.yoga.live.feed.size).toBe(0);
  });

  it('caps open subscriptions per client address; other addresses still subscribe', async () => {
    const mine = await Promise.all([open({}, '10.9.9.9'), open({}, '10.9.9.9'), open({}, '10.9.9.9')]);
    const refused = await open({}, '10.9.9.9');
    const error = (await refused.next()).errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'MAX_SUBSCRIPTIONS_PER_CLIENT' });
    const other = await open({}, '10.9.9.10');
    await ingestStories(server, [{ title: 'Everyone hears this', domain: 'caps.example' }]);
    expect(await titleOf(other)).toBe('Everyone hears this');
    for (const s of [...mine, other]) s.close();
  });

  it('sends keep-alive comments on an idle stream', async () => {
    const idle = await open({ topic: 'nothing-is-filed-here' });
    await idle.comments(3); // one at the start, then one per interval (yoga: 12 s; 300 ms under NODE_ENV=test)
    idle.close();
  });
});

describe('caps without TRUST_PROXY', () => {
  it('ignore X-Forwarded-For (a client cannot claim other addresses) and cap the total', async () => {
    const strict = await createTestServer(
      { production: true, settings: { MAX_SUBSCRIPTIONS_PER_CLIENT: 1, MAX_SUBSCRIPTIONS: 1 } },
      { seeded: false },
    );
    const remote = createApiServer(strict.yoga, serverSettings());
    await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
    const client = clientOf(`http://127.0.0.1:${(remote.address() as AddressInfo).port}`);
    const opened: Subscriber[] = [];
    try {
      opened.push(await subscribe(client, ADDED, {}, { 'x-forwarded-for': '10.2.0.1' }));
      const spoofed = await subscribe(client, ADDED, {}, { 'x-forwarded-for': '10.2.0.2' });
      opened.push(spoofed);
      expect((await spoofed.next()).errors?.[0]?.extensions?.limit).toBe('MAX_SUBSCRIPTIONS_PER_CLIENT');
      // In-process requests have no socket address: another client, with a slot of its own, but none left in all.
      const overTotal = await subscribe(strict, ADDED);
      opened.push(overTotal);
      expect((await overTotal.next()).errors?.[0]?.extensions?.limit).toBe('MAX_SUBSCRIPTIONS');
      expect(strict.yoga.live.gate.open).toBe(1);
    } finally {
      for (const s of opened) s.close();
      await new Promise((resolve) => remote.close(resolve));
      await strict.drop();
    }
  });
});

describe('disconnects over HTTP', () => {
  it('leave no listener, no subscription slot and no poll timer behind', async () => {
    const http = createApiServer(server.yoga, serverSettings());
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const remote = clientOf(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
    try {
      await vi.waitFor(() => expect(server.yoga.live.gate.open).toBe(0));
      const subscribers = await Promise.all(
        [1, 2, 3].map((n) => subscribe(remote, ADDED, {}, { 'x-forwarded-for': `10.1.0.${n}` })),
      );
      await ingestStories(server, [{ title: 'Heard before the disconnect', domain: 'http.example' }]);
      for (const s of subscribers) expect(await titleOf(s)).toBe('Heard before the disconnect');
      expect(server.yoga.live.feed.size).toBe(3);
      for (const s of subscribers) s.close();
      await vi.waitFor(() => {
        expect(server.yoga.live.feed.size).toBe(0);
        expect(server.yoga.live.gate.open).toBe(0);
        expect(server.yoga.live.feed.polling).toBe(false);
      });
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('leave nothing behind when the client leaves before the stream starts', async () => {
    const http = createApiServer(server.yoga, serverSettings());
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
    try {
      await vi.waitFor(() => expect(server.yoga.live.gate.open).toBe(0));
      // More early leavers from one address than MAX_SUBSCRIPTIONS_PER_CLIENT (3): a leaked slot would lock it out.
      for (let round = 0; round < 12; round++) {
        const abort = new AbortController();
        // Leave while the server sets the subscription up: at its first statement (matching the filter).
        const unhook = server.db.onStatement(() => abort.abort());
        const reply = fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'x-forwarded-for': '10.3.0.1' },
          body: JSON.stringify({ query: ADDED, variables: { filter: { search: 'harbor ballot' } } }),
          signal: abort.signal,
        }).catch(() => undefined);
        await reply;
        unhook();
        await vi.waitFor(() => {
          expect(server.yoga.live.gate.open).toBe(0);
          expect(server.yoga.live.feed.size).toBe(0);
        });
      }
      expect(server.yoga.live.feed.polling).toBe(false);
      const after = await subscribe(clientOf(url.replace('/graphql', '')), ADDED, {}, { 'x-forwarded-for': '10.3.0.1' });
      await ingestStories(server, [{ title: 'The address is not locked out', domain: 'abort.example' }]);
      expect(await titleOf(after)).toBe('The address is not locked out');
      after.close();
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });
});
