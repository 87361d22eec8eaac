// articleAdded delivery at scale and under trouble: subscribers with the same filter share the work of a batch
// (the statements sent do not grow with their number), a subscriber too far behind is ended with a clear
// error, and a transient database error while matching is retried instead of ending the stream.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { statementName } from '../../src/db/statements.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { interceptReads } from '../helpers/intercept-reads.js';
import { API_KEY, clientOf, createTestServer, type TestServer } from '../helpers/server.js';
import { type Subscriber, subscribe } from '../helpers/sse.js';
import { ingestStories } from '../helpers/stories.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const ADDED = `subscription Added($filter: ArticleFilter) {
  articleAdded(filter: $filter) { title provider { domain } topics { name } }
}`;
const settings = { INGEST_API_KEYS: [API_KEY], SUBSCRIPTION_POLL_MS: 20, TRUST_PROXY: true, MAX_SUBSCRIPTIONS_PER_CLIENT: 100 };

describe('articleAdded delivery', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer(
      { production: true, settings: { ...settings, MAX_SUBSCRIPTION_BACKLOG: 3 } },
      { seeded: false },
    );
  });
  afterAll(() => server?.drop());

  /** Statements sent to deliver one article to `n` subscribers of one filter (the journal's polls left out). */
  const deliveryStatements = async (n: number, title: string) => {
    const filter = { topic: 'shipping', minQuality: 10 };
    const subscribers = await Promise.all(
      Array.from({ length: n }, (_, i) => subscribe(server, ADDED, { filter }, { 'x-forwarded-for': `10.5.${n}.${i}` })),
    );
    const sent: string[] = [];
    const stop = server.db.onStatement(({ name }) => {
      if (name !== 'dataVersion' && name !== 'articlesAdded') sent.push(name);
    });
    try {
      await ingestStories(server, [{ title, domain: `${n}.example`, topics: ['Shipping'], quality: 50 }]);
      for (const s of subscribers) expect((await s.next()).data?.articleAdded.title).toBe(title);
    } finally {
      stop();
      for (const s of subscribers) s.close();
    }
    await vi.waitFor(() => expect(server.yoga.live.gate.open).toBe(0));
    return sent.length;
  };

  it('costs the same statements for 2 or 40 subscribers of one filter', async () => {
    await deliveryStatements(1, 'Freighter announced'); // creates the topic: later writes are alike
    const few = await deliveryStatements(2, 'Freighter docks early');
    const many = await deliveryStatements(40, 'Freighter leaves late');
    expect(many).toBe(few);
  });

  it('ends a subscription that falls more than MAX_SUBSCRIPTION_BACKLOG articles behind, saying so', async () => {
    const behind = await subscribe(server, ADDED, {}, { 'x-forwarded-for': '10.6.0.1' });
    const stories = ['One', 'Two', 'Three', 'Four'].map((n) => ({ title: `Backlog story ${n}`, domain: 'backlog.example' }));
    await ingestStories(server, stories); // one write, four new articles: over the cap of 3
    const error = (await behind.next()).errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'QUERY_LIMIT_EXCEEDED', limit: 'MAX_SUBSCRIPTION_BACKLOG' });
    await expect(behind.next()).rejects.toThrow('the stream ended');
    await vi.waitFor(() => expect(server.yoga.live.gate.open).toBe(0));
  });
});

describe('a transient database error while matching', () => {
  let database: TestDatabase;
  let failures = 0;
  let subscriber: Subscriber | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    subscriber?.close();
    await database?.drop();
  });

  /** The test database, whose listing statement fails while `failures` is above zero (as a dropped connection). */
  const flaky = (): Database =>
    interceptReads(database.db, (sql, run) => {
      if (failures > 0 && statementName(sql) === 'articleKeys') {
        failures--;
        return Promise.reject(new Error('Connection terminated unexpectedly'));
      }
      return run();
    });

  it('is retried: the subscriber still gets the article; a lasting one ends the stream with an error', async () => {
    const yoga = createNewsYoga({ db: flaky(), production: true, settings });
    const client = clientOf(yoga);
    try {
      subscriber = await subscribe(client, ADDED);
      failures = 2;
      await ingestStories(client, [{ title: 'Arrives despite a hiccup', domain: 'flaky.example' }]);
      expect((await subscriber.next()).data?.articleAdded.title).toBe('Arrives despite a hiccup');
      expect(failures).toBe(0);

      failures = 1_000;
      await ingestStories(client, [{ title: 'Never matched', domain: 'flaky.example' }]);
      expect((await subscriber.next()).errors?.[0]?.message).toBe('Unexpected error.');
      await expect(subscriber.next()).rejects.toThrow('the stream ended');
      await vi.waitFor(() => expect(yoga.live.gate.open).toBe(0));
    } finally {
      failures = 0;
      await yoga.dispose();
    }
  });
});
