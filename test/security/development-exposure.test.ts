// Issue 10, item 9: with NODE_ENV unset the server bound 0.0.0.0 with introspection and GraphiQL on, and put
// error details (the Prisma message, the stack, file paths) in responses. Now a server listens on loopback
// unless HOST says otherwise (production: 0.0.0.0); development conveniences are on by default only on
// loopback; and no response carries an internal error's message or stack unless DEBUG_ERRORS=1.
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import { isLoopback } from '../../src/server/exposure.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { interceptReads } from '../helpers/intercept-reads.js';
import { createTestServer } from '../helpers/server.js';

/** The same database, except that listings fail with what a Prisma error carries: SQL, a path, a password. */
function failingDatabase(db: Database): Database {
  return interceptReads(db, () =>
    Promise.reject(
      new Error(
        'Invalid `prisma.$queryRaw()` invocation: SELECT a.id FROM article a -- /srv/app/src/db/article-query.ts password=hunter2',
      ),
    ),
  );
}

const post = (yoga: ReturnType<typeof createNewsYoga>, query: string) =>
  yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });

describe('the address a server listens on', () => {
  it('is loopback unless HOST says otherwise, and 0.0.0.0 in production', () => {
    expect(loadSettings({}).HOST).toBe('127.0.0.1');
    expect(loadSettings({ NODE_ENV: 'development' }).HOST).toBe('127.0.0.1');
    expect(loadSettings({ NODE_ENV: 'production' }).HOST).toBe('0.0.0.0');
    expect(loadSettings({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('counts as loopback only for 127.0.0.0/8, ::1 and localhost', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1'])
      expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.2', 'example.com', '128.0.0.1'])
      expect(isLoopback(host), host).toBe(false);
  });
});

describe('development conveniences', () => {
  it('are off when a development server listens beyond loopback: no GraphiQL, introspection or suggestions; CSRF on', async () => {
    const server = await createTestServer({ settings: { NODE_ENV: 'development', HOST: '0.0.0.0' } }, { seeded: false });
    try {
      const page = await server.request('/graphql', { headers: { accept: 'text/html' } });
      expect(await page.text()).not.toContain('<html');
      const introspection = await server.post({ query: '{ __schema { queryType { name } } }' });
      expect(introspection.body.errors[0].message).toMatch(/introspection/i);
      const misspelled = await server.post({ query: '{ artcles(first: 1) { totalCount } }' });
      expect(JSON.stringify(misspelled.body)).not.toMatch(/Did you mean|"articles"/);
      const get = await server.request(`/graphql?query=${encodeURIComponent('{ __typename }')}`, {
        headers: { accept: 'application/json' },
      });
      expect(get.status).toBe(403);
    } finally {
      await server.drop();
    }
  });

  it('are on for a development server on loopback, and each can be switched on beyond it', async () => {
    const local = await createTestServer({ settings: { NODE_ENV: 'development', HOST: '127.0.0.1' } }, { seeded: false });
    const switched = await createTestServer(
      { settings: { HOST: '0.0.0.0', GRAPHIQL: true, INTROSPECTION: true } },
      { seeded: false },
    );
    try {
      for (const server of [local, switched]) {
        const page = await server.request('/graphql', { headers: { accept: 'text/html' } });
        expect(await page.text()).toContain('<title>News GraphQL</title>');
        const introspection = await server.post({ query: '{ __schema { queryType { name } } }' });
        expect(introspection.body.data.__schema.queryType.name).toBe('Query');
      }
    } finally {
      await local.drop();
      await switched.drop();
    }
  });
});

describe('error details', () => {
  it('never reach a response in development, production or beyond loopback: only DEBUG_ERRORS shows them', async () => {
    const server = await createTestServer({}, { seeded: false });
    const broken = failingDatabase(server.db);
    try {
      for (const settings of [{ NODE_ENV: 'development' as const }, { NODE_ENV: 'production' as const }, { HOST: '0.0.0.0' }]) {
        const yoga = createNewsYoga({ db: broken, settings });
        const text = await (await post(yoga, '{ articles(first: 2) { edges { node { title } } } }')).text();
        expect(text, JSON.stringify(settings)).not.toMatch(/prisma|SELECT|\/srv\/app|hunter2|stack|at async/i);
        expect(JSON.parse(text).errors[0]).toMatchObject({
          message: 'Unexpected error.',
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        });
        await yoga.dispose();
      }
      const debugging = createNewsYoga({ db: broken, settings: { DEBUG_ERRORS: true } });
      const shown = await (await post(debugging, '{ articles(first: 2) { edges { node { title } } } }')).text();
      expect(shown).toMatch(/SELECT a\.id FROM article/);
      await debugging.dispose();
    } finally {
      await server.drop();
    }
  });
});
