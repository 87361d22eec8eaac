-- The number of listed (not stub) articles, kept beside the data version so that a listing's totalCount
-- reads one row instead of counting the table (a count grows with the corpus). recordWrite folds each write
-- transaction's additions (article_added's rows it stamps) and removals (article_removed's rows it takes)
-- into listed_articles at its end; a reader adds the rows still unstamped or untaken, those of writes made
-- outside the server, so the count is exact in every snapshot. (SQLite has no TRUNCATE: a DELETE of every
-- row fires the row triggers.)
ALTER TABLE "data_version" ADD COLUMN "listed_articles" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "article_removed" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "article_id" INTEGER NOT NULL
);

CREATE TRIGGER "article_removed_after_delete" AFTER DELETE ON "article" WHEN old.is_stub = 0 BEGIN
    INSERT INTO article_removed (article_id) VALUES (old.id);
END;

CREATE TRIGGER "article_removed_after_downgrade" AFTER UPDATE OF is_stub ON "article" WHEN old.is_stub = 0 AND new.is_stub = 1 BEGIN
    INSERT INTO article_removed (article_id) VALUES (old.id);
END;

-- Rows journalled but not yet stamped are added by readers (and by the next write): leave them out here.
UPDATE "data_version" SET "listed_articles" =
    (SELECT COUNT(*) FROM "article" WHERE "is_stub" = 0)
    - (SELECT COUNT(*) FROM "article_added" WHERE "version" IS NULL);
