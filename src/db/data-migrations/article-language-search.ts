// Data step of migration 20261130020303_article_language_search: every article gets its language (detected
// from its text: the source's locale was not kept before, and comes back when the files are seeded again) and
// its search documents, whose update re-indexes it through the full-text triggers. Read in pages of ids, so
// a large database is never held in memory at once.
import { storyLanguage } from '../../ingest/language.js';
import { searchDocument } from '../../ingest/search-text.js';
import type { MigrationSql } from './index.js';

const PAGE = 500;

export async function fillLanguageAndSearchText(sql: MigrationSql): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await sql.all<{ id: number; title: string; excerpt: string | null; body: string | null }>(
      `SELECT id, title, excerpt, body FROM article WHERE id > ? ORDER BY id LIMIT ${PAGE}`,
      [after],
    );
    for (const row of rows) {
      await sql.run('UPDATE article SET language = ?, search_title = ?, search_excerpt = ?, search_body = ? WHERE id = ?', [
        storyLanguage(row),
        searchDocument(row.title),
        searchDocument(row.excerpt),
        searchDocument(row.body),
        row.id,
      ]);
    }
    if (rows.length < PAGE) return;
    after = Number(rows.at(-1)!.id);
  }
}
