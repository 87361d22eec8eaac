// The set-based store: answers the merge logic from the rows read for the whole batch (batch-rows.ts) plus
// what the batch itself wrote, and keeps only the net result: each article's final columns, each owner's
// final topics, images and links. flush() then writes that in a few multi-row statements per table. New
// rows get provisional negative ids, replaced by the database's ids as their rows are inserted.
import {
  ARTICLE_TABLE,
  ARTICLE_TOPIC_TABLE,
  ARTICLE_VERSION_TABLE,
  type BulkTable,
  IMAGE_TABLE,
  insertRows,
  RELATED_LINK_TABLE,
  SOURCE_FILE_TABLE,
  updateRows,
} from '../../db/bulk-write.js';
import type { Prisma } from '../../db/client.js';
import type { SqlDialect } from '../../db/dialect.js';
import { deserializeRecord } from '../merge.js';
import type { ImageRecord, ProviderRecord } from '../types.js';
import { type BatchRows, chunks, type VersionRow } from './batch-rows.js';
import type { ArticleColumns, ArticleState, ImageOwner, NewVersion, StoredVersion, WriteStore } from './store.js';

type Tx = Prisma.TransactionClient;

/** Rows per multi-row statement (one JSON parameter each). */
const INSERT_ROWS = 1_000;

export class SetStore implements WriteStore {
  private nextId = -1;
  private readonly ids = new Map<number, number>();
  private readonly newSources = new Map<number, { path: string; contentHash: string }>();
  private readonly sourceHashes = new Map<number, string>();
  private readonly bySource = new Map<number, VersionRow[]>();
  private readonly byArticle = new Map<number, VersionRow[]>();
  private readonly dirtySources = new Set<number>();
  private readonly newArticles = new Map<number, { identityKey: string; columns: ArticleColumns }>();
  private readonly articleUpdates = new Map<number, ArticleColumns>();
  private readonly topicLists = new Map<number, readonly number[]>();
  private readonly imageLists = new Map<string, { owner: ImageOwner; images: readonly ImageRecord[] }>();
  private readonly relatedLists = new Map<number, readonly number[]>();
  private readonly aliases = new Map<string, number>();
  private readonly newProviders = new Map<number, { domain: string; name: string }>();
  private readonly providerNames = new Map<number, string>();
  private readonly newTopics = new Map<number, { name: string; key: string; slug: string }>();
  private readonly topicNames = new Map<number, string>();

  constructor(private readonly rows: BatchRows) {
    for (const v of rows.versions) this.addVersion(v);
  }

  /** The database id of a row (provisional ids are resolved once flush() inserted the row). */
  resolve(id: number): number {
    if (id > 0) return id;
    const real = this.ids.get(id);
    if (real === undefined) throw new Error(`row ${id} was not inserted`);
    return real;
  }

  private provisional(): number {
    return this.nextId--;
  }

  private addVersion(v: VersionRow) {
    this.bySource.set(v.sourceFileId, [...(this.bySource.get(v.sourceFileId) ?? []), v]);
    this.byArticle.set(v.articleId, [...(this.byArticle.get(v.articleId) ?? []), v]);
  }

  async sourceFile(path: string) {
    return this.rows.sources.get(path) ?? null;
  }
  async deleteSourceFile(): Promise<void> {
    throw new Error('deletions go through the per-file path');
  }
  async unlistArticle(): Promise<'deleted' | 'stub'> {
    throw new Error('deletions go through the per-file path');
  }
  async createSourceFile(path: string, contentHash: string) {
    const id = this.provisional();
    this.newSources.set(id, { path, contentHash });
    this.rows.sources.set(path, { id, contentHash });
    this.dirtySources.add(id);
    return id;
  }
  async setSourceHash(id: number, contentHash: string) {
    this.sourceHashes.set(id, contentHash);
  }
  async takeVersionsOfSource(sourceFileId: number) {
    const taken = this.bySource.get(sourceFileId) ?? [];
    this.bySource.set(sourceFileId, []);
    for (const v of taken)
      this.byArticle.set(
        v.articleId,
        this.byArticle.get(v.articleId)!.filter((w) => w !== v),
      );
    this.dirtySources.add(sourceFileId);
    return taken.map((v) => v.articleId);
  }
  async createVersion(v: NewVersion) {
    this.addVersion(v);
    this.dirtySources.add(v.sourceFileId);
  }
  async versionsOfArticle(articleId: number): Promise<StoredVersion[]> {
    if (articleId > 0 && !this.rows.versionsComplete.has(articleId)) throw new Error(`versions of article ${articleId} not read`);
    return (this.byArticle.get(articleId) ?? []).map((v) => {
      v.parsed ??= deserializeRecord(v.record);
      return { record: v.parsed, contentHash: v.contentHash };
    });
  }

  async articleState(identityKey: string): Promise<ArticleState | null> {
    if (!this.rows.identitiesRead.has(identityKey)) throw new Error(`article ${identityKey} not read`);
    return this.rows.articles.get(identityKey) ?? null;
  }
  async createArticle(identityKey: string, columns: ArticleColumns) {
    const id = this.provisional();
    this.newArticles.set(id, { identityKey, columns });
    return id;
  }
  async updateArticle(id: number, columns: ArticleColumns) {
    const created = this.newArticles.get(id);
    if (created) created.columns = { ...created.columns, ...columns };
    else this.articleUpdates.set(id, { ...this.articleUpdates.get(id), ...columns });
  }
  async replaceTopics(articleId: number, topicIds: readonly number[]) {
    this.topicLists.set(articleId, topicIds);
  }
  async replaceImages(owner: ImageOwner, images: readonly ImageRecord[]) {
    this.imageLists.set(ownerKey(owner), { owner, images });
    if ('providerId' in owner) this.updateProviderRecord(owner.providerId, (record) => ({ ...record, images: [...images] }));
  }
  async replaceRelated(sourceId: number, targetIds: readonly number[]) {
    this.relatedLists.set(sourceId, targetIds);
  }
  async upsertSlugAlias(slug: string, articleId: number) {
    this.aliases.set(slug, articleId);
  }

  async provider(domain: string) {
    if (!this.rows.domainsRead.has(domain)) throw new Error(`provider ${domain} not read`);
    return this.rows.providers.get(domain) ?? null;
  }
  async createProvider(record: ProviderRecord) {
    const id = this.provisional();
    this.newProviders.set(id, { domain: record.domain, name: record.name });
    this.rows.providers.set(record.domain, { id, record });
    await this.replaceImages({ providerId: id }, record.images);
    return id;
  }
  async setProviderName(id: number, name: string) {
    const created = this.newProviders.get(id);
    if (created) created.name = name;
    else this.providerNames.set(id, name);
    this.updateProviderRecord(id, (record) => ({ ...record, name }));
  }

  /** Later lookups in this batch see the provider as the batch left it, as they would see the database. */
  private updateProviderRecord(id: number, change: (record: ProviderRecord) => ProviderRecord) {
    for (const [domain, p] of this.rows.providers)
      if (p.id === id) this.rows.providers.set(domain, { id, record: change(p.record) });
  }

  async topicByKey(key: string) {
    if (!this.rows.topicKeysRead.has(key)) throw new Error(`topic ${key} not read`);
    return this.rows.topics.get(key) ?? null;
  }
  async topicSlugTaken(slug: string) {
    if (!this.rows.slugsRead.has(slug)) throw new Error(`topic slug ${slug} not read`);
    return this.rows.takenSlugs.has(slug);
  }
  async createTopic(topic: { name: string; key: string; slug: string }) {
    const id = this.provisional();
    this.newTopics.set(id, topic);
    this.rows.topics.set(topic.key, { id, name: topic.name });
    this.rows.takenSlugs.add(topic.slug);
    return id;
  }
  async renameTopic(id: number, name: string) {
    const created = this.newTopics.get(id);
    if (created) created.name = name;
    else this.topicNames.set(id, name);
    for (const [key, topic] of this.rows.topics) if (topic.id === id) this.rows.topics.set(key, { id, name });
  }

  /** Writes the batch's net result, parents before children, each table in multi-row statements. */
  async flush(tx: Tx, dialect: SqlDialect): Promise<void> {
    const r = (id: number) => this.resolve(id);
    const insert = (table: BulkTable, rows: Record<string, unknown>[]) => this.insertAll(tx, dialect, table, rows);
    await this.insert([...this.newProviders], 'domain', (data) =>
      tx.provider.createManyAndReturn({ data, select: { id: true, domain: true } }),
    );
    for (const [id, name] of this.providerNames)
      await tx.provider.update({ where: { id }, data: { name }, select: { id: true } });
    await this.insert([...this.newTopics], 'key', (data) =>
      tx.topic.createManyAndReturn({ data, select: { id: true, key: true } }),
    );
    for (const [id, name] of this.topicNames) await tx.topic.update({ where: { id }, data: { name }, select: { id: true } });

    const withProvider = (c: ArticleColumns) => (c.providerId ? { ...c, providerId: r(c.providerId) } : c);
    const articles = [...this.newArticles].map(
      ([id, a]) =>
        [id, { ...withProvider(a.columns), identityKey: a.identityKey }] as [number, ArticleColumns & { identityKey: string }],
    );
    await this.insert(articles, 'identityKey', (data) =>
      insertRows<{ id: number; identityKey: string }>(tx, dialect, ARTICLE_TABLE, data, ['id', 'identityKey']),
    );
    // Rows updated alike (a stub's columns, or a whole article's) go in one statement.
    const updates = new Map<string, Record<string, unknown>[]>();
    for (const [id, columns] of this.articleUpdates) {
      const row = { ...withProvider(columns), id };
      const shape = Object.keys(row).sort().join();
      updates.set(shape, [...(updates.get(shape) ?? []), row]);
    }
    for (const rows of updates.values()) {
      for (const chunk of chunks(rows, INSERT_ROWS)) await updateRows(tx, dialect, ARTICLE_TABLE, chunk);
    }
    for (const [slug, articleId] of this.aliases) {
      await tx.articleSlugAlias.upsert({
        where: { slug },
        create: { slug, articleId: r(articleId) },
        update: { articleId: r(articleId) },
      });
    }

    await this.insert([...this.newSources], 'path', (data) =>
      insertRows<{ id: number; path: string }>(tx, dialect, SOURCE_FILE_TABLE, data, ['id', 'path']),
    );
    for (const [id, contentHash] of this.sourceHashes) await tx.sourceFile.update({ where: { id }, data: { contentHash } });
    const oldSources = [...this.dirtySources].filter((id) => id > 0);
    for (const ids of chunks(oldSources)) await tx.articleVersion.deleteMany({ where: { sourceFileId: { in: ids } } });
    const versions = [...this.dirtySources].flatMap((id) => this.bySource.get(id) ?? []);
    await insert(
      ARTICLE_VERSION_TABLE,
      versions.map(({ parsed: _, ...v }) => ({ ...v, sourceFileId: r(v.sourceFileId), articleId: r(v.articleId) })),
    );

    const topicOwners = [...this.topicLists.keys()].filter((id) => id > 0);
    for (const ids of chunks(topicOwners)) await tx.articleTopic.deleteMany({ where: { articleId: { in: ids } } });
    await insert(
      ARTICLE_TOPIC_TABLE,
      [...this.topicLists].flatMap(([articleId, topicIds]) =>
        topicIds.map((topicId, position) => ({ articleId: r(articleId), topicId: r(topicId), position })),
      ),
    );

    const images = [...this.imageLists.values()];
    for (const column of ['articleId', 'providerId'] as const) {
      const owners = images.flatMap(({ owner }) => (column in owner ? [(owner as Record<typeof column, number>)[column]] : []));
      for (const ids of chunks(owners.filter((id) => id > 0))) await tx.image.deleteMany({ where: { [column]: { in: ids } } });
    }
    await insert(
      IMAGE_TABLE,
      images.flatMap(({ owner, images: list }) => {
        const resolved = 'articleId' in owner ? { articleId: r(owner.articleId) } : { providerId: r(owner.providerId) };
        return list.map((image, position) => ({ ...resolved, ...image, position }));
      }),
    );

    const linkOwners = [...this.relatedLists.keys()].filter((id) => id > 0);
    for (const ids of chunks(linkOwners)) await tx.relatedLink.deleteMany({ where: { sourceId: { in: ids } } });
    await insert(
      RELATED_LINK_TABLE,
      [...this.relatedLists].flatMap(([sourceId, targets]) =>
        targets.map((targetId, rank) => ({ sourceId: r(sourceId), targetId: r(targetId), rank })),
      ),
    );
  }

  private async insertAll(tx: Tx, dialect: SqlDialect, table: BulkTable, rows: Record<string, unknown>[]) {
    for (const chunk of chunks(rows, INSERT_ROWS)) await insertRows(tx, dialect, table, chunk);
  }

  /** Inserts new rows in creation order and learns their ids by their unique key (`key`, a column of each row). */
  private async insert<T extends Record<K, string>, K extends string>(
    rows: [number, T][],
    key: K,
    create: (chunk: T[]) => Promise<({ id: number } & Record<K, string>)[]>,
  ): Promise<void> {
    for (const chunk of chunks(rows, INSERT_ROWS)) {
      const ids = new Map<string, number>((await create(chunk.map(([, row]) => row))).map((row) => [row[key], row.id]));
      for (const [provisional, row] of chunk) this.ids.set(provisional, ids.get(row[key] as string)!);
    }
  }
}

function ownerKey(owner: ImageOwner): string {
  return 'articleId' in owner ? `a${owner.articleId}` : `p${owner.providerId}`;
}
