// Migration 20261130002851_world_identity on a database that the previous version filled: topics collapsed by the
// ASCII slug and "untitled-" article slugs. The migration re-keys without merging anything more, old article slugs
// keep resolving, and re-seeding the original files brings the collapsed topics back as their own rows.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScratchDatabase } from '../../scripts/scratch-db.js';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrationsForUrl } from '../../src/db/migrate.js';
import { seed } from '../../src/ingest/seed.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { captureLogger, clientOf } from '../helpers/server.js';
import { copyMigrationsBefore, createScratchDatabase, insertArticleSql, query, TEST_DIALECTS } from './raw-sql.js';

const MIGRATION = '20261130002851_world_identity';
const WORLD_DIR = fileURLToPath(new URL('../fixtures/world', import.meta.url));
const hash8 = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);

const UK = 'https://news.kyiv.example/uk/2024/11/zyma?utm_source=telegram&utm_medium=social&id=42';
const RU = 'http://vesti.msk.example:80/2024/11/03/soglashenie?mc_cid=abc&mc_eid=def';
const SAME_A = 'https://b.example/s?utm_source=a';
const SAME_B = 'https://b.example/s?fbclid=z';

describe.each(TEST_DIALECTS)(`migration ${MIGRATION} on %s`, (dialect) => {
  let database: ScratchDatabase;
  let previous: ReturnType<typeof copyMigrationsBefore>;
  const $ = (n: number) => (dialect === 'sqlite' ? '?' : `$${n}`);

  beforeEach(async () => {
    database = await createScratchDatabase(dialect);
    previous = copyMigrationsBefore(dialect, MIGRATION);
    await applyMigrationsForUrl(database.url, { migrationsDir: previous.directory });
    // What the previous version stored: every non-Latin topic was one topic "topic", titles in Cyrillic got
    // "untitled-<hash>" slugs, and URLs with trackers were identities of their own.
    const articles: [string, string, string][] = [
      [UK, `untitled-${hash8(UK)}`, 'Україна готується до зими'],
      [RU, `untitled-${hash8(RU)}`, 'Россия и Китай подписали соглашение'],
      [SAME_A, `same-story-${hash8(SAME_A)}`, 'Same story'],
      [SAME_B, `same-story-${hash8(SAME_B)}`, 'Same story'],
    ];
    for (const [key, slug, title] of articles)
      await query(database.url, insertArticleSql(dialect), [key, slug, title, null, null]);
    const topicSql = `INSERT INTO topic (name, slug) VALUES (${$(1)}, ${$(2)})`;
    await query(database.url, topicSql, ['Россия', 'topic']); // "Україна", "Россия", "中国" collapsed
    // Two rows whose names now share a key (an older rule kept them apart): they must stay two rows.
    await query(database.url, topicSql, ['Apple', 'apple']);
    await query(database.url, topicSql, ['APPLE', 'apple-2']);
    const link = `INSERT INTO article_topic (article_id, topic_id, position) VALUES (${$(1)}, ${$(2)}, ${$(3)})`;
    for (const [articleId, topicId, position] of [
      [1, 1, 0],
      [2, 1, 0],
      [3, 2, 0],
      [3, 3, 1],
    ]) {
      await query(database.url, link, [articleId, topicId, position]);
    }
  });
  afterEach(async () => {
    previous.remove();
    await database.drop();
  });

  it('re-keys topics and articles without merging, and keeps old article slugs resolving', async () => {
    expect(previous.removed[0]).toBe(MIGRATION);
    expect((await applyMigrationsForUrl(database.url)).applied).toEqual(previous.removed);

    const topics = await query(database.url, 'SELECT id, name, "key", slug FROM topic ORDER BY id');
    expect(topics.map((t) => [t.name, t.key])).toEqual([
      ['Россия', 'россия'],
      ['Apple', 'apple'],
      ['APPLE', 'apple#3'],
    ]);
    expect(topics[0]!.slug).toBe('rossiya');
    expect(topics[1]!.slug).toBe('apple');
    expect(topics[2]!.slug).toMatch(/^apple-[0-9a-f]{10}$/);
    expect(await query(database.url, 'SELECT count(*) AS n FROM article_topic')).toEqual([{ n: dialect === 'sqlite' ? 4 : '4' }]);

    const articles = await query(database.url, 'SELECT id, identity_key, slug FROM article ORDER BY id');
    expect(articles.map((a) => a.identity_key)).toEqual([
      'https://news.kyiv.example/uk/2024/11/zyma?id=42',
      'http://vesti.msk.example/2024/11/03/soglashenie',
      'https://b.example/s',
      SAME_B, // its tracker-free identity is taken by the other row: two rows stay two rows
    ]);
    expect(articles[0]!.slug).toMatch(/^ukrayina-gotuyetsya-do-zimi-[0-9a-f]{8}$/);
    expect(articles[1]!.slug).toMatch(/^rossiya-i-kitay-podpisali-soglashenie-[0-9a-f]{8}$/);
    expect(articles[3]!.slug).toBe(`same-story-${hash8(SAME_B)}`);
    const aliases = await query(database.url, 'SELECT slug, article_id FROM article_slug_alias ORDER BY article_id');
    expect(aliases.map((a) => [a.slug, Number(a.article_id)])).toEqual([
      [`untitled-${hash8(UK)}`, 1],
      [`untitled-${hash8(RU)}`, 2],
      [`same-story-${hash8(SAME_A)}`, 3],
    ]);

    const db = await openDatabase({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: 2 });
    try {
      const client = clientOf(createNewsYoga({ db, logger: captureLogger([]) }));
      const bySlug = async (slug: string) =>
        (await client.graphql('query($slug: String!) { article(slug: $slug) { title slug } }', { slug })).data.article;
      expect(await bySlug(`untitled-${hash8(UK)}`)).toEqual({ title: 'Україна готується до зими', slug: articles[0]!.slug });
      expect(await bySlug(articles[0]!.slug as string)).toEqual({ title: 'Україна готується до зими', slug: articles[0]!.slug });
      expect(await bySlug(`same-story-${hash8(SAME_A)}`)).toMatchObject({ slug: articles[2]!.slug });
      expect(await bySlug('untitled-00000000')).toBeNull();

      // Re-seeding the original files: the stories re-merge under the new rules and the collapsed topic splits.
      // 4 rows + 11 fixture stories, 2 of which are rows 1 and 2 (re-keyed, so found again, not duplicated).
      const summary = await seed(db.prisma, [WORLD_DIR]);
      expect(summary.failures).toEqual([]);
      expect(await query(database.url, 'SELECT count(*) AS n FROM article')).toEqual([{ n: dialect === 'sqlite' ? 13 : '13' }]);
      const topicsOf = async (articleId: number) =>
        (
          await query(
            database.url,
            `SELECT t.name FROM article_topic at JOIN topic t ON t.id = at.topic_id WHERE at.article_id = ${$(1)} ORDER BY at.position`,
            [articleId],
          )
        ).map((t) => t.name);
      expect(await topicsOf(1)).toEqual(['УКРАЇНА', 'Енергетика']);
      expect(await topicsOf(2)).toEqual(['Россия', '中国', 'Экономика']);
      expect(await bySlug(`untitled-${hash8(RU)}`)).toEqual({
        title: 'Россия и Китай подписали соглашение',
        slug: articles[1]!.slug,
      });
    } finally {
      await db.close();
    }
  });
});
