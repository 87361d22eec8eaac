// The per-file reference store: every call is one or two statements, sent at once inside the caller's
// transaction. Simple enough to trust; SetStore must leave exactly the rows this one leaves.
import type { Prisma } from '../../db/client.js';
import { deserializeRecord } from '../merge.js';
import type { ImageRecord, ProviderRecord } from '../types.js';
import type { ArticleColumns, ArticleState, ImageOwner, NewVersion, StoredVersion, WriteStore } from './store.js';

type Tx = Prisma.TransactionClient;

export class RowStore implements WriteStore {
  constructor(private readonly tx: Tx) {}

  sourceFile(path: string) {
    return this.tx.sourceFile.findUnique({ where: { path }, select: { id: true, contentHash: true } });
  }
  async deleteSourceFile(id: number) {
    await this.tx.sourceFile.delete({ where: { id } });
  }
  async unlistArticle(id: number): Promise<'deleted' | 'stub'> {
    if ((await this.tx.relatedLink.count({ where: { targetId: id } })) === 0) {
      await this.tx.article.delete({ where: { id } });
      return 'deleted';
    }
    // What a stub holds: its columns and images; its own topics and related list were its file's.
    await this.tx.articleTopic.deleteMany({ where: { articleId: id } });
    await this.tx.relatedLink.deleteMany({ where: { sourceId: id } });
    // An empty hash: the next article that describes it replaces the description (compareRelatedEntries).
    await this.tx.article.update({ where: { id }, data: { isStub: true, contentHash: '' }, select: { id: true } });
    return 'stub';
  }
  async createSourceFile(path: string, contentHash: string) {
    return (await this.tx.sourceFile.create({ data: { path, contentHash }, select: { id: true } })).id;
  }
  async setSourceHash(id: number, contentHash: string) {
    await this.tx.sourceFile.update({ where: { id }, data: { contentHash } });
  }
  async takeVersionsOfSource(sourceFileId: number) {
    const previous = await this.tx.articleVersion.findMany({ where: { sourceFileId }, select: { articleId: true } });
    await this.tx.articleVersion.deleteMany({ where: { sourceFileId } });
    return previous.map((v) => v.articleId);
  }
  async createVersion({ parsed: _, ...data }: NewVersion) {
    await this.tx.articleVersion.create({ data });
  }
  async versionsOfArticle(articleId: number): Promise<StoredVersion[]> {
    const rows = await this.tx.articleVersion.findMany({ where: { articleId }, select: { record: true, contentHash: true } });
    return rows.map((v) => ({ record: deserializeRecord(v.record), contentHash: v.contentHash }));
  }

  articleState(identityKey: string): Promise<ArticleState | null> {
    return this.tx.article.findUnique({
      where: { identityKey },
      select: { id: true, isStub: true, quality: true, contentHash: true, slug: true },
    });
  }
  async createArticle(identityKey: string, columns: ArticleColumns) {
    return (await this.tx.article.create({ data: { ...columns, identityKey }, select: { id: true } })).id;
  }
  async updateArticle(id: number, columns: ArticleColumns) {
    await this.tx.article.update({ where: { id }, data: columns, select: { id: true } });
  }
  async replaceTopics(articleId: number, topicIds: readonly number[], ownerIsBare: boolean) {
    if (!ownerIsBare) await this.tx.articleTopic.deleteMany({ where: { articleId } });
    if (topicIds.length) {
      await this.tx.articleTopic.createMany({ data: topicIds.map((topicId, position) => ({ articleId, topicId, position })) });
    }
  }
  async replaceImages(owner: ImageOwner, images: readonly ImageRecord[], ownerIsBare: boolean) {
    if (!ownerIsBare) await this.tx.image.deleteMany({ where: owner });
    if (images.length) {
      await this.tx.image.createMany({ data: images.map((image, position) => ({ ...owner, ...image, position })) });
    }
  }
  async replaceRelated(sourceId: number, targetIds: readonly number[], ownerIsBare: boolean) {
    if (!ownerIsBare) await this.tx.relatedLink.deleteMany({ where: { sourceId } });
    if (targetIds.length) {
      await this.tx.relatedLink.createMany({ data: targetIds.map((targetId, rank) => ({ sourceId, targetId, rank })) });
    }
  }
  async upsertSlugAlias(slug: string, articleId: number) {
    await this.tx.articleSlugAlias.upsert({ where: { slug }, create: { slug, articleId }, update: { articleId } });
  }

  async provider(domain: string) {
    const stored = await this.tx.provider.findUnique({
      where: { domain },
      include: { images: { orderBy: { position: 'asc' } } },
    });
    if (!stored) return null;
    const record: ProviderRecord = { domain: stored.domain, name: stored.name, images: stored.images.map(imageRecord) };
    return { id: stored.id, record };
  }
  async createProvider(record: ProviderRecord) {
    const { id } = await this.tx.provider.create({ data: { domain: record.domain, name: record.name }, select: { id: true } });
    await this.replaceImages({ providerId: id }, record.images, true);
    return id;
  }
  async setProviderName(id: number, name: string) {
    await this.tx.provider.update({ where: { id }, data: { name } });
  }

  topicByKey(key: string) {
    return this.tx.topic.findUnique({ where: { key }, select: { id: true, name: true } });
  }
  async topicSlugTaken(slug: string) {
    return (await this.tx.topic.findUnique({ where: { slug }, select: { id: true } })) !== null;
  }
  async createTopic(data: { name: string; key: string; slug: string }) {
    return (await this.tx.topic.create({ data, select: { id: true } })).id;
  }
  async renameTopic(id: number, name: string) {
    await this.tx.topic.update({ where: { id }, data: { name } });
  }
}

export function imageRecord(image: {
  url: string;
  width: number | null;
  height: number | null;
  isCached: boolean | null;
}): ImageRecord {
  return { url: image.url, width: image.width, height: image.height, isCached: image.isCached };
}
