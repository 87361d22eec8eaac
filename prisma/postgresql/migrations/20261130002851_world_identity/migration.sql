-- Topics are keyed by NFKC + case fold of their name (src/ingest/slug.ts), which SQL cannot compute: rows get a
-- unique placeholder here, and the data step registered for this migration (src/db/data-migrations.ts) sets
-- the real keys, slugs and article slugs (keeping old article slugs as aliases) in the same transaction.
-- AlterTable
ALTER TABLE "topic" ADD COLUMN     "key" TEXT;
UPDATE "topic" SET "key" = 'migrating:' || "id";
ALTER TABLE "topic" ALTER COLUMN "key" SET NOT NULL;

-- CreateTable
CREATE TABLE "article_slug_alias" (
    "slug" TEXT NOT NULL,
    "article_id" INTEGER NOT NULL,

    CONSTRAINT "article_slug_alias_pkey" PRIMARY KEY ("slug")
);

-- CreateIndex
CREATE INDEX "article_slug_alias_article_id_idx" ON "article_slug_alias"("article_id");

-- CreateIndex
CREATE UNIQUE INDEX "topic_key_key" ON "topic"("key");

-- AddForeignKey
ALTER TABLE "article_slug_alias" ADD CONSTRAINT "article_slug_alias_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE CASCADE ON UPDATE CASCADE;
