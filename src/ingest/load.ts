// Load layer: writes normalized documents to the database. Every file is atomic: its source row, its
// versions and the merged articles they affect are written in one transaction, or not at all.
import type { Db, Prisma } from '../db/client.js';
import {
  compareProviders,
  compareRelatedEntries,
  deserializeRecord,
  pickWinner,
  preferredTopicName,
  relatedEntryHash,
  serializeRecord,
  sha256,
} from './merge.js';
import { slugify, topicSlug } from './normalize.js';
import type { ArticleRecord, ImageRecord, IngestDocument, ProviderRecord, RelatedRecord } from './types.js';

type Tx = Prisma.TransactionClient;

export interface FileToLoad {
  /** Path as reported to the user and recorded in source_file (relative to the working directory). */
  path: string;
  contentHash: string;
  document: IngestDocument;
}

export type FileStatus = 'loaded' | 'updated' | 'unchanged' | 'skipped';

export interface FileOutcome {
  path: string;
  status: FileStatus;
  articles: number;
  skippedKind?: string;
}

/** Ids of rows that never change once created, remembered across files to save lookups. */
class IdCache {
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

export class Loader {
  private readonly cache = new IdCache();

  constructor(private readonly prisma: Db) {}

  /**
   * Loads a batch of files: unchanged files are recognized by hash, the others are written in one
   * transaction; if that fails, each file is retried in its own transaction so that one bad file does not
   * cost the others. Failures come back as Errors in the file's slot.
   */
  async loadBatch(files: readonly FileToLoad[]): Promise<(FileOutcome | Error)[]> {
    const known = await this.prisma.sourceFile.findMany({
      where: { path: { in: files.map((f) => f.path) } },
      select: { path: true, contentHash: true },
    });
    const knownHash = new Map(known.map((k) => [k.path, k.contentHash]));
    const results: (FileOutcome | Error)[] = files.map((f) =>
      knownHash.get(f.path) === f.contentHash ? { path: f.path, status: 'unchanged', articles: 0 } : new Error('pending'),
    );
    const pending = files.map((f, i) => ({ f, i })).filter(({ i }) => results[i] instanceof Error);
    if (pending.length === 0) return results;

    try {
      const outcomes = await this.inTransaction((tx, cache) => this.loadFiles(tx, cache, pending.map((p) => p.f)));
      pending.forEach(({ i }, n) => (results[i] = outcomes[n]!));
    } catch {
      for (const { f, i } of pending) {
        try {
          results[i] = (await this.inTransaction((tx, cache) => this.loadFiles(tx, cache, [f])))[0]!;
        } catch (error) {
          results[i] = error instanceof Error ? error : new Error(String(error));
        }
      }
    }
    return results;
  }

  private async loadFiles(tx: Tx, cache: IdCache, files: readonly FileToLoad[]): Promise<FileOutcome[]> {
    const outcomes: FileOutcome[] = [];
    for (const file of files) outcomes.push(await new FileWriter(tx, cache).write(file));
    return outcomes;
  }

  /** Runs `work` in a transaction, retrying when a concurrent seeder created the same row first. */
  private async inTransaction<T>(work: (tx: Tx, cache: IdCache) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const fork = this.cache.fork();
      try {
        const result = await this.prisma.$transaction(
          async (tx) => {
            // Take the write lock first. A SQLite transaction that reads before it writes cannot wait for
            // another writer (it fails with SQLITE_BUSY at once); one that starts by writing simply queues.
            // On PostgreSQL this matches no row and locks nothing.
            await tx.$executeRaw`UPDATE source_file SET path = path WHERE id = -1`;
            return work(tx, fork);
          },
          { timeout: 120_000, maxWait: 60_000 },
        );
        this.cache.adopt(fork);
        return result;
      } catch (error) {
        if (attempt >= 5 || !isConcurrencyConflict(error)) throw error;
        await new Promise((r) => setTimeout(r, attempt * 100 * (1 + Math.random()))); // let the other writer finish
      }
    }
  }
}

/**
 * A conflict with a concurrent seeder that a retry resolves: a unique violation (the other process inserted
 * the same provider, topic or stub first), a serialization failure or deadlock, or a busy SQLite file.
 */
function isConcurrencyConflict(error: unknown): boolean {
  const { code, meta } = error as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
  const driverCode = meta?.driverAdapterError?.cause?.originalCode;
  return (
    code === 'P2002' ||
    code === 'P2034' ||
    driverCode === 'SQLITE_BUSY' ||
    driverCode === '40001' || // serialization_failure
    driverCode === '40P01' || // deadlock_detected
    /could not serialize|deadlock detected|database is locked/i.test(String(error))
  );
}

/** Writes one file inside a transaction. */
class FileWriter {
  constructor(
    private readonly tx: Tx,
    private readonly cache: IdCache,
  ) {}

  async write({ path, contentHash, document }: FileToLoad): Promise<FileOutcome> {
    const existing = await this.tx.sourceFile.findUnique({ where: { path }, select: { id: true } });
    const source = existing
      ? await this.tx.sourceFile.update({ where: { id: existing.id }, data: { contentHash } })
      : await this.tx.sourceFile.create({ data: { path, contentHash } });

    // Articles this file told before: they must be re-merged even if the file no longer mentions them.
    const previous = await this.tx.articleVersion.findMany({ where: { sourceFileId: source.id }, select: { articleId: true } });
    const affected = new Set(previous.map((v) => v.articleId));
    await this.tx.articleVersion.deleteMany({ where: { sourceFileId: source.id } });

    if (document.kind === 'skipped') {
      for (const articleId of affected) await this.remerge(articleId);
      return { path, status: 'skipped', articles: 0, skippedKind: document.skippedKind };
    }

    for (const [position, record] of document.articles.entries()) {
      await this.registerDescriptions(record);
      const articleId = await this.articleIdFor(record);
      const json = serializeRecord(record);
      await this.tx.articleVersion.create({
        data: { sourceFileId: source.id, position, articleId, record: json, contentHash: sha256(json) },
      });
      affected.add(articleId);
    }
    for (const articleId of affected) await this.remerge(articleId);
    return { path, status: existing ? 'updated' : 'loaded', articles: document.articles.length };
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

  /** The article row of this identity, created (empty, to be filled by remerge) if it does not exist. */
  private async articleIdFor(record: ArticleRecord): Promise<number> {
    const found = await this.tx.article.findUnique({ where: { identityKey: record.identityKey }, select: { id: true } });
    if (found) return found.id;
    const created = await this.tx.article.create({
      data: { identityKey: record.identityKey, slug: articleSlug(record), title: record.title, contentHash: '', isStub: true },
      select: { id: true },
    });
    return created.id;
  }

  /** Recomputes an article from all its versions (see compareVersions); a no-op when the winner is unchanged. */
  private async remerge(articleId: number): Promise<void> {
    const versions = await this.tx.articleVersion.findMany({ where: { articleId }, select: { record: true, contentHash: true } });
    const winner = pickWinner(versions.map((v) => ({ record: deserializeRecord(v.record), contentHash: v.contentHash })));
    if (!winner) return; // told by no file any more: keep the last known content
    const article = await this.tx.article.findUniqueOrThrow({ where: { id: articleId }, select: { contentHash: true, isStub: true } });
    if (!article.isStub && article.contentHash === winner.contentHash) return;

    const { record } = winner;
    await this.tx.article.update({
      where: { id: articleId },
      data: {
        ...articleScalars(record),
        slug: articleSlug(record),
        body: record.body,
        author: record.author,
        category: record.category,
        published: record.published,
        secured: record.secured,
        isStub: false,
        contentHash: winner.contentHash,
        providerId: record.provider ? await this.providerId(record.provider) : null,
      },
    });

    await this.tx.articleTopic.deleteMany({ where: { articleId } });
    const topicIds = [...new Set(await Promise.all(record.topics.map((t) => this.topicId(t))))];
    if (topicIds.length) {
      await this.tx.articleTopic.createMany({ data: topicIds.map((topicId, position) => ({ articleId, topicId, position })) });
    }

    await this.replaceImages({ articleId }, record.images);

    await this.tx.relatedLink.deleteMany({ where: { sourceId: articleId } });
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
    const hash = relatedEntryHash(entry);
    const providerId = entry.provider ? await this.providerId(entry.provider) : null;
    const found = await this.tx.article.findUnique({
      where: { identityKey: entry.identityKey },
      select: { id: true, isStub: true, quality: true, contentHash: true },
    });
    if (found && (!found.isStub || compareRelatedEntries({ quality: entry.quality, hash }, { quality: found.quality, hash: found.contentHash }) <= 0)) {
      return found.id;
    }
    const data = {
      ...articleScalars(entry),
      slug: articleSlug(entry),
      contentHash: hash,
      isStub: true,
      providerId,
    };
    const { id } = found
      ? await this.tx.article.update({ where: { id: found.id }, data, select: { id: true } })
      : await this.tx.article.create({
          data: { ...data, identityKey: entry.identityKey },
          select: { id: true },
        });
    await this.replaceImages({ articleId: id }, entry.images);
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
      await this.replaceImages({ providerId: id }, provider.images);
    } else {
      id = stored.id;
      const current: ProviderRecord = { domain: stored.domain, name: stored.name, images: stored.images.map(imageRecord) };
      if (compareProviders(provider, current) > 0) {
        await this.tx.provider.update({ where: { id }, data: { name: provider.name } });
        await this.replaceImages({ providerId: id }, provider.images);
      } else {
        kept = current;
      }
    }
    this.cache.providers.set(provider.domain, { id, provider: kept });
    return id;
  }

  private async topicId(name: string): Promise<number> {
    const slug = topicSlug(name);
    let topic = this.cache.topics.get(slug) ?? (await this.tx.topic.findUnique({ where: { slug }, select: { id: true, name: true } }));
    if (!topic) {
      topic = await this.tx.topic.create({ data: { name, slug }, select: { id: true, name: true } });
    } else if (preferredTopicName(name, topic.name) !== topic.name) {
      topic = await this.tx.topic.update({ where: { id: topic.id }, data: { name }, select: { id: true, name: true } });
    }
    this.cache.topics.set(slug, topic);
    return topic.id;
  }

  private async replaceImages(owner: { articleId: number } | { providerId: number }, images: readonly ImageRecord[]): Promise<void> {
    await this.tx.image.deleteMany({ where: owner });
    if (images.length) {
      await this.tx.image.createMany({ data: images.map((image, position) => ({ ...owner, ...image, position })) });
    }
  }
}

/** Columns an article row shares with a related entry (what a stub can know). */
function articleScalars(r: ArticleRecord | RelatedRecord) {
  return {
    title: r.title,
    excerpt: r.excerpt,
    type: r.type,
    publishedAt: r.publishedAt,
    originalUrl: r.originalUrl,
    webUrl: r.webUrl,
    ampWebUrl: r.ampWebUrl,
    cdnAmpWebUrl: r.cdnAmpWebUrl,
    quality: r.quality,
    heat: r.heat,
  };
}

/**
 * The headline as words plus a hash of the identity: unique, readable, and a pure function of the merged
 * data, so it is the same whatever order files are loaded in. It changes only when the headline does.
 */
function articleSlug(r: { title: string; identityKey: string }): string {
  return `${slugify(r.title)}-${sha256(r.identityKey).slice(0, 8)}`;
}

function imageRecord(image: { url: string; width: number | null; height: number | null; isCached: boolean | null }): ImageRecord {
  return { url: image.url, width: image.width, height: image.height, isCached: image.isCached };
}
