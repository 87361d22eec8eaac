// Issue 10, "Keep": what held up in the review stays tested. CSRF prevention and persisted operations are
// covered by test/server/production.test.ts and test/server/persisted-operations.test.ts; this file covers
// the two that had no test: API keys compared in constant time, and a server that recovers by itself when
// its database disappears and comes back.
import * as crypto from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createScratchPgDatabase, DEFAULT_PG_SERVER_URL } from '../../scripts/scratch-db.js';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrationsForUrl } from '../../src/db/migrate.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { API_KEY, createTestServer, type TestServer } from '../helpers/server.js';
import { testDialect } from '../helpers/test-database.js';

vi.mock('node:crypto', async (original) => {
  const real = await original<typeof crypto>();
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) };
});

describe('API keys', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer(
      { settings: { INGEST_API_KEYS: [API_KEY, 'second-key-0123456789abcdef'] } },
      { seeded: false },
    );
  });
  afterAll(() => server?.drop());

  it('are compared as equal-length digests in constant time, whatever the length of the key presented', async () => {
    const compare = vi.mocked(crypto.timingSafeEqual);
    const mutation = { query: 'mutation { ingestArticles(documents: []) { status } }' };
    for (const presented of ['x', API_KEY.slice(0, -1), `${API_KEY}x`, 'k'.repeat(5_000)]) {
      compare.mockClear();
      const reply = await server.post(mutation, { authorization: `Bearer ${presented}` });
      expect(reply.status, presented.slice(0, 20)).toBe(401);
      // Each time the request is identified, both keys are compared, each as two 32-byte buffers: no early
      // exit on a prefix, no length to measure.
      expect(compare.mock.calls.length).toBeGreaterThan(0);
      expect(compare.mock.calls.length % 2).toBe(0);
      for (const [a, b] of compare.mock.calls) expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
    }
    const accepted = await server.post(mutation, { authorization: `Bearer ${API_KEY}` });
    expect(accepted.status).toBe(200);
  });
});

describe.skipIf(testDialect !== 'postgresql')('a database that disappears and comes back', () => {
  it('makes /ready and queries fail while it is gone, and the same server recovers without a restart', async () => {
    const serverUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_PG_SERVER_URL;
    const scratch = await createScratchPgDatabase(serverUrl, 'news_gone');
    await applyMigrationsForUrl(scratch.url);
    const name = new URL(scratch.url).pathname.slice(1);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const db = await openDatabase({ DATABASE_URL: scratch.url, DATABASE_POOL_SIZE: 2 });
    const yoga = createNewsYoga({ db, production: true });
    const query = async () => {
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ articles(first: 1) { totalCount } }' }),
      });
      return (await response.json()) as any;
    };
    const rename = async (from: string, to: string) => {
      // Drop the server's connections, then rename (PostgreSQL refuses while any is open); retry if one came back.
      for (let attempt = 0; ; attempt++) {
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [from]);
        try {
          await admin.query(`ALTER DATABASE "${from}" RENAME TO "${to}"`);
          return;
        } catch (error) {
          if (attempt > 20) throw error;
        }
      }
    };
    try {
      expect((await query()).data.articles.totalCount).toBe(0);
      expect((await yoga.fetch('http://localhost/ready')).status).toBe(200);

      await rename(name, `${name}_gone`);
      const gone = await query();
      expect(gone.errors[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      const notReady = await yoga.fetch('http://localhost/ready');
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ status: 'unavailable', reason: 'database' });

      await rename(`${name}_gone`, name);
      expect((await query()).data.articles.totalCount).toBe(0);
      expect((await yoga.fetch('http://localhost/ready')).status).toBe(200);
    } finally {
      await yoga.dispose();
      await db.close();
      await admin.end();
      await scratch.drop();
    }
  });
});
