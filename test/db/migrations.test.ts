// prisma/models.prisma, the generated dialect schemas and the migrations must agree. Drift is found with
// Prisma's own (WebAssembly) schema engine on throwaway databases: SQLite always, PostgreSQL when
// TEST_DATABASE_URL is set.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderDialectSchemas } from '../../scripts/migrations/dialect-schemas.js';
import { draftNextMigration, findMigrationDrift, renderedSchema } from '../../scripts/migrations/migration-tooling.js';
import { applyMigrationsForUrl } from '../../src/db/migrate.js';
import { PROJECT_ROOT } from '../../src/db/migration-files.js';
import { copyMigrations, createScratchDatabase, insertIndexedArticle, query, TEST_DIALECTS } from './raw-sql.js';

const pgServerUrl = process.env.TEST_DATABASE_URL;

describe('dialect schemas', () => {
  it.each(renderDialectSchemas(PROJECT_ROOT))('prisma/$dialect/schema.prisma is rendered from models.prisma', (schema) => {
    expect(readFileSync(schema.path, 'utf8'), 'stale: run npm run db:schema').toBe(schema.content);
  });
});

describe.each(TEST_DIALECTS)('migrations for %s', (dialect) => {
  it('match prisma/models.prisma, with a history Prisma accepts', async () => {
    const missing = await findMigrationDrift(dialect, { pgServerUrl });
    expect(missing, 'the datamodel changed without a migration: npm run db:migration -- <name>').toBeNull();
  });

  it('are reported as drifting when the datamodel gains a column', async () => {
    const schema = renderedSchema(dialect);
    const changed = schema.content.replace('  excerpt      String?', '  excerpt      String?\n  summary      String?');
    expect(changed).not.toBe(schema.content);
    const missing = await findMigrationDrift(dialect, { pgServerUrl, schema: { ...schema, content: changed } });
    expect(missing).toMatch(/ALTER TABLE "article" ADD COLUMN\s+"summary" TEXT/);
  });
});

describe('a SQLite migration that rebuilds "article"', () => {
  it('keeps dependent rows and the full-text triggers', async () => {
    const copy = copyMigrations('sqlite');
    const database = await createScratchDatabase('sqlite');
    try {
      await applyMigrationsForUrl(database.url, { migrationsDir: copy.directory });
      await insertIndexedArticle(database.url, 'sqlite', ['a', 'a', 'Runners gather', null, 'marathons']);
      await query(database.url, `INSERT INTO topic (name, key, slug) VALUES ('Sport', 'sport', 'sport')`);
      await query(database.url, 'INSERT INTO article_topic (article_id, topic_id, position) VALUES (1, 1, 0)');

      // Making a nullable column required is something SQLite can only do by rebuilding the table.
      const schema = renderedSchema('sqlite');
      const changed = schema.content.replace('  author       String?', '  author       String           @default("")');
      const sql = await draftNextMigration('sqlite', { migrationsDir: copy.directory, schema: { ...schema, content: changed } });
      expect(sql).toContain('DROP TABLE "article";');
      expect(sql).toContain('CREATE TRIGGER "article_fts_after_insert"');
      expect(sql).toContain('CREATE TRIGGER "article_added_after_insert"');
      mkdirSync(join(copy.directory, '99990101000000_author_required'));
      writeFileSync(join(copy.directory, '99990101000000_author_required', 'migration.sql'), sql!);

      expect((await applyMigrationsForUrl(database.url, { migrationsDir: copy.directory })).applied).toEqual([
        '99990101000000_author_required',
      ]);
      expect(await query(database.url, 'SELECT article_id, topic_id FROM article_topic')).toEqual([
        { article_id: 1, topic_id: 1 },
      ]);
      const triggers = await query(database.url, `SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name`);
      expect(triggers.map((t) => t.name)).toEqual([
        'article_added_after_insert',
        'article_added_after_stamp',
        'article_added_after_upgrade',
        'article_fts_after_delete',
        'article_fts_after_insert',
        'article_fts_after_update',
        'article_removed_after_delete',
        'article_removed_after_downgrade',
        'article_removed_after_take',
      ]);
      await insertIndexedArticle(database.url, 'sqlite', ['b', 'b', 'Swimmers too', null, null]);
      const found = await query(
        database.url,
        `SELECT rowid AS id FROM article_fts WHERE article_fts MATCH 'marathon OR swimmer'`,
      );
      expect(found.map((r) => r.id)).toEqual([1, 2]);
      await query(database.url, `INSERT INTO article_fts (article_fts, rank) VALUES ('integrity-check', 1)`);
      expect(
        await findMigrationDrift('sqlite', { migrationsDir: copy.directory, schema: { ...schema, content: changed } }),
      ).toBeNull();
    } finally {
      await database.drop();
      copy.remove();
    }
  });
});
