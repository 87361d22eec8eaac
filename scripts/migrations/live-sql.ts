// The write journal Prisma cannot model (tables without models, triggers): one row holding the data version,
// bumped by every write transaction as its last statement (src/db/change-store.ts), and the articles that
// became visible in listings, stamped with the version of the transaction that made them so. The response
// cache keys entries by the version; articleAdded subscribers read the journal (src/server/live/).
// Migration 20261130210000_listed_article_count adds the listed-article count beside the version and
// article_removed, its removals. Prisma's tooling treats these tables as external (SCHEMA_FILTERS in
// schema-engine.ts).

/** Triggers filling article_added: a new full article, or a stub upgraded in place. Updates are not "added". */
export const SQLITE_LIVE_TRIGGERS_SQL = `CREATE TRIGGER "article_added_after_insert" AFTER INSERT ON "article" WHEN new.is_stub = 0 BEGIN
    INSERT INTO article_added (article_id) VALUES (new.id);
END;

CREATE TRIGGER "article_added_after_upgrade" AFTER UPDATE OF is_stub ON "article" WHEN old.is_stub = 1 AND new.is_stub = 0 BEGIN
    INSERT INTO article_added (article_id) VALUES (new.id);
END;
`;

export const SQLITE_LIVE_SQL = `-- Write journal (not modelled by Prisma: external tables for Prisma's tooling)
-- database_id: random per database (a new row gets a new one), so a Redis shared by two databases never
-- serves one's cached answers to the other.
CREATE TABLE "data_version" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL,
    "database_id" TEXT NOT NULL DEFAULT (lower(hex(randomblob(16))))
);
INSERT INTO "data_version" ("id", "version") VALUES (1, 0);

CREATE TABLE "article_added" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "article_id" INTEGER NOT NULL,
    "version" INTEGER
);
CREATE INDEX "article_added_version_idx" ON "article_added"("version");

${SQLITE_LIVE_TRIGGERS_SQL}`;

/** Triggers filling article_removed (20261130210000_listed_article_count): a listed article deleted or made a stub. */
export const SQLITE_COUNT_TRIGGERS_SQL = `CREATE TRIGGER "article_removed_after_delete" AFTER DELETE ON "article" WHEN old.is_stub = 0 BEGIN
    INSERT INTO article_removed (article_id) VALUES (old.id);
END;

CREATE TRIGGER "article_removed_after_downgrade" AFTER UPDATE OF is_stub ON "article" WHEN old.is_stub = 0 AND new.is_stub IS NOT 0 BEGIN
    INSERT INTO article_removed (article_id) VALUES (old.id);
END;
`;

/** SQLite migrations that redefine "article" drop its triggers: this puts the journal's back. */
export const SQLITE_LIVE_RESTORE_SQL = `-- Write journal: "article" was redefined above, which dropped its triggers
${SQLITE_LIVE_TRIGGERS_SQL}
${SQLITE_COUNT_TRIGGERS_SQL}`;

export const POSTGRESQL_LIVE_SQL = `-- Write journal (not modelled by Prisma: external tables for Prisma's tooling)
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
`;
