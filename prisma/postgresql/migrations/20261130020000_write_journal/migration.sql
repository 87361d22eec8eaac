-- Write journal (not modelled by Prisma: external tables for Prisma's tooling)
-- database_id: random per database (a new row gets a new one), so a Redis shared by two databases never
-- serves one's cached answers to the other.
CREATE TABLE "data_version" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "version" BIGINT NOT NULL,
    "database_id" TEXT NOT NULL DEFAULT gen_random_uuid()::text
);
INSERT INTO "data_version" ("id", "version") VALUES (1, 0);

CREATE TABLE "article_added" (
    "seq" BIGSERIAL NOT NULL PRIMARY KEY,
    "article_id" INTEGER NOT NULL,
    "version" BIGINT
);
CREATE INDEX "article_added_version_idx" ON "article_added"("version");

CREATE FUNCTION "article_added_record"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "article_added" ("article_id") VALUES (NEW."id");
    RETURN NULL;
END;
$$;

CREATE TRIGGER "article_added_after_insert" AFTER INSERT ON "article"
    FOR EACH ROW WHEN (NOT NEW."is_stub") EXECUTE FUNCTION "article_added_record"();

CREATE TRIGGER "article_added_after_upgrade" AFTER UPDATE OF "is_stub" ON "article"
    FOR EACH ROW WHEN (OLD."is_stub" AND NOT NEW."is_stub") EXECUTE FUNCTION "article_added_record"();
