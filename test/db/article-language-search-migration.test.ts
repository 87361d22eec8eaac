// Migration 20261130020303_article_language_search on a database the previous version filled: every article
// gets its language and its search documents in the migration's own transaction, the full-text index is
// rebuilt over them, and the one search rule holds at once (stopwords, other scripts, text without spaces).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScratchDatabase } from '../../scripts/scratch-db.js';
import { openDatabase } from '../../src/db/client.js';
import { fillLanguageAndSearchText } from '../../src/db/data-migrations/article-language-search.js';
import type { MigrationSql } from '../../src/db/data-migrations/index.js';
import { applyMigrationsForUrl } from '../../src/db/migrate.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { captureLogger, clientOf } from '../helpers/server.js';
import { copyMigrationsBefore, createScratchDatabase, insertArticleSql, query, TEST_DIALECTS } from './raw-sql.js';

const MIGRATION = '20261130020303_article_language_search';
const ROWS: [string, string, string, string | null, string | null][] = [
  ['https://a.example/1', 'kyiv', 'Київ відкриває нові пункти незламності', 'Міська влада розширює мережу пунктів', null],
  [
    'https://a.example/2',
    'harbor',
    'The harbor at the end of the season',
    null,
    'Ferries stop running in the north as winter storms arrive.',
  ],
  ['https://a.example/3', 'jingji', '中国经济增长放缓', '第三季度增长低于预期。', null],
  ['https://a.example/4', 'short', 'Snow', null, null],
];

describe.each(TEST_DIALECTS)(`migration ${MIGRATION} on %s`, (dialect) => {
  let database: ScratchDatabase;
  let previous: ReturnType<typeof copyMigrationsBefore>;

  beforeEach(async () => {
    database = await createScratchDatabase(dialect);
    previous = copyMigrationsBefore(dialect, MIGRATION);
    await applyMigrationsForUrl(database.url, { migrationsDir: previous.directory });
    for (const row of ROWS) await query(database.url, insertArticleSql(dialect), row);
  });
  afterEach(async () => {
    previous.remove();
    await database.drop();
  });

  it('fills language and search documents for every row, and search finds them by the new rule', async () => {
    expect((await applyMigrationsForUrl(database.url)).applied).toEqual(previous.removed);
    const rows = await query(database.url, 'SELECT slug, language, search_title, search_body FROM article ORDER BY id');
    expect(rows.map((r) => [r.slug, r.language])).toEqual([
      ['kyiv', 'uk'],
      ['harbor', 'en'],
      ['jingji', 'zh'],
      ['short', null],
    ]);
    expect(rows[1]!.search_body).toBe('ferri stop run in the north as winter storm arriv');
    if (dialect === 'sqlite') {
      // The index agrees with the table, row by row (FTS5 throws when it does not).
      await query(database.url, `INSERT INTO article_fts (article_fts, rank) VALUES ('integrity-check', 1)`);
    }

    const db = await openDatabase({ DATABASE_URL: database.url, DATABASE_POOL_SIZE: 2 });
    try {
      const client = clientOf(createNewsYoga({ db, logger: captureLogger([]) }));
      const found = async (search: string) => {
        const res = await client.graphql('query($f: ArticleFilter) { articles(filter: $f) { edges { node { slug } } } }', {
          f: { search },
        });
        expect(res.errors).toBeUndefined();
        return res.data.articles.edges.map((e: any) => e.node.slug);
      };
      expect(await found('the')).toEqual(['harbor']);
      expect(await found('ferry')).toEqual(['harbor']);
      expect(await found('київ')).toEqual(['kyiv']);
      expect(await found('增长')).toEqual(['jingji']);
      expect(await found('snow')).toEqual(['short']);
    } finally {
      await db.close();
    }
  });

  it('writes the rows in batches: one UPDATE per up to 500 rows, not one per row', async () => {
    const extra = Array.from({ length: 1200 }, (_, i) => [`https://b.example/${i}`, `b${i}`, `Story ${i}`, null, null]);
    for (const row of extra) await query(database.url, insertArticleSql(dialect), row);
    const updates: string[] = [];
    const counted = (sql: MigrationSql): MigrationSql => ({
      all: (text, params) => sql.all(text, params),
      run: (text, params) => {
        if (/\bUPDATE\b/.test(text)) updates.push(text);
        return sql.run(text, params);
      },
    });
    const applied = await applyMigrationsForUrl(database.url, {
      dataSteps: { [MIGRATION]: (sql) => fillLanguageAndSearchText(counted(sql)) },
    });
    expect(applied.applied).toEqual(previous.removed);
    expect(updates).toHaveLength(Math.ceil((ROWS.length + extra.length) / 500));
    const [row] = await query(database.url, `SELECT search_title FROM article WHERE slug = 'b1199'`);
    expect(row!.search_title).toBe('stori 1199');
    // 1,200 inserts, each on a connection of its own: slow on a busy machine's PostgreSQL.
  }, 180_000);
});
