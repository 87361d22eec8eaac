// Full-text search objects that Prisma cannot model. scripts/create-migration.ts appends them to the first
// migration; Prisma's tooling treats their tables as external (SCHEMA_FILTERS in schema-engine.ts).
// What is indexed is article's search documents (search_title, search_excerpt, search_body): the tokens of
// title, excerpt and body as src/ingest/search-text.ts makes them, separated by spaces. The databases only split
// them at spaces (FTS5's ascii tokenizer, PostgreSQL's 'simple' configuration), so both hold the same words.
// Updates that touch none of these columns leave the index alone.

/** Triggers keeping the external-content FTS5 table article_fts in step with article ('delete' + insert). */
export const SQLITE_FTS_TRIGGERS_SQL = `CREATE TRIGGER "article_fts_after_insert" AFTER INSERT ON "article" BEGIN
    INSERT INTO article_fts (rowid, search_title, search_excerpt, search_body) VALUES (new.id, new.search_title, new.search_excerpt, new.search_body);
END;

CREATE TRIGGER "article_fts_after_update" AFTER UPDATE OF search_title, search_excerpt, search_body ON "article" BEGIN
    INSERT INTO article_fts (article_fts, rowid, search_title, search_excerpt, search_body) VALUES ('delete', old.id, old.search_title, old.search_excerpt, old.search_body);
    INSERT INTO article_fts (rowid, search_title, search_excerpt, search_body) VALUES (new.id, new.search_title, new.search_excerpt, new.search_body);
END;

CREATE TRIGGER "article_fts_after_delete" AFTER DELETE ON "article" BEGIN
    INSERT INTO article_fts (article_fts, rowid, search_title, search_excerpt, search_body) VALUES ('delete', old.id, old.search_title, old.search_excerpt, old.search_body);
END;
`;

/** The FTS5 table over article's search documents (tokens already normalized: split at spaces only). */
export const SQLITE_FTS_TABLE_SQL = `CREATE VIRTUAL TABLE article_fts USING fts5(search_title, search_excerpt, search_body, content='article', content_rowid='id', tokenize='ascii');`;

/** The FTS5 index over article and its triggers. */
export const SQLITE_FTS_SQL = `-- Full-text search (not modelled by Prisma: an external table for Prisma's tooling)
${SQLITE_FTS_TABLE_SQL}

${SQLITE_FTS_TRIGGERS_SQL}`;

/**
 * SQLite migrations that redefine "article" (Prisma drops and recreates the table) lose its triggers; this
 * puts them back and rebuilds the index from the table.
 */
export const SQLITE_FTS_RESTORE_SQL = `-- Full-text search: "article" was redefined above, which dropped its triggers
${SQLITE_FTS_TRIGGERS_SQL}
INSERT INTO article_fts (article_fts) VALUES ('rebuild');
`;

/** The function and trigger that keep article_search in step with article's search documents. */
export const POSTGRESQL_FTS_REFRESH_SQL = `CREATE OR REPLACE FUNCTION "article_search_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "article_search" ("article_id", "document")
    VALUES (
        NEW."id",
        setweight(to_tsvector('simple', coalesce(NEW."search_title", '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(NEW."search_excerpt", '')), 'B') ||
        setweight(to_tsvector('simple', coalesce(NEW."search_body", '')), 'C')
    )
    ON CONFLICT ("article_id") DO UPDATE SET "document" = EXCLUDED."document";
    RETURN NULL;
END;
$$;

CREATE TRIGGER "article_search_refresh" AFTER INSERT OR UPDATE OF "search_title", "search_excerpt", "search_body" ON "article"
    FOR EACH ROW EXECUTE FUNCTION "article_search_refresh"();
`;

/** A weighted tsvector per article in its own table, kept up to date by a trigger. */
export const POSTGRESQL_FTS_SQL = `-- Full-text search (not modelled by Prisma: an external table for Prisma's tooling)
CREATE TABLE "article_search" (
    "article_id" INTEGER NOT NULL PRIMARY KEY REFERENCES "article"("id") ON DELETE CASCADE,
    "document" TSVECTOR NOT NULL
);

CREATE INDEX "article_search_document_idx" ON "article_search" USING GIN ("document");

${POSTGRESQL_FTS_REFRESH_SQL}`;
