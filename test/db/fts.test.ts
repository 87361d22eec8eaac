// The full-text search objects the initial migrations add by hand: they exist after migrating and follow
// article rows through insert, update and delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScratchDatabase } from '../../scripts/scratch-db.js';
import { applyMigrationsForUrl } from '../../src/db/migrate.js';
import { createScratchDatabase, insertArticleSql, query, TEST_DIALECTS } from './raw-sql.js';

const ARTICLE = ['fts-1', 'fts-1', 'Runners gather downtown', 'Coffee at the café afterwards', 'A report on marathons'];

describe.each(TEST_DIALECTS)('full-text search on %s', (dialect) => {
  let database: ScratchDatabase;
  let id: number;

  beforeAll(async () => {
    database = await createScratchDatabase(dialect);
    await applyMigrationsForUrl(database.url);
    await query(database.url, insertArticleSql(dialect), ARTICLE);
    id = Number((await query(database.url, `SELECT id FROM article WHERE slug = 'fts-1'`))[0]!.id);
  });
  afterAll(() => database.drop());

  if (dialect === 'sqlite') {
    const matches = async (text: string) =>
      (await query(database.url, 'SELECT rowid AS id FROM article_fts WHERE article_fts MATCH ?', [text])).map((r) =>
        Number(r.id),
      );
    // With rank = 1, FTS5 also compares the index with the content table, row by row.
    const assertIndexMatchesTable = () =>
      query(database.url, `INSERT INTO article_fts (article_fts, rank) VALUES ('integrity-check', 1)`);

    it('indexes a new article with stemming and without diacritics', async () => {
      expect(await matches('marathon')).toEqual([id]);
      expect(await matches('cafe')).toEqual([id]);
      expect(await matches('title:runner')).toEqual([id]);
      await assertIndexMatchesTable();
    });

    it('follows updates of indexed columns and ignores the others', async () => {
      await query(database.url, `UPDATE article SET title = 'Cyclists gather downtown' WHERE id = ?`, [id]);
      await query(database.url, `UPDATE article SET heat = 5 WHERE id = ?`, [id]);
      expect(await matches('runner')).toEqual([]);
      expect(await matches('cyclist')).toEqual([id]);
      await assertIndexMatchesTable();
    });

    it('forgets a deleted article', async () => {
      await query(database.url, 'DELETE FROM article WHERE id = ?', [id]);
      expect(await matches('cyclist')).toEqual([]);
      expect(await matches('marathon')).toEqual([]);
      await assertIndexMatchesTable();
    });
  } else {
    const matches = async (text: string) =>
      (
        await query(database.url, `SELECT article_id FROM article_search WHERE document @@ plainto_tsquery('english', $1)`, [
          text,
        ])
      ).map((r) => Number(r.article_id));
    const documentText = async () =>
      (await query(database.url, 'SELECT document::text AS document FROM article_search WHERE article_id = $1', [id]))[0]
        ?.document;

    it('has the GIN index on the document', async () => {
      const indexes = await query(database.url, `SELECT indexdef FROM pg_indexes WHERE tablename = 'article_search'`);
      expect(indexes.map((i) => i.indexdef)).toContainEqual(expect.stringMatching(/USING gin \(document\)/));
    });

    it('indexes a new article with title, excerpt and body weighted A, B and C', async () => {
      expect(await matches('marathon')).toEqual([id]);
      expect(await documentText()).toMatch(/'runner':1A/);
      expect(await documentText()).toMatch(/'coffe':\d+B/);
      expect(await documentText()).toMatch(/'marathon':\d+C/);
    });

    it('follows updates of indexed columns and ignores the others', async () => {
      await query(database.url, `UPDATE article SET title = 'Cyclists gather downtown' WHERE id = $1`, [id]);
      expect(await matches('runner')).toEqual([]);
      expect(await matches('cyclist')).toEqual([id]);
      const before = await documentText();
      await query(database.url, 'UPDATE article SET heat = 5 WHERE id = $1', [id]);
      expect(await documentText()).toBe(before);
    });

    it('forgets a deleted article', async () => {
      await query(database.url, 'DELETE FROM article WHERE id = $1', [id]);
      expect(await query(database.url, 'SELECT * FROM article_search')).toEqual([]);
    });
  }
});
