-- Write journal (not modelled by Prisma: external tables for Prisma's tooling)
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

CREATE TRIGGER "article_added_after_insert" AFTER INSERT ON "article" WHEN new.is_stub = 0 BEGIN
    INSERT INTO article_added (article_id) VALUES (new.id);
END;

CREATE TRIGGER "article_added_after_upgrade" AFTER UPDATE OF is_stub ON "article" WHEN old.is_stub = 1 AND new.is_stub = 0 BEGIN
    INSERT INTO article_added (article_id) VALUES (new.id);
END;
