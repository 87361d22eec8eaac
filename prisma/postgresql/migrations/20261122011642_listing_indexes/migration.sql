-- DropIndex
DROP INDEX "article_heat_id_idx";

-- DropIndex
DROP INDEX "article_quality_id_idx";

-- CreateIndex
CREATE INDEX "article_is_stub_published_at_id_idx" ON "article"("is_stub", "published_at", "id");

-- CreateIndex
CREATE INDEX "article_is_stub_quality_id_idx" ON "article"("is_stub", "quality", "id");

-- CreateIndex
CREATE INDEX "article_is_stub_heat_id_idx" ON "article"("is_stub", "heat", "id");
