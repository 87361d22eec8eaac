// Data step of migration 20261130020303_article_language_search: every article gets its language (detected
// from its text: the source's locale was not kept before, and comes back when the files are seeded again) and
// its search documents, whose update re-indexes it through the full-text triggers. Rows are read in batches
// of at most BATCH_ROWS rows and BATCH_CHARS characters of text (so a database of 1,000,000-character bodies is
// never held in memory at once), and each batch is written by one multi-row UPDATE.
import { storyLanguage } from '../../ingest/language.js';
import { searchDocument } from '../../ingest/search-text.js';
import type { MigrationSql } from './index.js';

const BATCH_ROWS = 500;
const BATCH_CHARS = 4_000_000;

type Row = { id: number; title: string; excerpt: string | null; body: string | null };

export async function fillLanguageAndSearchText(sql: MigrationSql): Promise<void> {
  let after = 0;
  for (;;) {
    const sizes = await sql.all<{ id: number; size: number }>(
      `SELECT id, length(title) + coalesce(length(excerpt), 0) + coalesce(length(body), 0) AS size
       FROM article WHERE id > ? ORDER BY id LIMIT ${BATCH_ROWS}`,
      [after],
    );
    if (sizes.length === 0) return;
    // The longest prefix within BATCH_CHARS, and at least one row.
    let last = Number(sizes[0]!.id);
    let chars = 0;
    for (const { id, size } of sizes) {
      chars += Number(size);
      if (chars > BATCH_CHARS && id !== sizes[0]!.id) break;
      last = Number(id);
    }
    const rows = await sql.all<Row>('SELECT id, title, excerpt, body FROM article WHERE id > ? AND id <= ? ORDER BY id', [
      after,
      last,
    ]);
    if (rows.length) await updateBatch(sql, rows);
    after = last;
  }
}

/** One UPDATE for the batch: the new values as a VALUES list joined by id (SQLite 3.33+ and PostgreSQL). */
async function updateBatch(sql: MigrationSql, rows: readonly Row[]): Promise<void> {
  const values = rows.map(() => '(CAST(? AS INTEGER), ?, ?, ?, ?)').join(', ');
  const params = rows.flatMap((row) => [
    Number(row.id),
    storyLanguage(row),
    searchDocument(row.title),
    searchDocument(row.excerpt),
    searchDocument(row.body),
  ]);
  await sql.run(
    `WITH v (id, language, search_title, search_excerpt, search_body) AS (VALUES ${values})
     UPDATE article SET language = v.language, search_title = v.search_title, search_excerpt = v.search_excerpt,
       search_body = v.search_body
     FROM v WHERE article.id = v.id`,
    params,
  );
}
