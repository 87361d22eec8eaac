// The driver-level reader (src/db/reader.ts): what it reads matches Prisma's view of the same rows (dates to
// the millisecond as UTC, booleans, integers), and on PostgreSQL it prepares statements unless told not to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countArticles, findArticleKeys, findArticlePage } from '../../src/db/article-list-store.js';
import { articlesByIds } from '../../src/db/article-store.js';
import { openDatabase } from '../../src/db/client.js';
import { parseUtcTimestamp, readRows } from '../../src/db/reader.js';
import { Prisma } from '../../src/generated/sqlite/client.js';
import { seed } from '../../src/ingest/seed.js';
import { FIXTURE_CORPUS_DIR } from '../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase, testDialect } from '../helpers/test-database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seed(database.db.prisma, [FIXTURE_CORPUS_DIR]);
});
afterAll(async () => {
  await database?.drop();
});

describe('the driver-level reader', () => {
  it('reads articles as Prisma does: dates, booleans, integers and nulls alike', async () => {
    const expected = await database.db.prisma.article.findMany({ orderBy: { id: 'asc' } });
    expect(expected.some((a) => a.publishedAt !== null) && expected.some((a) => a.isStub)).toBe(true);
    const read = await articlesByIds(
      database.db,
      expected.map((a) => a.id),
    );
    const byId = new Map(read.map((a) => [a.id, a]));
    for (const article of expected) {
      const record = byId.get(article.id);
      expect(record, `article ${article.id}`).toMatchObject({
        title: article.title,
        publishedAt: article.publishedAt,
        published: article.published,
        isStub: article.isStub,
        quality: article.quality,
        heat: article.heat,
        providerId: article.providerId,
      });
    }
  });

  it('refuses SQL without a name, as the Prisma path does', async () => {
    await expect(readRows(database.db.reader, Prisma.sql`SELECT 1 AS one`)).rejects.toThrow(/must open with its name/);
  });
});

describe.runIf(testDialect === 'postgresql')('prepared statements on PostgreSQL', () => {
  const preparedOnConnection = async (prepare: boolean) => {
    // One connection, so the statement that lists prepared statements runs where the read ran.
    const db = await openDatabase({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: 1, DATABASE_PREPARED_STATEMENTS: prepare });
    try {
      await articlesByIds(db, [1, 2]);
      await articlesByIds(db, [3]);
      const rows = await readRows<{ name: string }>(
        db.reader,
        Prisma.sql`/* preparedStatements */ SELECT name FROM pg_prepared_statements WHERE name LIKE 'news_%'`,
      );
      return rows.map((row) => row.name);
    } finally {
      await db.close();
    }
  };

  it('prepares each statement text once per connection, whatever the number of ids', async () => {
    // articlesById (same text for 2 ids and 1), and the listing statement itself.
    expect(await preparedOnConnection(true)).toHaveLength(2);
  });

  it('prepares nothing with DATABASE_PREPARED_STATEMENTS off', async () => {
    expect(await preparedOnConnection(false)).toEqual([]);
  });

  it("plans a listing page once, not on every execution (PostgreSQL's generic plan)", async () => {
    // The dashboard's first level: a page with its count and each article's topics and images. PostgreSQL
    // tries custom plans five times, then keeps the generic one if it costs no more: a bound LIMIT made it
    // cost more, and every execution was planned again. It shows on a table of thousands of rows: articles are
    // added (the last test of this file), and analyzed as autovacuum would.
    await database.db.prisma.$executeRawUnsafe(`/* bulkArticles */ INSERT INTO article
      (identity_key, slug, title, content_hash, updated_at, published_at)
      SELECT 'bulk-' || n, 'bulk-' || n, 'Bulk ' || n, 'hash-' || n, now(), now() - n * interval '1 minute'
      FROM generate_series(1, 3000) n`);
    await database.db.prisma.$executeRawUnsafe('/* analyze */ ANALYZE');
    const db = await openDatabase({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: 1 });
    try {
      const slice = { limit: 11, inverted: false };
      const lists = { topics: 10, images: 10 };
      for (let n = 0; n < 8; n++) await findArticlePage(db, {}, 'PUBLISHED_AT_DESC', slice, { withCount: true, lists });
      const [plans] = await readRows<{ generic: number; custom: number }>(
        db.reader,
        Prisma.sql`/* preparedPlans */ SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements
          WHERE statement LIKE '/* articlePage */%'`,
      );
      expect(plans).toEqual({ generic: 3, custom: 5 });

      // A client cycling through every page size makes only a few texts of one listing shape: the reader names
      // a bounded number of texts, which the dashboard's must not lose.
      for (let limit = 1; limit <= 101; limit++) await findArticlePage(db, {}, 'QUALITY_DESC', { limit, inverted: false });
      const [texts] = await readRows<{ n: number }>(
        db.reader,
        Prisma.sql`/* preparedTexts */ SELECT count(*)::int AS n FROM pg_prepared_statements
          WHERE statement LIKE '/* articlePage */%' AND statement LIKE '%ORDER BY a.quality%'`,
      );
      expect(texts?.n).toBe(6); // the five sizes written into the text, and one text for all others
    } finally {
      await db.close();
    }
  });

  it('plans a search for its term every time: its statements run unnamed', async () => {
    // A generic plan cannot know how many rows a term matches (reader.ts, ReadOptions.planEach).
    const db = await openDatabase({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: 1 });
    try {
      const slice = { limit: 11, inverted: false };
      for (let n = 0; n < 8; n++) {
        await findArticlePage(db, { search: 'election' }, 'RELEVANCE', slice, { withCount: n % 2 === 0 });
        await findArticleKeys(db, { search: 'election' }, 'PUBLISHED_AT_DESC', slice);
        await countArticles(db, { search: 'election' });
        await findArticlePage(db, {}, 'QUALITY_DESC', slice);
      }
      const rows = await readRows<{ search: boolean }>(
        db.reader,
        Prisma.sql`/* preparedStatements */ SELECT statement LIKE '%article_search%' AS search FROM pg_prepared_statements
          WHERE statement LIKE '/* article%'`,
      );
      expect(rows).toEqual([{ search: false }]); // the listing without a search stays prepared
    } finally {
      await db.close();
    }
  });
});

describe('parseUtcTimestamp', () => {
  it('reads PostgreSQL timestamp text as the UTC instant Date parsing of its ISO form gives', () => {
    const texts = [
      '2023-05-01 12:34:56',
      '2023-05-01 12:34:56.7',
      '2023-05-01 12:34:56.78',
      '2023-05-01 12:34:56.789',
      '2023-05-01 12:34:56.789123',
      '1970-01-01 00:00:00',
      '2000-02-29 23:59:59.999',
      '0099-01-01 00:00:00',
      '0999-12-31 10:00:00',
      '10000-01-01 00:00:00',
      'infinity',
    ];
    for (const text of texts) {
      expect(parseUtcTimestamp(text).getTime(), text).toEqual(new Date(`${text.replace(' ', 'T')}Z`).getTime());
    }
  });
});
