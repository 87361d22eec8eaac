// Raw SQL against a database URL for the migration tests: one short-lived driver connection per call, so the
// tests see exactly what is committed.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createScratchPgDatabase, createScratchSqliteDatabase, type ScratchDatabase } from '../../scripts/scratch-db.js';
import { dialectForUrl, type SqlDialect, sqlitePathForUrl } from '../../src/db/dialect.js';
import { migrationsDirectory } from '../../src/db/migration-files.js';
import { searchDocument } from '../../src/ingest/search-text.js';

export type Row = Record<string, unknown>;

/** Runs one statement; `?` placeholders on SQLite, `$1` on PostgreSQL. */
export async function query(url: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  if (dialectForUrl(url) === 'sqlite') {
    const db = new Database(sqlitePathForUrl(url));
    try {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all(...params) as Row[];
      statement.run(...params);
      return [];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Row[];
  } finally {
    await client.end();
  }
}

/** Dialects to test: SQLite always, PostgreSQL when TEST_DATABASE_URL names a server. */
export const TEST_DIALECTS: SqlDialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgresql'] : ['sqlite'];

export function createScratchDatabase(dialect: SqlDialect): Promise<ScratchDatabase> {
  return dialect === 'sqlite'
    ? Promise.resolve(createScratchSqliteDatabase('migrations-test'))
    : createScratchPgDatabase(process.env.TEST_DATABASE_URL!, 'migrations_test');
}

/** A private copy of the project's migrations directory, for tests that edit or add migrations. */
export function copyMigrations(dialect: SqlDialect): { directory: string; remove: () => void } {
  const parent = mkdtempSync(join(tmpdir(), 'migrations-copy-'));
  const directory = join(parent, 'migrations');
  cpSync(migrationsDirectory(dialect), directory, { recursive: true });
  return { directory, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/**
 * A copy of the migrations as they were before `name`: it and every later migration removed (their names are
 * `removed`, in order), so that applying the project's migrations afterwards applies exactly those.
 */
export function copyMigrationsBefore(dialect: SqlDialect, name: string) {
  const copy = copyMigrations(dialect);
  const removed = readdirSync(copy.directory)
    .filter((entry) => /^\d{14}_/.test(entry) && entry >= name)
    .sort();
  for (const entry of removed) rmSync(join(copy.directory, entry), { recursive: true });
  return { ...copy, removed };
}

/**
 * An article row with the columns Prisma would fill, as the schema before the search documents had it;
 * insertIndexedArticle also fills them (what FTS indexes) from title, excerpt and body.
 */
export function insertArticleSql(dialect: SqlDialect): string {
  const p = dialect === 'sqlite' ? ['?', '?', '?', '?', '?'] : ['$1', '$2', '$3', '$4', '$5'];
  return `INSERT INTO article (identity_key, slug, title, excerpt, body, content_hash, updated_at)
    VALUES (${p[0]}, ${p[1]}, ${p[2]}, ${p[3]}, ${p[4]}, 'hash', CURRENT_TIMESTAMP)`;
}

/** An article row with its search documents, as the loader writes it: parameters are those of insertArticleSql. */
export function insertIndexedArticle(databaseUrl: string, dialect: SqlDialect, params: (string | null)[]) {
  const p = (n: number) => (dialect === 'sqlite' ? '?' : `$${n}`);
  const [, , title, excerpt, body] = params;
  return query(
    databaseUrl,
    `INSERT INTO article (identity_key, slug, title, excerpt, body, search_title, search_excerpt, search_body, content_hash, updated_at)
    VALUES (${[1, 2, 3, 4, 5, 6, 7, 8].map(p).join(', ')}, 'hash', CURRENT_TIMESTAMP)`,
    [...params, searchDocument(title), searchDocument(excerpt), searchDocument(body)],
  );
}
