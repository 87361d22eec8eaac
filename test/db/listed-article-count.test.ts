// The listed-article count beside the data version (migration 20261130210000_listed_article_count): the
// default listing's totalCount reads it instead of counting the table. Checked against COUNT(*) through the
// migration of a filled database, writes made outside the server (plain SQL, counted by readers at once),
// a write recorded the way builds from before the count did, the server's own writes (which fold them in),
// and on PostgreSQL a TRUNCATE.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScratchDatabase } from '../../scripts/scratch-db.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { applyMigrationsForUrl } from '../../src/db/migrate.js';
import { seed } from '../../src/ingest/seed.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { FIXTURE_CORPUS_DIR } from '../helpers/fixtures.js';
import { captureLogger, clientOf } from '../helpers/server.js';
import { copyMigrationsBefore, createScratchDatabase, insertIndexedArticle, query, TEST_DIALECTS } from './raw-sql.js';

const MIGRATION = '20261130210000_listed_article_count';

describe.each(TEST_DIALECTS)(`the listed-article count on %s`, (dialect) => {
  let database: ScratchDatabase;
  let previous: ReturnType<typeof copyMigrationsBefore>;
  let db: Database | undefined;
  const param = (n: number) => (dialect === 'sqlite' ? '?' : `$${n}`);
  const stub = dialect === 'sqlite' ? '1' : 'true';
  const listed = dialect === 'sqlite' ? '0' : 'false';
  const insert = (slug: string) =>
    insertIndexedArticle(database.url, dialect, [`https://count.example/${slug}`, slug, `Story ${slug}`, null, null]);
  const setStub = (slug: string, isStub: boolean) =>
    query(database.url, `UPDATE article SET is_stub = ${isStub ? stub : listed} WHERE slug = ${param(1)}`, [slug]);

  /** What the table holds, counted. */
  const counted = async () =>
    Number((await query(database.url, `SELECT COUNT(*) AS n FROM article WHERE is_stub = ${listed}`))[0]!.n);
  /** The API's answer: the default listing's totalCount, and the same listing with a filter that counts rows. */
  const totals = async () => {
    db ??= await openDatabase({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: 2 });
    const client = clientOf(createNewsYoga({ db, logger: captureLogger([]) }));
    const res = await client.graphql(
      `{ all: articles(first: 1) { totalCount } counted: articles(first: 1, filter: { excludeProviderDomains: ["nowhere.example"] }) { totalCount }
         none: articles(first: 1, filter: { topic: "no-such-topic" }) { totalCount } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.none.totalCount).toBe(0);
    return { all: res.data.all.totalCount as number, counted: res.data.counted.totalCount as number };
  };
  /** The row itself, without the journal rows readers add. */
  const stored = async () =>
    Number((await query(database.url, 'SELECT listed_articles AS n FROM data_version WHERE id = 1'))[0]!.n);

  beforeEach(async () => {
    database = await createScratchDatabase(dialect);
    previous = copyMigrationsBefore(dialect, MIGRATION);
    await applyMigrationsForUrl(database.url, { migrationsDir: previous.directory });
    for (const slug of ['a', 'b', 'c', 'd']) await insert(slug);
    await setStub('d', true);
  });
  afterEach(async () => {
    await db?.close();
    db = undefined;
    previous.remove();
    await database.drop();
  });

  it('starts from the rows a filled database holds, journal rows not yet stamped included once', async () => {
    expect((await applyMigrationsForUrl(database.url)).applied).toEqual([MIGRATION]);
    expect(await counted()).toBe(3);
    // a, b, c and d were journalled unstamped (no write recorded them): readers add them, the row leaves them out.
    expect(await totals()).toEqual({ all: 3, counted: 3 });
    expect(await stored()).toBe(-1);
  });

  it('counts writes made outside the server at once, and the next write of the server folds them in', async () => {
    await applyMigrationsForUrl(database.url);
    await insert('e');
    await setStub('a', true);
    await setStub('d', false);
    await query(database.url, `DELETE FROM article WHERE slug = ${param(1)}`, ['b']);
    expect(await counted()).toBe(3); // c, d, e
    expect(await totals()).toEqual({ all: 3, counted: 3 });

    // A build of the server from before the count records a write as it did: bump, then stamp. The stamp's
    // trigger folds the stamped rows in; the removals stay for readers to subtract.
    await query(database.url, 'UPDATE data_version SET version = version + 1 WHERE id = 1');
    await query(database.url, 'UPDATE article_added SET version = (SELECT version FROM data_version) WHERE version IS NULL');
    expect(await totals()).toEqual({ all: 3, counted: 3 });
    expect(await query(database.url, 'SELECT article_id FROM article_added WHERE version IS NULL')).toEqual([]);

    db ??= await openDatabase({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: 2 });
    const summary = await seed(db.prisma, [FIXTURE_CORPUS_DIR]);
    expect(summary.files.failed).toBe(0);
    const after = await counted();
    expect(after).toBeGreaterThan(10);
    expect(await totals()).toEqual({ all: after, counted: after });
    // Folded in: nothing left unstamped or untaken, the row alone holds the count.
    expect(await stored()).toBe(after);
    expect(await query(database.url, 'SELECT article_id FROM article_removed')).toEqual([]);
  });

  it.runIf(dialect === 'postgresql')('starts again from nothing after a TRUNCATE', async () => {
    await applyMigrationsForUrl(database.url);
    const version = async () => Number((await query(database.url, 'SELECT version FROM data_version'))[0]!.version);
    const before = await version();
    await query(database.url, 'TRUNCATE article CASCADE');
    expect(await totals()).toEqual({ all: 0, counted: 0 });
    expect(await version()).toBe(before + 1); // cached responses of the emptied table are not served again
    await insert('f');
    expect(await totals()).toEqual({ all: 1, counted: 1 });
  });
});
