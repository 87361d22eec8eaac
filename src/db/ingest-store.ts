// The ingest's bookkeeping around the writer (src/ingest/write/): which documents are stored with which
// content, which articles a document told, the write lock, and the totals a seed reports.
import { Prisma } from '../generated/sqlite/client.js';
import type { Db } from './client.js';
import type { SqlDialect } from './dialect.js';
import { executeStatement, named, queryRows, type RawClient } from './statements.js';

/** The content hash stored for each of these document paths that is known. */
export async function storedContentHashes(prisma: Db, paths: readonly string[]): Promise<Map<string, string>> {
  const known = await named('storedContentHashes', () =>
    prisma.sourceFile.findMany({ where: { path: { in: [...paths] } }, select: { path: true, contentHash: true } }),
  );
  return new Map(known.map((k) => [k.path, k.contentHash]));
}

/** Ids of the articles each stored document tells, in document order. */
export async function articleIdsBySourcePath(prisma: Db, paths: readonly string[]): Promise<Map<string, number[]>> {
  const versions = await named('articleIdsBySourcePath', () =>
    prisma.articleVersion.findMany({
      where: { sourceFile: { path: { in: [...paths] } } },
      select: { articleId: true, sourceFile: { select: { path: true } } },
      orderBy: [{ sourceFileId: 'asc' }, { position: 'asc' }],
    }),
  );
  const byPath = new Map<string, number[]>();
  for (const v of versions) byPath.set(v.sourceFile.path, [...(byPath.get(v.sourceFile.path) ?? []), v.articleId]);
  return byPath;
}

/** The advisory lock key of ingest writers on PostgreSQL (any constant no other code uses). */
const INGEST_WRITE_LOCK = 7_413_001;

/**
 * Takes the write lock at the start of a transaction. A SQLite transaction that reads before it writes cannot
 * wait for another writer (it fails with SQLITE_BUSY at once); one that starts by writing simply queues. On
 * PostgreSQL writers queue on a transaction-scoped advisory lock when the dialect is known: a batch reads
 * its rows up front, so another writer must not change them before it commits.
 */
export async function takeWriteLock(tx: RawClient, dialect?: SqlDialect): Promise<void> {
  if (dialect === 'postgresql') {
    await queryRows(tx, Prisma.sql`/* takeWriteLock */ SELECT pg_advisory_xact_lock(${INGEST_WRITE_LOCK}) IS NULL AS "none"`);
    return;
  }
  await executeStatement(tx, Prisma.sql`/* takeWriteLock */ UPDATE source_file SET path = path WHERE id = -1`);
}

export interface ContentTotals {
  articles: number;
  stubs: number;
  providers: number;
  topics: number;
  relatedLinks: number;
}

export async function contentTotals(prisma: Db): Promise<ContentTotals> {
  const [articles, stubs, providers, topics, relatedLinks] = await named('contentTotals', () =>
    Promise.all([
      prisma.article.count({ where: { isStub: false } }),
      prisma.article.count({ where: { isStub: true } }),
      prisma.provider.count(),
      prisma.topic.count(),
      prisma.relatedLink.count(),
    ]),
  );
  return { articles, stubs, providers, topics, relatedLinks };
}
