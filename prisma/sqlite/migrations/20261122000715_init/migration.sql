-- CreateTable
CREATE TABLE "provider" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "domain" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "article" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "identity_key" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "excerpt" TEXT,
    "body" TEXT,
    "author" TEXT,
    "category" TEXT,
    "type" TEXT,
    "published_at" DATETIME,
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
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "article_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "provider" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "topic" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "article_topic" (
    "article_id" INTEGER NOT NULL,
    "topic_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("article_id", "topic_id"),
    CONSTRAINT "article_topic_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "article_topic_topic_id_fkey" FOREIGN KEY ("topic_id") REFERENCES "topic" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "image" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "url" TEXT NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "is_cached" BOOLEAN,
    "position" INTEGER NOT NULL,
    "article_id" INTEGER,
    "provider_id" INTEGER,
    CONSTRAINT "image_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "image_provider_id_fkey" FOREIGN KEY ("provider_id") REFERENCES "provider" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "related_link" (
    "source_id" INTEGER NOT NULL,
    "target_id" INTEGER NOT NULL,
    "rank" INTEGER NOT NULL,

    PRIMARY KEY ("source_id", "target_id"),
    CONSTRAINT "related_link_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "article" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "related_link_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "article" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "source_file" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "path" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "loaded_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "article_version" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "source_file_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "article_id" INTEGER NOT NULL,
    "content_hash" TEXT NOT NULL,
    "record" TEXT NOT NULL,
    CONSTRAINT "article_version_source_file_id_fkey" FOREIGN KEY ("source_file_id") REFERENCES "source_file" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "article_version_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

-- Full-text search (not modelled by Prisma: an external table for Prisma's tooling)
CREATE VIRTUAL TABLE article_fts USING fts5(title, excerpt, body, content='article', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');

CREATE TRIGGER "article_fts_after_insert" AFTER INSERT ON "article" BEGIN
    INSERT INTO article_fts (rowid, title, excerpt, body) VALUES (new.id, new.title, new.excerpt, new.body);
END;

CREATE TRIGGER "article_fts_after_update" AFTER UPDATE OF title, excerpt, body ON "article" BEGIN
    INSERT INTO article_fts (article_fts, rowid, title, excerpt, body) VALUES ('delete', old.id, old.title, old.excerpt, old.body);
    INSERT INTO article_fts (rowid, title, excerpt, body) VALUES (new.id, new.title, new.excerpt, new.body);
END;

CREATE TRIGGER "article_fts_after_delete" AFTER DELETE ON "article" BEGIN
    INSERT INTO article_fts (article_fts, rowid, title, excerpt, body) VALUES ('delete', old.id, old.title, old.excerpt, old.body);
END;
