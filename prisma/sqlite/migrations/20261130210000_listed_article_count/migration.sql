-- The number of listed (not stub) articles, kept beside the data version so that a listing's totalCount
-- reads one row instead of counting the table (a count grows with the corpus). Readers add the journal rows
-- not yet recorded:
--   listed articles = listed_articles + article_added rows unstamped - article_removed rows
-- and triggers keep that sum unchanged as writes record them: stamping an article_added row (recordWrite, in
-- every build of the server) moves it into listed_articles; taking an article_removed row (recordWrite)
-- moves it out. So the count is exact in every snapshot, whatever wrote the rows. (SQLite has no TRUNCATE:
-- a DELETE of every row fires the row triggers.)
ALTER TABLE "data_version" ADD COLUMN "listed_articles" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "article_removed" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "article_id" INTEGER NOT NULL
);

-- Listed means is_stub = 0 (the listings' test): any other value leaves the listing.
CREATE TRIGGER "article_removed_after_delete" AFTER DELETE ON "article" WHEN old.is_stub = 0 BEGIN
    INSERT INTO article_removed (article_id) VALUES (old.id);
END;

CREATE TRIGGER "article_removed_after_downgrade" AFTER UPDATE OF is_stub ON "article" WHEN old.is_stub = 0 AND new.is_stub IS NOT 0 BEGIN
    INSERT INTO article_removed (article_id) VALUES (old.id);
END;

CREATE TRIGGER "article_added_after_stamp" AFTER UPDATE OF version ON "article_added"
    WHEN (old.version IS NULL) IS NOT (new.version IS NULL) BEGIN
    UPDATE data_version SET listed_articles = listed_articles + (CASE WHEN new.version IS NULL THEN -1 ELSE 1 END) WHERE id = 1;
END;

CREATE TRIGGER "article_removed_after_take" AFTER DELETE ON "article_removed" BEGIN
    UPDATE data_version SET listed_articles = listed_articles - 1 WHERE id = 1;
END;

-- Rows journalled but not yet stamped are added by readers (and folded in when stamped): leave them out here.
UPDATE "data_version" SET "listed_articles" =
    (SELECT COUNT(*) FROM "article" WHERE "is_stub" = 0)
    - (SELECT COUNT(*) FROM "article_added" WHERE "version" IS NULL);
