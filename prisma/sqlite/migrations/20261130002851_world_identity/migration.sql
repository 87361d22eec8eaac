-- Topics are keyed by NFKC + case fold of their name (src/ingest/slug.ts), which SQL cannot compute: rows get a
-- unique placeholder here, and the data step registered for this migration (src/db/data-migrations.ts) sets
-- the real keys, slugs and article slugs (keeping old article slugs as aliases) in the same transaction.
-- CreateTable
CREATE TABLE "article_slug_alias" (
    "slug" TEXT NOT NULL PRIMARY KEY,
    "article_id" INTEGER NOT NULL,
    CONSTRAINT "article_slug_alias_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_topic" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "slug" TEXT NOT NULL
);
INSERT INTO "new_topic" ("id", "name", "key", "slug") SELECT "id", "name", 'migrating:' || "id", "slug" FROM "topic";
DROP TABLE "topic";
ALTER TABLE "new_topic" RENAME TO "topic";
CREATE UNIQUE INDEX "topic_name_key" ON "topic"("name");
CREATE UNIQUE INDEX "topic_key_key" ON "topic"("key");
CREATE UNIQUE INDEX "topic_slug_key" ON "topic"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "article_slug_alias_article_id_idx" ON "article_slug_alias"("article_id");
