-- CreateTable
CREATE TABLE "provider" (
    "id" SERIAL NOT NULL,
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "provider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "article" (
    "id" SERIAL NOT NULL,
    "identity_key" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "excerpt" TEXT,
    "body" TEXT,
    "author" TEXT,
    "category" TEXT,
    "type" TEXT,
    "published_at" TIMESTAMP(3),
    "original_url" TEXT,
    "web_url" TEXT,
    "amp_web_url" TEXT,
    "cdn_amp_web_url" TEXT,
    "quality" INTEGER,
    "heat" INTEGER,
    "published" BOOLEAN,
    "secured" TEXT,
    "is_stub" BOOLEAN NOT NULL DEFAULT false,
    "content_hash" TEXT NOT NULL,
    "provider_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "article_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "topic" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,

    CONSTRAINT "topic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "article_topic" (
    "article_id" INTEGER NOT NULL,
    "topic_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "article_topic_pkey" PRIMARY KEY ("article_id","topic_id")
);

-- CreateTable
CREATE TABLE "image" (
    "id" SERIAL NOT NULL,
    "url" TEXT NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "is_cached" BOOLEAN,
    "position" INTEGER NOT NULL,
    "article_id" INTEGER,
    "provider_id" INTEGER,

    CONSTRAINT "image_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "related_link" (
    "source_id" INTEGER NOT NULL,
    "target_id" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,

    CONSTRAINT "related_link_pkey" PRIMARY KEY ("source_id","target_id")
);

-- CreateTable
CREATE TABLE "source_file" (
    "id" SERIAL NOT NULL,
    "path" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "loaded_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "source_file_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "article_version" (
    "id" SERIAL NOT NULL,
    "source_file_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "article_id" INTEGER NOT NULL,
    "content_hash" TEXT NOT NULL,
    "record" TEXT NOT NULL,

    CONSTRAINT "article_version_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "provider_domain_key" ON "provider"("domain");

-- CreateIndex
CREATE UNIQUE INDEX "article_identity_key_key" ON "article"("identity_key");

-- CreateIndex
CREATE UNIQUE INDEX "article_slug_key" ON "article"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "article_web_url_key" ON "article"("web_url");

-- CreateIndex
CREATE INDEX "article_published_at_id_idx" ON "article"("published_at", "id");

-- CreateIndex
CREATE INDEX "article_quality_id_idx" ON "article"("quality", "id");

-- CreateIndex
CREATE INDEX "article_heat_id_idx" ON "article"("heat", "id");

-- CreateIndex
CREATE INDEX "article_provider_id_published_at_idx" ON "article"("provider_id", "published_at");

-- CreateIndex
CREATE INDEX "article_original_url_idx" ON "article"("original_url");

-- CreateIndex
CREATE INDEX "article_amp_web_url_idx" ON "article"("amp_web_url");

-- CreateIndex
CREATE INDEX "article_type_idx" ON "article"("type");

-- CreateIndex
CREATE INDEX "article_category_idx" ON "article"("category");

-- CreateIndex
CREATE UNIQUE INDEX "topic_name_key" ON "topic"("name");

-- CreateIndex
CREATE UNIQUE INDEX "topic_slug_key" ON "topic"("slug");

-- CreateIndex
CREATE INDEX "article_topic_topic_id_article_id_idx" ON "article_topic"("topic_id", "article_id");

-- CreateIndex
CREATE INDEX "image_article_id_position_idx" ON "image"("article_id", "position");

-- CreateIndex
CREATE INDEX "image_provider_id_position_idx" ON "image"("provider_id", "position");

-- CreateIndex
CREATE INDEX "related_link_source_id_rank_idx" ON "related_link"("source_id", "rank");

-- CreateIndex
CREATE INDEX "related_link_target_id_source_id_idx" ON "related_link"("target_id", "source_id");

-- CreateIndex
CREATE UNIQUE INDEX "source_file_path_key" ON "source_file"("path");

-- CreateIndex
CREATE INDEX "article_version_article_id_idx" ON "article_version"("article_id");

-- CreateIndex
CREATE UNIQUE INDEX "article_version_source_file_id_position_key" ON "article_version"("source_file_id", "position");

-- AddForeignKey
ALTER TABLE "article" ADD CONSTRAINT "article_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "article_topic" ADD CONSTRAINT "article_topic_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "article_topic" ADD CONSTRAINT "article_topic_topic_id_fkey" FOREIGN KEY ("topic_id") REFERENCES "topic"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "image" ADD CONSTRAINT "image_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "image" ADD CONSTRAINT "image_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "related_link" ADD CONSTRAINT "related_link_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "related_link" ADD CONSTRAINT "related_link_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "article_version" ADD CONSTRAINT "article_version_source_file_id_fkey" FOREIGN KEY ("source_file_id") REFERENCES "source_file"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "article_version" ADD CONSTRAINT "article_version_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Full-text search (not modelled by Prisma: an external table for Prisma's tooling)
CREATE TABLE "article_search" (
    "article_id" INTEGER NOT NULL PRIMARY KEY REFERENCES "article"("id") ON DELETE CASCADE,
    "document" TSVECTOR NOT NULL
);

CREATE INDEX "article_search_document_idx" ON "article_search" USING GIN ("document");

CREATE FUNCTION "article_search_refresh"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "article_search" ("article_id", "document")
    VALUES (
        NEW."id",
        setweight(to_tsvector('english', coalesce(NEW."title", '')), 'A') ||
        setweight(to_tsvector('english', coalesce(NEW."excerpt", '')), 'B') ||
        setweight(to_tsvector('english', coalesce(NEW."body", '')), 'C')
    )
    ON CONFLICT ("article_id") DO UPDATE SET "document" = EXCLUDED."document";
    RETURN NULL;
END;
$$;

CREATE TRIGGER "article_search_refresh" AFTER INSERT OR UPDATE OF "title", "excerpt", "body" ON "article"
    FOR EACH ROW EXECUTE FUNCTION "article_search_refresh"();
