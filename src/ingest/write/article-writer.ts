// Write layer: stores prepared documents in the database. Every document is atomic: its source row, its
// versions and the merged articles they affect are written in one transaction, or not at all. A batch is
// written set-based (SetStore: read in sets, merged in memory, written in multi-row statements); if that
// fails, each document is written on its own through the per-file reference path (RowStore), so a bad
// document costs only itself.
import { debuglog } from 'node:util';
import { recordWrite } from '../../db/change-store.js';
import type { Db, Prisma } from '../../db/client.js';
import { probeDialect, type SqlDialect } from '../../db/dialect.js';
import { storedContentHashes, takeWriteLock, WriteLockBusyError } from '../../db/ingest-store.js';
import type { PreparedDocument } from '../types.js';
import { readBatchRows } from './batch-rows.js';
import { RowStore } from './row-store.js';
import { SetStore } from './set-store.js';
import { type FileOutcome, IdCache, TransactionWriter } from './transaction-writer.js';

export type { FileOutcome, FileStatus } from './transaction-writer.js';

type Tx = Prisma.TransactionClient;

export type FileRemoval = NonNullable<Awaited<ReturnType<TransactionWriter['remove']>>>;

/** A document not written because the deadline passed first: nothing of it was stored. */
export class DeadlinePassedError extends Error {
  constructor() {
    super('not stored: the request ran out of time before this document was written (nothing of it was stored)');
    this.name = 'DeadlinePassedError';
  }
}

/**
 * Write transactions open at once per database client. Writers queue on one lock anyway, so more would only
 * hold pool connections while they wait, and queued ingest calls would leave reads without a connection.
 */
const WRITE_SLOTS = 2;

/** A counting semaphore; a waiter leaves the queue when its deadline passes. */
class Slots {
  private free = WRITE_SLOTS;
  private readonly queue: (() => void)[] = [];

  async acquire(deadline?: AbortSignal): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    if (deadline?.aborted) throw new DeadlinePassedError();
    await new Promise<void>((resolve, reject) => {
      const granted = () => {
        deadline?.removeEventListener('abort', expired);
        resolve();
      };
      const expired = () => {
        this.queue.splice(this.queue.indexOf(granted), 1);
        reject(new WriteLockBusyError());
      };
      this.queue.push(granted);
      deadline?.addEventListener('abort', expired, { once: true });
    });
  }

  release(): void {
    const next = this.queue.shift();
    if (next)
      next(); // the slot passes straight on
    else this.free++;
  }
}

const slotsByClient = new WeakMap<Db, Slots>();

/** Why a set was written file by file, shown with NODE_DEBUG=seed. */
const debug = debuglog('seed');

export interface WriteOptions {
  /**
   * Once aborted, no further document is written: the transaction in progress rolls back, and every document
   * not committed yet gets a DeadlinePassedError. A commit already under way completes (and is reported).
   */
  deadline?: AbortSignal;
}

export interface WriterOptions {
  /** `rows`: every batch through the per-file reference path (what the set path is tested against). */
  path?: 'sets' | 'rows';
  /** The database's dialect (asked of the database when not given). */
  dialect?: SqlDialect;
  /** Told why a set was written file by file (also shown with NODE_DEBUG=seed). */
  onSetFallback?: (reason: string, files: number) => void;
}

export class ArticleWriter {
  private readonly cache = new IdCache();

  private known?: Promise<SqlDialect>;

  constructor(
    private readonly prisma: Db,
    private readonly options: WriterOptions = {},
  ) {}

  private dialect(): Promise<SqlDialect> {
    this.known ??= this.options.dialect ? Promise.resolve(this.options.dialect) : probeDialect(this.prisma);
    return this.known;
  }

  /**
   * Writes a batch of documents: unchanged ones are recognized by hash, the others are written in one
   * transaction; if that fails, each is retried in its own transaction so that one bad document does not
   * cost the others. Failures come back as Errors in the document's slot.
   */
  async writeBatch(files: readonly PreparedDocument[], options: WriteOptions = {}): Promise<(FileOutcome | Error)[]> {
    const knownHash = await storedContentHashes(
      this.prisma,
      files.map((f) => f.path),
    );
    const results = files.map((f): FileOutcome | Error | undefined =>
      knownHash.get(f.path) === f.contentHash ? { path: f.path, status: 'unchanged', articles: 0 } : undefined,
    );
    const pending = files.map((f, i) => ({ f, i })).filter(({ i }) => results[i] === undefined);

    // A path twice in one batch (the second an update of the first) goes in a later set: a set writes each
    // source row once.
    const runs: (typeof pending)[] = [];
    let paths = new Set<string>();
    for (const item of pending) {
      if (!runs.length || paths.has(item.f.path)) {
        runs.push([]);
        paths = new Set();
      }
      runs.at(-1)!.push(item);
      paths.add(item.f.path);
    }
    for (const run of runs) await this.writePending(run, results, options.deadline);
    return results as (FileOutcome | Error)[]; // every slot is filled now
  }

  /**
   * Forgets documents whose files are gone (a watched folder), each in its own transaction; null for a
   * path never stored. Only a watcher deletes: a plain seed never does.
   */
  async removeFiles(paths: readonly string[]): Promise<(FileRemoval | null | Error)[]> {
    const results: (FileRemoval | null | Error)[] = [];
    for (const path of paths) {
      try {
        results.push(await this.inTransaction((tx, cache) => new TransactionWriter(new RowStore(tx), cache).remove(path)));
      } catch (error) {
        results.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    return results;
  }

  /** Writes the pending files as one set, or, if that fails, each in its own transaction; fills their slots. */
  private async writePending(
    pending: { f: PreparedDocument; i: number }[],
    results: (FileOutcome | Error | undefined)[],
    deadline: AbortSignal | undefined,
  ) {
    const files = pending.map((p) => p.f);
    try {
      const outcomes =
        this.options.path === 'rows'
          ? await this.inTransaction(
              (tx, cache) => this.writeFiles(new TransactionWriter(new RowStore(tx), cache), files, deadline),
              true,
              deadline,
            )
          : await this.inTransaction((tx, _, dialect) => this.writeSet(tx, dialect, files, deadline), false, deadline);
      for (const [n, { i }] of pending.entries()) results[i] = outcomes[n]!;
    } catch (setError) {
      // The lock stayed busy until the deadline: file by file would only wait again.
      const busy = setError instanceof WriteLockBusyError;
      if (!busy && !deadline?.aborted) {
        debug(`a set of ${files.length} file(s) is written file by file: ${String(setError)}`);
        this.options.onSetFallback?.(String(setError), files.length);
      }
      for (const { f, i } of pending) {
        if (busy || deadline?.aborted) {
          results[i] = busy ? setError : new DeadlinePassedError();
          continue;
        }
        try {
          results[i] = (
            await this.inTransaction(
              (tx, cache) => this.writeFiles(new TransactionWriter(new RowStore(tx), cache), [f], deadline),
              true,
              deadline,
            )
          )[0]!;
        } catch (error) {
          results[i] = error instanceof Error ? error : new Error(String(error));
        }
      }
    }
  }

  /** Writes files inside one transaction; past the deadline, throws before the next file and before the commit. */
  private async writeFiles(
    writer: TransactionWriter,
    files: readonly PreparedDocument[],
    deadline?: AbortSignal,
  ): Promise<FileOutcome[]> {
    const outcomes: FileOutcome[] = [];
    for (const file of files) {
      if (deadline?.aborted) throw new DeadlinePassedError();
      outcomes.push(await writer.write(file));
    }
    if (deadline?.aborted) throw new DeadlinePassedError();
    return outcomes;
  }

  /**
   * The set path: every row the batch may read, read at once; the merge logic run over them in memory; the
   * net result written in multi-row statements. Provisional ids in the outcomes become the rows' ids.
   */
  private async writeSet(
    tx: Tx,
    dialect: SqlDialect,
    files: readonly PreparedDocument[],
    deadline?: AbortSignal,
  ): Promise<FileOutcome[]> {
    const store = new SetStore(await readBatchRows(tx, files));
    const outcomes = await this.writeFiles(new TransactionWriter(store, new IdCache()), files, deadline);
    await store.flush(tx, dialect);
    if (deadline?.aborted) throw new DeadlinePassedError();
    return outcomes;
  }

  /**
   * Runs `work` in a transaction, retrying when a concurrent seeder created the same row first. The id
   * cache (providers, topics) is shared only by paths that write ids at once (`shareCache`).
   */
  private async inTransaction<T>(
    work: (tx: Tx, cache: IdCache, dialect: SqlDialect) => Promise<T>,
    shareCache = true,
    deadline?: AbortSignal,
  ): Promise<T> {
    const dialect = await this.dialect();
    const slots = slotsByClient.get(this.prisma) ?? new Slots();
    slotsByClient.set(this.prisma, slots);
    await slots.acquire(deadline);
    try {
      return await this.attempts(work, shareCache, dialect, deadline);
    } finally {
      slots.release();
    }
  }

  private async attempts<T>(
    work: (tx: Tx, cache: IdCache, dialect: SqlDialect) => Promise<T>,
    shareCache: boolean,
    dialect: SqlDialect,
    deadline: AbortSignal | undefined,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const fork = this.cache.fork();
      try {
        const result = await this.prisma.$transaction(
          async (tx) => {
            await takeWriteLock(tx, dialect, deadline);
            const result = await work(tx, fork, dialect);
            // Last: readers (response cache, articleAdded) learn of this write from the version it commits.
            await recordWrite(tx);
            return result;
          },
          { timeout: 120_000, maxWait: 60_000 },
        );
        if (shareCache) this.cache.adopt(fork);
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
