// Production mode: internal errors are masked and carry a request id that finds them in the log;
// introspection, field suggestions and GraphiQL are off unless the settings turn them on; CSRF prevention is on.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { interceptReads } from '../helpers/intercept-reads.js';
import { type Client, captureLogger, clientOf, createTestServer, type TestServer } from '../helpers/server.js';

let production: TestServer;
let development: TestServer;
beforeAll(async () => {
  production = await createTestServer({ production: true });
  development = await createTestServer({ production: false }, { seeded: false });
});
afterAll(async () => {
  await production?.drop();
  await development?.drop();
});

/** The same database, except that raw queries (article listings) fail with a message no client may see. */
function failingDatabase(db: Database): Database {
  return interceptReads(db, () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5432 (password=hunter2)')));
}

describe('masked errors', () => {
  it('hide the internal error, and give the request id that finds it in the log', async () => {
    const logs: Record<string, any>[] = [];
    const yoga = createNewsYoga({ db: failingDatabase(production.db), production: true, logger: captureLogger(logs) });
    try {
      const reply = await clientOf(yoga).post({ query: '{ articles(first: 2) { edges { node { title } } } }' });
      expect(JSON.stringify(reply.body)).not.toMatch(/ECONNREFUSED|hunter2|10\.1\.2\.3/);
      const { body } = reply;
      const requestId = reply.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(body.errors).toEqual([
        expect.objectContaining({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }),
      ]);
      expect(body.extensions).toEqual({ requestId });
      // The log has the real error under the same id.
      const logged = logs.find((l) => l.level === 50 && l.requestId === requestId);
      expect(logged?.err?.message ?? logged?.msg).toMatch(/ECONNREFUSED 10\.1\.2\.3/);
      expect(logs.find((l) => l.msg === 'request' && l.requestId === requestId)).toMatchObject({ status: reply.status });
    } finally {
      await yoga.dispose();
    }
  });

  it('keep GraphQL errors meant for clients as they are', async () => {
    const reply = await production.post({ query: '{ articles(first: 500) { totalCount } }' });
    expect(reply.body.errors[0]).toMatchObject({
      message: 'first must be between 0 and 100, got 500',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(reply.body.extensions.requestId).toBe(reply.headers.get('x-request-id'));
  });

  it("use the caller's x-request-id when it is a plausible id", async () => {
    const given = await production.post({ query: '{ __typename }' }, { 'x-request-id': 'edge-7f3a.42' });
    expect(given.headers.get('x-request-id')).toBe('edge-7f3a.42');
    const forged = await production.post({ query: '{ __typename }' }, { 'x-request-id': 'bad id <script>' });
    // Replaced by a generated id (a random UUID can itself contain the letters "bad": compare the whole value).
    const replaced = forged.headers.get('x-request-id') ?? '';
    expect(replaced).not.toContain('bad id');
    expect(replaced).toMatch(/^[\w.-]+$/);
  });
});

describe('schema visibility', () => {
  const introspection = '{ __schema { queryType { name } } }';

  it('introspection is refused in production and allowed in development', async () => {
    const refused = await production.post({ query: introspection });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toMatch(/introspection/i);
    const allowed = await development.post({ query: introspection });
    expect(allowed.body.data.__schema.queryType.name).toBe('Query');
  });

  it('INTROSPECTION=1 turns it back on in production', async () => {
    const yoga = createNewsYoga({ db: production.db, production: true, settings: { INTROSPECTION: true } });
    const reply = await clientOf(yoga).post({ query: introspection });
    expect(reply.body.data.__schema.queryType.name).toBe('Query');
    await yoga.dispose();
  });

  it('misspelled fields get no "Did you mean" hint in production', async () => {
    const hidden = await production.post({ query: '{ artcles(first: 1) { totalCount } }' });
    expect(JSON.stringify(hidden.body.errors)).not.toMatch(/Did you mean|"articles"/);
    const shown = await development.post({ query: '{ artcles(first: 1) { totalCount } }' });
    expect(shown.body.errors[0].message).toMatch(/Did you mean "articles"/);
  });

  it('GraphiQL is served in development only, unless GRAPHIQL=1', async () => {
    const page = (server: Client) => server.request('/graphql', { headers: { accept: 'text/html' } }).then((r) => r.text());
    expect(await page(development)).toContain('<title>News GraphQL</title>');
    expect(await page(production)).not.toContain('<html');
    const enabled = createNewsYoga({ db: production.db, production: true, settings: { GRAPHIQL: true } });
    const html = await page(clientOf(enabled));
    expect(html).toContain('<title>News GraphQL</title>');
    await enabled.dispose();
  });
});

describe('CSRF prevention', () => {
  const get = (server: TestServer, headers: Record<string, string> = {}) =>
    server.request(`/graphql?query=${encodeURIComponent('{ articles(first: 1) { totalCount } }')}`, {
      headers: { accept: 'application/json', ...headers },
    });

  it('refuses a GET without the CSRF header in production, before any SQL', async () => {
    const before = production.sqlStatements();
    const response = await get(production);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Required CSRF header(s) not present');
    expect(production.sqlStatements()).toBe(before);
  });

  it('serves a GET that carries it, and JSON POSTs (which browsers preflight) without it', async () => {
    const response = await get(production, { 'x-graphql-yoga-csrf': '1' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).data.articles.totalCount).toBe(production.summary.articles);
    const post = await production.post({ query: '{ articles(first: 1) { totalCount } }' });
    expect(post.status).toBe(200);
  });

  it('is off in development by default', async () => {
    expect((await get(development)).status).toBe(200);
  });
});
