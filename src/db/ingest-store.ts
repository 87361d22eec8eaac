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
export const INGEST_WRITE_LOCK = 7_413_001;

/** The write lock was still held by another writer when the caller's deadline passed: nothing was stored. */
export class WriteLockBusyError extends Error {
  constructor() {
    super(
      'not stored: another writer (a seed or another ingest) held the write lock until the request deadline ' +
        '(EXECUTION_TIMEOUT_MS) passed; try again later (nothing of it was stored)',
    );
    this.name = 'WriteLockBusyError';
  }
}

/** How long a writer without a deadline (a seed) polls for the lock before its transaction starts over. */
const LOCK_WAIT_MS = 60_000;

/**
 * Takes the write lock at the start of a transaction. A SQLite transaction that reads before it writes cannot
 * wait for another writer (it fails with SQLITE_BUSY at once); one that starts by writing simply queues. On
 * PostgreSQL writers take a transaction-scoped advisory lock when the dialect is known: a batch reads its rows
 * up front, so another writer must not change them before it commits. The lock is polled
 * (pg_try_advisory_xact_lock with backoff), never waited for in one statement: a blocked statement would run
 * into statement_timeout and past the caller's deadline. At the deadline: WriteLockBusyError.
 */
export async function takeWriteLock(tx: RawClient, dialect?: SqlDialect, deadline?: AbortSignal): Promise<void> {
  if (dialect !== 'postgresql') {
    await executeStatement(tx, Prisma.sql`/* takeWriteLock */ UPDATE source_file SET path = path WHERE id = -1`);
    return;
  }
  const started = Date.now();
  for (let pause = 5; ; pause = Math.min(pause * 2, 200)) {
    const [row] = await queryRows<{ held: boolean }>(
      tx,
      Prisma.sql`/* takeWriteLock */ SELECT pg_try_advisory_xact_lock(${INGEST_WRITE_LOCK}) AS "held"`,
    );
    if (row?.held) return;
    if (deadline?.aborted) throw new WriteLockBusyError();
    // Seen as a conflict by the writer, which starts its transaction over.
    if (Date.now() - started > LOCK_WAIT_MS) throw new Error('could not serialize: the write lock stayed busy');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, pause);
      function done() {
        clearTimeout(timer);
        deadline?.removeEventListener('abort', done);
        resolve();
      }
      deadline?.addEventListener('abort', done, { once: true });
    });
  }
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
