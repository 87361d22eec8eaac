// What SetStore starts from: every row a batch of documents can read, fetched in a few set queries
// (IN lists, chunked) inside the batch's transaction, after the write lock. Bounded by the batch's own
// content: its paths, identities, providers, topics, and the versions of the articles it re-merges.
import type { Prisma } from '../../db/client.js';
import { deserializeRecord } from '../merge.js';
import { topicKey, topicSlug } from '../slug.js';
import type { ArticleRecord, PreparedDocument, ProviderRecord } from '../types.js';
import { imageRecord } from './row-store.js';
import type { ArticleState } from './store.js';

type Tx = Prisma.TransactionClient;

/** Longest IN list sent at once: far below SQLite's and PostgreSQL's bound-parameter limits. */
export const MAX_IN_LIST = 5_000;

export interface VersionRow {
  sourceFileId: number;
  position: number;
  articleId: number;
  record: string;
  contentHash: string;
  /** `record` parsed, once. */
  parsed?: ArticleRecord;
}

export interface BatchRows {
  sources: Map<string, { id: number; contentHash: string }>;
  /** Versions of this batch's stored documents and of every stored article it may re-merge. */
  versions: VersionRow[];
  /** Articles whose every version is in `versions`. */
  versionsComplete: Set<number>;
  /** Article rows by identity, for every identity the batch names (absent: no such row) and every re-merged one. */
  articles: Map<string, ArticleState>;
  /** Identities looked up: an identity outside this set was never read (a bug, not an absent row). */
  identitiesRead: Set<string>;
  providers: Map<string, { id: number; record: ProviderRecord }>;
  domainsRead: Set<string>;
  topics: Map<string, { id: number; name: string }>;
  topicKeysRead: Set<string>;
  takenSlugs: Set<string>;
  slugsRead: Set<string>;
}

export function chunks<T>(items: readonly T[], size = MAX_IN_LIST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function inChunks<T, R>(items: Iterable<T>, query: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const rows: R[] = [];
  for (const chunk of chunks([...items])) rows.push(...(await query(chunk)));
  return rows;
}

const STATE = { id: true, identityKey: true, isStub: true, quality: true, contentHash: true, slug: true } as const;
const VERSION = { sourceFileId: true, position: true, articleId: true, record: true, contentHash: true } as const;

export async function readBatchRows(tx: Tx, files: readonly PreparedDocument[]): Promise<BatchRows> {
  const identities = new Set<string>();
  const ownIdentities = new Set<string>();
  const domains = new Set<string>();
  const topicNames = new Set<string>();
  for (const { document } of files) {
    if (document.kind !== 'articles') continue;
    for (const record of document.articles) {
      identities.add(record.identityKey);
      ownIdentities.add(record.identityKey);
      if (record.provider) domains.add(record.provider.domain);
      for (const name of record.topics) topicNames.add(name);
      for (const entry of record.related) {
        identities.add(entry.identityKey);
        if (entry.provider) domains.add(entry.provider.domain);
      }
    }
  }

  const sourceRows = await inChunks(
    files.map((f) => f.path),
    (path) => tx.sourceFile.findMany({ where: { path: { in: path } }, select: { id: true, path: true, contentHash: true } }),
  );
  const sources = new Map(sourceRows.map((s) => [s.path, { id: s.id, contentHash: s.contentHash }]));
  const sourceVersions = await inChunks(
    sourceRows.map((s) => s.id),
    (sourceFileId) => tx.articleVersion.findMany({ where: { sourceFileId: { in: sourceFileId } }, select: VERSION }),
  );

  const articles = new Map<string, ArticleState>();
  const keep = ({ identityKey, ...state }: ArticleState & { identityKey: string }) => articles.set(identityKey, state);
  const byKey = await inChunks(identities, (keys) =>
    tx.article.findMany({ where: { identityKey: { in: keys } }, select: STATE }),
  );
  byKey.forEach(keep);
  // Re-merged: the articles this batch tells, and those its documents told before.
  const remerged = new Set(sourceVersions.map((v) => v.articleId));
  for (const row of byKey) if (ownIdentities.has(row.identityKey)) remerged.add(row.id);
  const known = new Set(byKey.map((a) => a.id));
  const missing = [...remerged].filter((id) => !known.has(id));
  (await inChunks(missing, (id) => tx.article.findMany({ where: { id: { in: id } }, select: STATE }))).forEach(keep);
  const versions: VersionRow[] = await inChunks(remerged, (articleId) =>
    tx.articleVersion.findMany({ where: { articleId: { in: articleId } }, select: VERSION, orderBy: { id: 'asc' } }),
  );
  // A re-merge may crown a version from a file outside the batch: its provider, topics and related stories
  // must be read too, or the set would find them unread and fall back to file by file.
  const extraIdentities = new Set<string>();
  for (const version of versions) {
    version.parsed ??= deserializeRecord(version.record);
    const record = version.parsed;
    if (record.provider) domains.add(record.provider.domain);
    for (const name of record.topics) topicNames.add(name);
    for (const entry of record.related) {
      if (!identities.has(entry.identityKey) && !articles.has(entry.identityKey)) extraIdentities.add(entry.identityKey);
      if (entry.provider) domains.add(entry.provider.domain);
    }
  }
  for (const key of extraIdentities) identities.add(key);
  (
    await inChunks(extraIdentities, (keys) => tx.article.findMany({ where: { identityKey: { in: keys } }, select: STATE }))
  ).forEach(keep);

  const providerRows = await inChunks(domains, (domain) =>
    tx.provider.findMany({ where: { domain: { in: domain } }, include: { images: { orderBy: { position: 'asc' } } } }),
  );
  const providers = new Map(
    providerRows.map((p) => [
      p.domain,
      { id: p.id, record: { domain: p.domain, name: p.name, images: p.images.map(imageRecord) } },
    ]),
  );

  const topicKeys = new Set([...topicNames].map(topicKey));
  const topicRows = await inChunks(topicKeys, (key) =>
    tx.topic.findMany({ where: { key: { in: key } }, select: { id: true, key: true, name: true } }),
  );
  const slugs = new Set([...topicNames].map(topicSlug));
  const slugRows = await inChunks(slugs, (slug) => tx.topic.findMany({ where: { slug: { in: slug } }, select: { slug: true } }));

  return {
    sources,
    versions,
    versionsComplete: remerged,
    articles,
    identitiesRead: new Set([...identities, ...articles.keys()]),
    providers,
    domainsRead: domains,
    topics: new Map(topicRows.map((t) => [t.key, { id: t.id, name: t.name }])),
    topicKeysRead: topicKeys,
    takenSlugs: new Set(slugRows.map((s) => s.slug)),
    slugsRead: slugs,
  };
}
