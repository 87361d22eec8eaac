// The merge logic: writes files through a WriteStore (store.ts): source rows, versions, and the merged
// articles, providers, topics and stubs they affect. One TransactionWriter lives exactly as long as its
// transaction, so what it remembers about rows (ids, which rows it created) can never outlive a rollback.
import {
  compareProviders,
  compareRelatedEntries,
  pickWinner,
  preferredTopicName,
  relatedEntryHash,
  serializeRecord,
  sha256,
} from '../merge.js';
import { adoptSearch, searchColumns } from '../search-columns.js';
import { articleSlug, disambiguatedTopicSlug, topicKey, topicSlug } from '../slug.js';
import type { ArticleRecord, ImageRecord, PreparedDocument, ProviderRecord, RelatedRecord } from '../types.js';
import { articleScalars, titleColumns } from './article-columns.js';
import type { ArticleColumns, ArticleState, ImageOwner, WriteStore } from './store.js';

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

export class TransactionWriter {
  /** Article rows seen in this transaction, by identity. */
  private readonly articles = new Map<string, ArticleState>();
  /** Rows inserted in this transaction that have no topics, images or links yet: nothing to delete first. */
  private readonly bare = new Set<number>();

  constructor(
    private readonly store: WriteStore,
    private readonly cache: IdCache,
  ) {}

  async write(prepared: PreparedDocument): Promise<FileOutcome> {
    const { path, contentHash, document } = prepared;
    adoptSearch(prepared);
    const existing = await this.store.sourceFile(path);
    // Stored meanwhile with this very content (by a concurrent seeder): nothing to do, and nothing was updated.
    if (existing?.contentHash === contentHash) return { path, status: 'unchanged', articles: 0 };
    // Articles this file told before must be re-merged even if the file no longer mentions them.
    const affected = new Set<number>();
    let sourceFileId: number;
    if (existing) {
      sourceFileId = existing.id;
      await this.store.setSourceHash(sourceFileId, contentHash);
      for (const articleId of await this.store.takeVersionsOfSource(sourceFileId)) affected.add(articleId);
    } else {
      sourceFileId = await this.store.createSourceFile(path, contentHash);
    }

    const articles = document.kind === 'articles' ? document.articles : [];
    for (const [position, record] of articles.entries()) {
      await this.registerDescriptions(record);
      const articleId = await this.articleIdFor(record);
      const json = serializeRecord(record);
      await this.store.createVersion({
        sourceFileId,
        position,
        articleId,
        record: json,
        contentHash: sha256(json),
        parsed: record,
      });
      affected.add(articleId);
    }
    for (const articleId of affected) await this.remerge(articleId);

    if (document.kind === 'skipped') return { path, status: 'skipped', articles: 0, skippedKind: document.skippedKind };
    return { path, status: existing ? 'updated' : 'loaded', articles: articles.length };
  }

  /**
   * A file gone (a watched folder): its versions go; each article it told is merged again from its other
   * versions, or, told by no file any more, unlisted (deleted, or a stub if other articles link it).
   */
  async remove(path: string): Promise<{ path: string; status: 'deleted'; unlisted: number[] } | null> {
    const existing = await this.store.sourceFile(path);
    if (!existing) return null;
    const affected = new Set(await this.store.takeVersionsOfSource(existing.id));
    await this.store.deleteSourceFile(existing.id);
    const unlisted: number[] = [];
    for (const articleId of affected) {
      if ((await this.store.versionsOfArticle(articleId)).length > 0) {
        await this.remerge(articleId);
      } else {
        await this.store.unlistArticle(articleId);
        unlisted.push(articleId);
      }
    }
    return { path, status: 'deleted', unlisted };
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
    const row = await this.store.articleState(identityKey);
    if (row) this.articles.set(identityKey, row);
    return row;
  }

  /** The article row of this identity, created (empty, to be filled by remerge) if it does not exist. */
  private async articleIdFor(record: ArticleRecord): Promise<number> {
    const state = await this.articleState(record.identityKey);
    if (state) return state.id;
    const slug = articleSlug(record);
    const id = await this.store.createArticle(record.identityKey, {
      slug,
      ...titleColumns(record),
      contentHash: '',
      isStub: true,
    });
    this.articles.set(record.identityKey, { id, isStub: true, quality: null, contentHash: '', slug });
    this.bare.add(id);
    return id;
  }

  /** Recomputes an article from all its versions (see compareVersions); a no-op when the winner is unchanged. */
  private async remerge(articleId: number): Promise<void> {
    const winner = pickWinner(await this.store.versionsOfArticle(articleId));
    if (!winner) return; // told by no file any more: keep the last known content
    const { record } = winner;
    const state = await this.articleState(record.identityKey);
    if (state && !state.isStub && state.contentHash === winner.contentHash) return;

    const slug = articleSlug(record);
    if (state) await this.keepOldSlug(articleId, state.slug, slug);
    const providerId = record.provider ? await this.providerId(record.provider) : null;
    await this.store.updateArticle(
      articleId,
      articleColumns(record, { slug, isStub: false, contentHash: winner.contentHash, providerId }),
    );
    this.articles.set(record.identityKey, {
      id: articleId,
      isStub: false,
      quality: record.quality,
      contentHash: winner.contentHash,
      slug,
    });

    const bare = this.bare.delete(articleId);
    const topicIds: number[] = [];
    for (const topic of record.topics) {
      const id = await this.topicId(topic);
      if (!topicIds.includes(id)) topicIds.push(id);
    }
    await this.store.replaceTopics(articleId, topicIds, bare);
    await this.store.replaceImages({ articleId }, record.images, bare);
    const targets: number[] = [];
    for (const entry of record.related) {
      const targetId = await this.stubId(entry);
      if (targetId !== articleId && !targets.includes(targetId)) targets.push(targetId);
    }
    await this.store.replaceRelated(articleId, targets, bare);
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
    const columns = stubColumns(entry, { slug, contentHash: hash, isStub: true, providerId });
    let id: number;
    let bare = false;
    if (state) {
      id = state.id;
      await this.keepOldSlug(id, state.slug, slug);
      bare = this.bare.delete(id);
      await this.store.updateArticle(id, columns);
    } else {
      id = await this.store.createArticle(entry.identityKey, columns);
      bare = true;
    }
    this.articles.set(entry.identityKey, { id, isStub: true, quality: entry.quality, contentHash: hash, slug });
    await this.replaceImages({ articleId: id }, entry.images, bare);
    return id;
  }

  private async providerId(provider: ProviderRecord): Promise<number> {
    const cached = this.cache.providers.get(provider.domain);
    if (cached && compareProviders(provider, cached.provider) <= 0) return cached.id;

    const stored = await this.store.provider(provider.domain);
    let id: number;
    let kept: ProviderRecord = provider;
    if (!stored) {
      id = await this.store.createProvider(provider);
    } else {
      id = stored.id;
      if (compareProviders(provider, stored.record) > 0) {
        await this.store.setProviderName(id, provider.name);
        await this.replaceImages({ providerId: id }, provider.images, false);
      } else {
        kept = stored.record;
      }
    }
    this.cache.providers.set(provider.domain, { id, provider: kept });
    return id;
  }

  /** A re-slugged article (its title changed) keeps its old slug as an alias, so links to it keep working. */
  private async keepOldSlug(articleId: number, oldSlug: string, newSlug: string): Promise<void> {
    if (oldSlug !== newSlug) await this.store.upsertSlugAlias(oldSlug, articleId);
  }

  /** The topic of this name's key (case and width folded); created with a slug no other topic has. */
  private async topicId(name: string): Promise<number> {
    const key = topicKey(name);
    let topic = this.cache.topics.get(key) ?? (await this.store.topicByKey(key));
    if (!topic) {
      // Distinct keys may share a readable slug ("Café" and "Cafe"): the later one gets its key's hash appended.
      let slug = topicSlug(name);
      if (await this.store.topicSlugTaken(slug)) slug = disambiguatedTopicSlug(name);
      topic = { id: await this.store.createTopic({ name, key, slug }), name };
    } else if (preferredTopicName(name, topic.name) !== topic.name) {
      await this.store.renameTopic(topic.id, name);
      topic = { id: topic.id, name };
    }
    this.cache.topics.set(key, topic);
    return topic.id;
  }

  private replaceImages(owner: ImageOwner, images: readonly ImageRecord[], ownerIsBare: boolean): Promise<void> {
    return this.store.replaceImages(owner, images, ownerIsBare);
  }
}

/** Columns an article row shares with a related entry (what a stub can know). */
function stubColumns(
  r: ArticleRecord | RelatedRecord,
  merged: Pick<ArticleColumns, 'slug' | 'isStub' | 'contentHash' | 'providerId'>,
): ArticleColumns {
  return { ...merged, ...articleScalars(r) };
}

/** Every column of an article told by its own file: a stub's columns plus what only a file tells. */
function articleColumns(
  record: ArticleRecord,
  merged: Pick<ArticleColumns, 'slug' | 'isStub' | 'contentHash' | 'providerId'>,
): ArticleColumns {
  return {
    ...stubColumns(record, merged),
    body: record.body,
    searchBody: searchColumns(record).searchBody ?? null,
    author: record.author,
    category: record.category,
    published: record.published,
    secured: record.secured,
  };
}
