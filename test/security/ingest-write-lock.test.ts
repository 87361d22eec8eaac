// ingestArticles while another writer (a seed in another process) holds PostgreSQL's write lock: the call
// answers by its deadline, saying why nothing was stored, and queued calls leave reads their connections.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_WRITE_LOCK } from '../../src/db/ingest-store.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { API_KEY, captureLogger, clientOf, createTestServer, type TestServer } from '../helpers/server.js';
import { testDialect } from '../helpers/test-database.js';

const INGEST = `mutation Ingest($documents: [IngestDocumentInput!]!) { ingestArticles(documents: $documents) { name status error } }`;
const story = (slug: string) => ['---', `title: "Story ${slug}"`, `webUrl: "https://example.com/${slug}"`, '---', ''].join('\n');

let server: TestServer;
/** Another session holding the write lock, as a seed's set transaction does. */
let holder: pg.Client;

describe.runIf(testDialect === 'postgresql')('the PostgreSQL write lock held by another writer', () => {
  beforeAll(async () => {
    server = await createTestServer({ settings: { INGEST_API_KEYS: [API_KEY] } }, { seeded: false });
    holder = new pg.Client({ connectionString: server.url });
    await holder.connect();
  });
  afterAll(async () => {
    await holder?.end();
    await server?.drop();
  });

  it('an ingest call answers at its deadline, each document failed with the reason, nothing stored', async () => {
    const yoga = createNewsYoga({
      db: server.db,
      logger: captureLogger([]),
      settings: { INGEST_API_KEYS: [API_KEY], EXECUTION_TIMEOUT_MS: 300 },
    });
    await holder.query('SELECT pg_advisory_lock($1)', [INGEST_WRITE_LOCK]);
    try {
      const reply = await clientOf(yoga).graphql(
        INGEST,
        {
          documents: [
            { name: 'one', content: story('one') },
            { name: 'two', content: story('two') },
          ],
        },
        { authorization: `Bearer ${API_KEY}` },
      );
      expect(reply.errors).toBeUndefined();
      const results = reply.data.ingestArticles as { status: string; error: string }[];
      expect(results.map((r) => r.status)).toEqual(['FAILED', 'FAILED']);
      for (const r of results) expect(r.error).toMatch(/held the write lock until the request deadline .* try again later/);
      expect(await server.db.prisma.sourceFile.count()).toBe(0);
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [INGEST_WRITE_LOCK]);
    }
  });

  it('ingest calls queued on the lock leave reads a connection, and are written once it is free', async () => {
    await holder.query('SELECT pg_advisory_lock($1)', [INGEST_WRITE_LOCK]);
    let settled = 0;
    const calls = Array.from({ length: 14 }, (_, i) =>
      server
        .graphql(INGEST, { documents: [{ name: `q${i}`, content: story(`q${i}`) }] }, { authorization: `Bearer ${API_KEY}` })
        .finally(() => settled++),
    );
    try {
      // Far more calls than the test pool (4) has connections: a read still gets one while they wait.
      const read = await server.graphql('{ articles(first: 1) { totalCount } }');
      expect(read.data.articles.totalCount).toBe(0);
      expect(settled).toBe(0);
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [INGEST_WRITE_LOCK]);
    }
    const replies = await Promise.all(calls);
    expect(replies.map((r) => r.data.ingestArticles[0].status)).toEqual(Array(14).fill('LOADED'));
  });
});
