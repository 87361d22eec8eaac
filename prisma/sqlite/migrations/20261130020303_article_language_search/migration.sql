-- Article.language and the search documents (src/ingest/language.ts, src/ingest/search-text.ts), which SQL
-- cannot compute: the data step registered for this migration (src/db/data-migrations/index.ts) fills them for
-- every row in the same transaction, and the full-text index is rebuilt over the search documents.
-- AlterTable
ALTER TABLE "article" ADD COLUMN "language" TEXT;
ALTER TABLE "article" ADD COLUMN "search_body" TEXT;
ALTER TABLE "article" ADD COLUMN "search_excerpt" TEXT;
ALTER TABLE "article" ADD COLUMN "search_title" TEXT;

-- CreateIndex
CREATE INDEX "article_language_idx" ON "article"("language");

-- Full-text search over the search documents: tokens split at spaces only (the application normalized them)
DROP TRIGGER "article_fts_after_insert";
DROP TRIGGER "article_fts_after_update";
DROP TRIGGER "article_fts_after_delete";
DROP TABLE article_fts;
CREATE VIRTUAL TABLE article_fts USING fts5(search_title, search_excerpt, search_body, content='article', content_rowid='id', tokenize='ascii');
-- Every existing row in the index (its search documents are still empty), so that the update trigger's
-- 'delete' finds what it deletes when the data step fills them.
INSERT INTO article_fts (article_fts) VALUES ('rebuild');

CREATE TRIGGER "article_fts_after_insert" AFTER INSERT ON "article" BEGIN
    INSERT INTO article_fts (rowid, search_title, search_excerpt, search_body) VALUES (new.id, new.search_title, new.search_excerpt, new.search_body);
END;

CREATE TRIGGER "article_fts_after_update" AFTER UPDATE OF search_title, search_excerpt, search_body ON "article" BEGIN
    INSERT INTO article_fts (article_fts, rowid, search_title, search_excerpt, search_body) VALUES ('delete', old.id, old.search_title, old.search_excerpt, old.search_body);
    INSERT INTO article_fts (rowid, search_title, search_excerpt, search_body) VALUES (new.id, new.search_title, new.search_excerpt, new.search_body);
END;

CREATE TRIGGER "article_fts_after_delete" AFTER DELETE ON "article" BEGIN
    INSERT INTO article_fts (article_fts, rowid, search_title, search_excerpt, search_body) VALUES ('delete', old.id, old.search_title, old.search_excerpt, old.search_body);
END;
