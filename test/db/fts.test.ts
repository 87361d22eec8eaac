// The full-text search objects the migrations add by hand: they exist after migrating and follow article
// rows' search documents (src/ingest/search-text.ts) through insert, update and delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScratchDatabase } from '../../scripts/scratch-db.js';
import { applyMigrationsForUrl } from '../../src/db/migrate.js';
import { searchDocument } from '../../src/ingest/search-text.js';
import { createScratchDatabase, insertIndexedArticle, query, TEST_DIALECTS } from './raw-sql.js';

const ARTICLE = ['fts-1', 'fts-1', 'Runners gather downtown', 'Coffee at the café afterwards', 'A report on marathons'];

describe.each(TEST_DIALECTS)('full-text search on %s', (dialect) => {
  let database: ScratchDatabase;
  let id: number;
  const p = (n: number) => (dialect === 'sqlite' ? '?' : `$${n}`);
  const retitle = (title: string) =>
    query(database.url, `UPDATE article SET title = ${p(1)}, search_title = ${p(2)} WHERE id = ${p(3)}`, [
      title,
      searchDocument(title),
      id,
    ]);

  beforeAll(async () => {
    database = await createScratchDatabase(dialect);
    await applyMigrationsForUrl(database.url);
    await insertIndexedArticle(database.url, dialect, ARTICLE);
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

    it('indexes the tokens of a new article: stems, no diacritics, whole tokens only', async () => {
      expect(await matches('marathon')).toEqual([id]);
      expect(await matches('cafe')).toEqual([id]);
      expect(await matches('the')).toEqual([id]);
      expect(await matches('search_title:runner')).toEqual([id]);
      expect(await matches('runn')).toEqual([]);
      await assertIndexMatchesTable();
    });

    it('follows updates of the search documents and ignores the others', async () => {
      await retitle('Cyclists gather downtown');
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
      (await query(database.url, `SELECT article_id FROM article_search WHERE document @@ to_tsquery('simple', $1)`, [text])).map(
        (r) => Number(r.article_id),
      );
    const documentText = async () =>
      (await query(database.url, 'SELECT document::text AS document FROM article_search WHERE article_id = $1', [id]))[0]
        ?.document;

    it('has the GIN index on the document', async () => {
      const indexes = await query(database.url, `SELECT indexdef FROM pg_indexes WHERE tablename = 'article_search'`);
      expect(indexes.map((i) => i.indexdef)).toContainEqual(expect.stringMatching(/USING gin \(document\)/));
    });

    it('indexes the tokens of title, excerpt and body weighted A, B and C, stopwords included', async () => {
      expect(await matches('marathon')).toEqual([id]);
      expect(await matches('the')).toEqual([id]);
      expect(await documentText()).toMatch(/'runner':1A/);
      expect(await documentText()).toMatch(/'cafe':\d+B/);
      expect(await documentText()).toMatch(/'marathon':\d+C/);
    });

    it('follows updates of the search documents and ignores the others', async () => {
      await retitle('Cyclists gather downtown');
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
