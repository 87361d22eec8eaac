// The response cache under concurrent load: many cached reads on one instance while another instance (its own
// database client, as another process) ingests, each read checked against the writes acknowledged before it
// was sent. The data-version reads behind the cache are shared between concurrent requests
// (src/db/data-version-reads.ts); none may answer a request with a version read before it arrived.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { CACHE_STATUS_HEADER } from '../../src/server/response-cache.js';
import { createNewsYoga, type NewsYoga } from '../../src/server/yoga.js';
import { interceptReads } from '../helpers/intercept-reads.js';
import {
  API_KEY,
  captureLogger,
  clientOf,
  createTestServer,
  DATA_VERSION_STATEMENT,
  type TestServer,
} from '../helpers/server.js';
import { ingestStories } from '../helpers/stories.js';

const LATEST = 'query Latest { articles(first: 3) { edges { node { title } } } }';
const WRITE_TITLE = /^Concurrent write (\d+)$/;
const WRITES = 12;
const READERS = 16;

let reader: TestServer;
let otherDb: Database;
let writerYoga: NewsYoga;
beforeAll(async () => {
  reader = await createTestServer({ production: true, settings: { INGEST_API_KEYS: [API_KEY] } }, { seeded: false });
  otherDb = await openDatabase({ DATABASE_URL: reader.url, DATABASE_POOL_SIZE: 2 });
  writerYoga = createNewsYoga({
    db: otherDb,
    production: true,
    logger: captureLogger([]),
    settings: { INGEST_API_KEYS: [API_KEY] },
  });
});
afterAll(async () => {
  await writerYoga?.dispose();
  await otherDb?.close();
  await reader?.drop();
});

describe('response cache under concurrent reads and writes', () => {
  it('never answers a read without every write acknowledged before it was sent', async () => {
    const writer = clientOf(writerYoga);
    let acknowledged = 0;
    let writing = true;
    let reads = 0;
    let hits = 0;
    const stale: { mustSee: number; newest: number }[] = [];
    const read = async () => {
      const mustSee = acknowledged;
      const reply = await reader.post({ query: LATEST });
      reads++;
      if (reply.headers.get(CACHE_STATUS_HEADER) === 'HIT') hits++;
      const titles: string[] = reply.body.data.articles.edges.map((e: { node: { title: string } }) => e.node.title);
      const newest = Math.max(0, ...titles.map((t) => Number(WRITE_TITLE.exec(t)?.[1] ?? 0)));
      if (newest < mustSee) stale.push({ mustSee, newest });
    };
    const readers = Array.from({ length: READERS }, async () => {
      while (writing) await read();
    });
    try {
      for (let n = 1; n <= WRITES; n++) {
        // Dated one minute apart, each newer than the last: every write tops the newest-first listing.
        const publishedAt = new Date(Date.UTC(2100, 0, 1) + n * 60_000).toISOString();
        await ingestStories(writer, [{ title: `Concurrent write ${n}`, domain: 'concurrent.example', publishedAt }]);
        acknowledged = n;
        // Reads sent right after the acknowledgement, while the readers' requests are in flight.
        await Promise.all([read(), read(), read(), read()]);
        // Then the readers serve this version from the cache for a while before the next write.
        const target = hits + READERS * 2;
        for (let i = 0; hits < target && i < READERS * 20; i++) await read();
      }
    } finally {
      writing = false;
      await Promise.all(readers);
    }
    expect(stale).toEqual([]);
    expect(hits).toBeGreaterThan(WRITES * READERS); // the cache answered: this tested its freshness check
    expect(reads).toBeGreaterThan(hits);
  });
});

describe('concurrent misses', () => {
  it('of one query at one version execute it once; the others are answered from the cache', async () => {
    // The reader's database, except that raw queries (the article listing) wait until the gate opens.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let stalled = 0;
    const gated = createNewsYoga({
      db: interceptReads(reader.db, (_sql, run) => {
        stalled++;
        return gate.then(run);
      }),
      production: true,
      logger: captureLogger([]),
    });
    const names: string[] = [];
    const stop = reader.db.onStatement(({ name }) => names.push(name));
    try {
      const client = clientOf(gated);
      const query = { query: 'query Misses { articles(first: 2) { edges { node { title } } } }' };
      const first = client.post(query);
      await vi.waitFor(() => expect(stalled).toBeGreaterThan(0)); // executing, held at its first data read
      const versionReads = () => names.filter((n) => n === DATA_VERSION_STATEMENT).length;
      const before = versionReads();
      const others = Array.from({ length: 7 }, () => client.post(query));
      await vi.waitFor(() => expect(versionReads()).toBeGreaterThan(before)); // they reached the cache
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
      open();
      const replies = await Promise.all([first, ...others]);
      const statuses = replies.map((r) => r.headers.get(CACHE_STATUS_HEADER));
      expect(statuses.filter((s) => s === 'MISS')).toHaveLength(1);
      expect(statuses.filter((s) => s === 'HIT')).toHaveLength(7);
      for (const reply of replies) expect(reply.body).toEqual(replies[0]!.body);
      // One execution's statements: those of a lone miss of the same query at a new version.
      const executed = names.filter((n) => n !== DATA_VERSION_STATEMENT).length;
      await ingestStories(clientOf(writerYoga), [{ title: 'After the misses', domain: 'concurrent.example' }]);
      names.length = 0;
      expect((await client.post(query)).headers.get(CACHE_STATUS_HEADER)).toBe('MISS');
      expect(executed).toBe(names.filter((n) => n !== DATA_VERSION_STATEMENT).length);
    } finally {
      stop();
      open();
      await gated.dispose();
    }
  });
});
