-- Write journal (not modelled by Prisma: external tables for Prisma's tooling)
CREATE TABLE "data_version" ("id" INTEGER NOT NULL PRIMARY KEY, "version" INTEGER NOT NULL);
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
