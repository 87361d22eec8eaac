-- The number of listed (not stub) articles, kept beside the data version so that a listing's totalCount
-- reads one row instead of counting the table (a count grows with the corpus: ~1 ms a request at 10k
-- articles, ~10 ms at 100k). Readers add the journal rows not yet recorded:
--   listed articles = listed_articles + article_added rows unstamped - article_removed rows
-- and triggers keep that sum unchanged as writes record them: stamping an article_added row (recordWrite, in
-- every build of the server) moves it into listed_articles; taking an article_removed row (recordWrite)
-- moves it out. So the count is exact in every snapshot, whatever wrote the rows.

-- Writers lock article, then article_added (its triggers), then data_version: take them in that order, so a
-- writer running beside this migration waits for it instead of deadlocking with it.
LOCK TABLE "article", "article_added", "data_version" IN SHARE ROW EXCLUSIVE MODE;

ALTER TABLE "data_version" ADD COLUMN "listed_articles" BIGINT NOT NULL DEFAULT 0;

CREATE TABLE "article_removed" (
    "seq" BIGSERIAL NOT NULL PRIMARY KEY,
    "article_id" INTEGER NOT NULL
);

CREATE FUNCTION "article_removed_record"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "article_removed" ("article_id") VALUES (OLD."id");
    RETURN NULL;
END;
$$;

CREATE TRIGGER "article_removed_after_delete" AFTER DELETE ON "article"
    FOR EACH ROW WHEN (NOT OLD."is_stub") EXECUTE FUNCTION "article_removed_record"();

CREATE TRIGGER "article_removed_after_downgrade" AFTER UPDATE OF "is_stub" ON "article"
    FOR EACH ROW WHEN (NOT OLD."is_stub" AND NEW."is_stub") EXECUTE FUNCTION "article_removed_record"();

-- One UPDATE of the count per statement, by how many rows it stamped (or, by hand, unstamped).
CREATE FUNCTION "article_added_fold"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "data_version" SET "listed_articles" = "listed_articles"
        + (SELECT COUNT(*) FROM "old_rows" WHERE "version" IS NULL)
        - (SELECT COUNT(*) FROM "new_rows" WHERE "version" IS NULL)
    WHERE "id" = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "article_added_after_stamp" AFTER UPDATE ON "article_added"
    REFERENCING OLD TABLE AS "old_rows" NEW TABLE AS "new_rows"
    FOR EACH STATEMENT EXECUTE FUNCTION "article_added_fold"();

CREATE FUNCTION "article_removed_fold"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "data_version" SET "listed_articles" = "listed_articles" - (SELECT COUNT(*) FROM "old_rows") WHERE "id" = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "article_removed_after_take" AFTER DELETE ON "article_removed"
    REFERENCING OLD TABLE AS "old_rows"
    FOR EACH STATEMENT EXECUTE FUNCTION "article_removed_fold"();

-- TRUNCATE skips row triggers: it empties the table, so the count starts again from nothing. It is a write
-- like any other: the data version moves, so no response cache keeps serving what was there.
CREATE FUNCTION "article_count_reset"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM "article_removed";
    DELETE FROM "article_added" WHERE "version" IS NULL;
    UPDATE "data_version" SET "listed_articles" = 0, "version" = "version" + 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER "article_count_after_truncate" AFTER TRUNCATE ON "article"
    FOR EACH STATEMENT EXECUTE FUNCTION "article_count_reset"();

-- Rows journalled but not yet stamped are added by readers (and folded in when stamped): leave them out here.
UPDATE "data_version" SET "listed_articles" =
    (SELECT COUNT(*) FROM "article" WHERE NOT "is_stub")
    - (SELECT COUNT(*) FROM "article_added" WHERE "version" IS NULL);
