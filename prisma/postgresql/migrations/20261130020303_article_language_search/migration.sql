-- Article.language and the search documents (src/ingest/language.ts, src/ingest/search-text.ts), which SQL
-- cannot compute: the data step registered for this migration (src/db/data-migrations/index.ts) fills them for
-- every row in the same transaction, and the full-text index is rebuilt over the search documents.
-- AlterTable
ALTER TABLE "article" ADD COLUMN     "language" TEXT,
ADD COLUMN     "search_body" TEXT,
ADD COLUMN     "search_excerpt" TEXT,
ADD COLUMN     "search_title" TEXT;

-- CreateIndex
CREATE INDEX "article_language_idx" ON "article"("language");

-- Full-text search over the search documents with the 'simple' configuration: no stopwords, no stemming of
-- its own (the application normalized and stemmed the tokens)
CREATE OR REPLACE FUNCTION "article_search_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
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

DROP TRIGGER "article_search_refresh" ON "article";
CREATE TRIGGER "article_search_refresh" AFTER INSERT OR UPDATE OF "search_title", "search_excerpt", "search_body" ON "article"
    FOR EACH ROW EXECUTE FUNCTION "article_search_refresh"();
