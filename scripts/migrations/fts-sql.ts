// Full-text search objects that Prisma cannot model. scripts/create-migration.ts appends them to the first
// migration; Prisma's tooling treats their tables as external (SCHEMA_FILTERS in schema-engine.ts).
// Only article's title, excerpt and body are indexed; updates that touch none of them leave the index alone.

/** Triggers keeping the external-content FTS5 table article_fts in step with article ('delete' + insert). */
export const SQLITE_FTS_TRIGGERS_SQL = `CREATE TRIGGER "article_fts_after_insert" AFTER INSERT ON "article" BEGIN
    INSERT INTO article_fts (rowid, title, excerpt, body) VALUES (new.id, new.title, new.excerpt, new.body);
END;

CREATE TRIGGER "article_fts_after_update" AFTER UPDATE OF title, excerpt, body ON "article" BEGIN
    INSERT INTO article_fts (article_fts, rowid, title, excerpt, body) VALUES ('delete', old.id, old.title, old.excerpt, old.body);
    INSERT INTO article_fts (rowid, title, excerpt, body) VALUES (new.id, new.title, new.excerpt, new.body);
END;

CREATE TRIGGER "article_fts_after_delete" AFTER DELETE ON "article" BEGIN
    INSERT INTO article_fts (article_fts, rowid, title, excerpt, body) VALUES ('delete', old.id, old.title, old.excerpt, old.body);
END;
`;

/** The FTS5 index over article (stemming, diacritics folded) and its triggers. */
export const SQLITE_FTS_SQL = `-- Full-text search (not modelled by Prisma: an external table for Prisma's tooling)
CREATE VIRTUAL TABLE article_fts USING fts5(title, excerpt, body, content='article', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');

${SQLITE_FTS_TRIGGERS_SQL}`;

/**
 * SQLite migrations that redefine "article" (Prisma drops and recreates the table) lose its triggers; this
 * puts them back and rebuilds the index from the table.
 */
export const SQLITE_FTS_RESTORE_SQL = `-- Full-text search: "article" was redefined above, which dropped its triggers
${SQLITE_FTS_TRIGGERS_SQL}
INSERT INTO article_fts (article_fts) VALUES ('rebuild');
`;

/** A weighted tsvector per article in its own table, kept up to date by a trigger. */
export const POSTGRESQL_FTS_SQL = `-- Full-text search (not modelled by Prisma: an external table for Prisma's tooling)
CREATE TABLE "article_search" (
    "article_id" INTEGER NOT NULL PRIMARY KEY REFERENCES "article"("id") ON DELETE CASCADE,
    "document" TSVECTOR NOT NULL
);

CREATE INDEX "article_search_document_idx" ON "article_search" USING GIN ("document");

CREATE FUNCTION "article_search_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "article_search" ("article_id", "document")
    VALUES (
        NEW."id",
        setweight(to_tsvector('english', coalesce(NEW."title", '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW."excerpt", '')), 'B') ||
        setweight(to_tsvector('english', coalesce(NEW."body", '')), 'C')
    )
    ON CONFLICT ("article_id") DO UPDATE SET "document" = EXCLUDED."document";
    RETURN NULL;
END;
$$;

CREATE TRIGGER "article_search_refresh" AFTER INSERT OR UPDATE OF "title", "excerpt", "body" ON "article"
    FOR EACH ROW EXECUTE FUNCTION "article_search_refresh"();
`;
