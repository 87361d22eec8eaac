// Writes files inside one transaction: source rows, versions, and the merged articles, providers, topics
// and stubs they affect. One TransactionWriter lives exactly as long as its transaction, so what it
// remembers about rows (ids, which rows it created) can never outlive a rollback.
import type { Prisma } from '../../db/client.js';
import {
  compareProviders,
  compareRelatedEntries,
  deserializeRecord,
  pickWinner,
  preferredTopicName,
  relatedEntryHash,
  serializeRecord,
  sha256,
} from '../merge.js';
import { searchDocument } from '../search-text.js';
import { articleSlug, disambiguatedTopicSlug, topicKey, topicSlug } from '../slug.js';
import type { ArticleRecord, ImageRecord, PreparedDocument, ProviderRecord, RelatedRecord } from '../types.js';
import { articleScalars, titleColumns } from './article-columns.js';

type Tx = Prisma.TransactionClient;

export type FileStatus = 'loaded' | 'updated' | 'unchanged' | 'skipped';

export interface FileOutcome {
  path: string;
  status: FileStatus;
  articles: number;
  skippedKind?: string;
}

/** Ids of providers and topics, which are never deleted: safe to remember across transactions once committed. */
export class IdCache {
  constructor(
    readonly providers = new Map<string, { id: number; provider: ProviderRecord }>(),
    readonly topics = new Map<string, { id: number; name: string }>(),
  ) {}
  /** A copy to use inside a transaction; adopt() it only once the transaction committed. */
  fork(): IdCache {
    return new IdCache(new Map(this.providers), new Map(this.topics));
  }
  adopt(fork: IdCache): void {
    for (const [k, v] of fork.providers) this.providers.set(k, v);
    for (const [k, v] of fork.topics) this.topics.set(k, v);
  }
}

/** What the merge rules need to know about an article row. */
interface ArticleState {
  id: number;
  isStub: boolean;
  quality: number | null;
  contentHash: string;
  slug: string;
}

export class TransactionWriter {
  /** Article rows seen in this transaction, by identity. */
  private readonly articles = new Map<string, ArticleState>();
  /** Rows inserted in this transaction that have no topics, images or links yet: nothing to delete first. */
  private readonly bare = new Set<number>();

  constructor(
    private readonly tx: Tx,
    private readonly cache: IdCache,
  ) {}

  async write({ path, contentHash, document }: PreparedDocument): Promise<FileOutcome> {
    const existing = await this.tx.sourceFile.findUnique({ where: { path }, select: { id: true } });
    // Articles this file told before must be re-merged even if the file no longer mentions them.
    const affected = new Set<number>();
    let sourceFileId: number;
    if (existing) {
      sourceFileId = existing.id;
      await this.tx.sourceFile.update({ where: { id: sourceFileId }, data: { contentHash } });
      const previous = await this.tx.articleVersion.findMany({ where: { sourceFileId }, select: { articleId: true } });
      for (const v of previous) affected.add(v.articleId);
      await this.tx.articleVersion.deleteMany({ where: { sourceFileId } });
    } else {
      sourceFileId = (await this.tx.sourceFile.create({ data: { path, contentHash }, select: { id: true } })).id;
    }

    const articles = document.kind === 'articles' ? document.articles : [];
    for (const [position, record] of articles.entries()) {
      await this.registerDescriptions(record);
      const articleId = await this.articleIdFor(record);
      const json = serializeRecord(record);
      await this.tx.articleVersion.create({
        data: { sourceFileId, position, articleId, record: json, contentHash: sha256(json) },
      });
      affected.add(articleId);
    }
    for (const articleId of affected) await this.remerge(articleId);

    if (document.kind === 'skipped') return { path, status: 'skipped', articles: 0, skippedKind: document.skippedKind };
    return { path, status: existing ? 'updated' : 'loaded', articles: articles.length };
  }

  /**
   * Every version, winning or not, contributes its provider, topics and related stories: their rows are a
   * function of all versions ever loaded (merged by the rules in merge.ts), never of which file came first.
   * Only the winning version decides the article's own fields and links (remerge).
   */
  private async registerDescriptions(record: ArticleRecord): Promise<void> {
    if (record.provider) await this.providerId(record.provider);
    for (const topic of record.topics) await this.topicId(topic);
    for (const entry of record.related) await this.stubId(entry);
  }

  private async articleState(identityKey: string): Promise<ArticleState | null> {
    const known = this.articles.get(identityKey);
    if (known) return known;
    const row = await this.tx.article.findUnique({
      where: { identityKey },
      select: { id: true, isStub: true, quality: true, contentHash: true, slug: true },
    });
    if (row) this.articles.set(identityKey, row);
    return row;
  }

  /** The article row of this identity, created (empty, to be filled by remerge) if it does not exist. */
  private async articleIdFor(record: ArticleRecord): Promise<number> {
    const state = await this.articleState(record.identityKey);
    if (state) return state.id;
    const slug = articleSlug(record);
    const { id } = await this.tx.article.create({
      data: { identityKey: record.identityKey, slug, ...titleColumns(record.title), contentHash: '', isStub: true },
      select: { id: true },
    });
    this.articles.set(record.identityKey, { id, isStub: true, quality: null, contentHash: '', slug });
    this.bare.add(id);
    return id;
  }

  /** Recomputes an article from all its versions (see compareVersions); a no-op when the winner is unchanged. */
  private async remerge(articleId: number): Promise<void> {
    const versions = await this.tx.articleVersion.findMany({ where: { articleId }, select: { record: true, contentHash: true } });
    const winner = pickWinner(versions.map((v) => ({ record: deserializeRecord(v.record), contentHash: v.contentHash })));
    if (!winner) return; // told by no file any more: keep the last known content
    const { record } = winner;
    const state = await this.articleState(record.identityKey);
    if (state && !state.isStub && state.contentHash === winner.contentHash) return;

    const slug = articleSlug(record);
    if (state) await this.keepOldSlug(articleId, state.slug, slug);
    await this.tx.article.update({
      where: { id: articleId },
      data: {
        ...articleScalars(record),
        slug,
        body: record.body,
        searchBody: searchDocument(record.body),
        author: record.author,
        category: record.category,
        published: record.published,
        secured: record.secured,
        isStub: false,
        contentHash: winner.contentHash,
        providerId: record.provider ? await this.providerId(record.provider) : null,
      },
    });
    this.articles.set(record.identityKey, {
      id: articleId,
      isStub: false,
      quality: record.quality,
      contentHash: winner.contentHash,
      slug,
    });

    const bare = this.bare.delete(articleId);
    if (!bare) await this.tx.articleTopic.deleteMany({ where: { articleId } });
    const topicIds: number[] = [];
    for (const topic of record.topics) {
      const id = await this.topicId(topic);
      if (!topicIds.includes(id)) topicIds.push(id);
    }
    if (topicIds.length) {
      await this.tx.articleTopic.createMany({ data: topicIds.map((topicId, position) => ({ articleId, topicId, position })) });
    }

    await this.replaceImages({ articleId }, record.images, bare);

    if (!bare) await this.tx.relatedLink.deleteMany({ where: { sourceId: articleId } });
    const targets: number[] = [];
    for (const entry of record.related) {
      const targetId = await this.stubId(entry);
      if (targetId !== articleId && !targets.includes(targetId)) targets.push(targetId);
    }
    if (targets.length) {
      await this.tx.relatedLink.createMany({ data: targets.map((targetId, rank) => ({ sourceId: articleId, targetId, rank })) });
    }
  }

  /** The article a related entry points to; a stub is created, or improved (compareRelatedEntries), as needed. */
  private async stubId(entry: RelatedRecord): Promise<number> {
    const providerId = entry.provider ? await this.providerId(entry.provider) : null;
    const hash = relatedEntryHash(entry);
    const state = await this.articleState(entry.identityKey);
    if (
      state &&
      (!state.isStub ||
        compareRelatedEntries({ quality: entry.quality, hash }, { quality: state.quality, hash: state.contentHash }) <= 0)
    ) {
      return state.id;
    }
    const slug = articleSlug(entry);
    const data = { ...articleScalars(entry), slug, contentHash: hash, isStub: true, providerId };
    let id: number;
    let bare = false;
    if (state) {
      id = state.id;
      await this.keepOldSlug(id, state.slug, slug);
      bare = this.bare.delete(id);
      await this.tx.article.update({ where: { id }, data, select: { id: true } });
    } else {
      id = (await this.tx.article.create({ data: { ...data, identityKey: entry.identityKey }, select: { id: true } })).id;
      bare = true;
    }
    this.articles.set(entry.identityKey, { id, isStub: true, quality: entry.quality, contentHash: hash, slug });
    await this.replaceImages({ articleId: id }, entry.images, bare);
    return id;
  }

  private async providerId(provider: ProviderRecord): Promise<number> {
    const cached = this.cache.providers.get(provider.domain);
    if (cached && compareProviders(provider, cached.provider) <= 0) return cached.id;

    const stored = await this.tx.provider.findUnique({
      where: { domain: provider.domain },
      include: { images: { orderBy: { position: 'asc' } } },
    });
    let id: number;
    let kept: ProviderRecord = provider;
    if (!stored) {
      id = (await this.tx.provider.create({ data: { domain: provider.domain, name: provider.name } })).id;
      await this.replaceImages({ providerId: id }, provider.images, true);
    } else {
      id = stored.id;
      const current: ProviderRecord = { domain: stored.domain, name: stored.name, images: stored.images.map(imageRecord) };
      if (compareProviders(provider, current) > 0) {
        await this.tx.provider.update({ where: { id }, data: { name: provider.name } });
        await this.replaceImages({ providerId: id }, provider.images, false);
      } else {
        kept = current;
      }
    }
    this.cache.providers.set(provider.domain, { id, provider: kept });
    return id;
  }

  /** A re-slugged article (its title changed) keeps its old slug as an alias, so links to it keep working. */
  private async keepOldSlug(articleId: number, oldSlug: string, newSlug: string): Promise<void> {
    if (oldSlug === newSlug) return;
    await this.tx.articleSlugAlias.upsert({
      where: { slug: oldSlug },
      create: { slug: oldSlug, articleId },
      update: { articleId },
    });
  }

  /** The topic of this name's key (case and width folded); created with a slug no other topic has. */
  private async topicId(name: string): Promise<number> {
    const key = topicKey(name);
    let topic =
      this.cache.topics.get(key) ?? (await this.tx.topic.findUnique({ where: { key }, select: { id: true, name: true } }));
    if (!topic) {
      // Distinct keys may share a readable slug ("Café" and "Cafe"): the later one gets its key's hash appended.
      let slug = topicSlug(name);
      if (await this.tx.topic.findUnique({ where: { slug }, select: { id: true } })) slug = disambiguatedTopicSlug(name);
      topic = await this.tx.topic.create({ data: { name, key, slug }, select: { id: true, name: true } });
    } else if (preferredTopicName(name, topic.name) !== topic.name) {
      topic = await this.tx.topic.update({ where: { id: topic.id }, data: { name }, select: { id: true, name: true } });
    }
    this.cache.topics.set(key, topic);
    return topic.id;
  }

  /** `ownerIsBare`: the owner was created in this transaction and has no images to delete yet. */
  private async replaceImages(
    owner: { articleId: number } | { providerId: number },
    images: readonly ImageRecord[],
    ownerIsBare: boolean,
  ): Promise<void> {
    if (!ownerIsBare) await this.tx.image.deleteMany({ where: owner });
    if (images.length) {
      await this.tx.image.createMany({ data: images.map((image, position) => ({ ...owner, ...image, position })) });
    }
  }
}

/**
 * The headline as words plus a hash of the identity: unique, readable, and a pure function of the merged
 * data, so it is the same whatever order files are loaded in. It changes only when the headline does.
 */

function imageRecord(image: { url: string; width: number | null; height: number | null; isCached: boolean | null }): ImageRecord {
  return { url: image.url, width: image.width, height: image.height, isCached: image.isCached };
}
