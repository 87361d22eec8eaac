// `npm run seed` and the first start's seeding: the file system around the pipeline. Walk paths, read each
// file, prepare it (pipeline.ts) and hand batches to the writer. Files are streamed and sets bounded by
// count and bytes: memory does not grow with the number of files.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { type FileHandle, open, opendir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Db } from '../db/client.js';
import type { SqlDialect } from '../db/dialect.js';
import { contentTotals, storedContentHashes } from '../db/ingest-store.js';
import { MAX_DOCUMENT_BYTES } from './parse/index.js';
import { seedParser } from './parse-pool.js';
import { type DocumentFailure, documentContentHash } from './pipeline.js';
import { seededSourcePath } from './source-path.js';
import type { PreparedDocument } from './types.js';
import { ArticleWriter, type FileOutcome, type WriterOptions } from './write/article-writer.js';

/** Files per set write (SEED_BATCH_SIZE) on SQLite: measured at 10k files, 1,000 beat 500 and 250 (README, BENCHMARKS.md). */
export const DEFAULT_BATCH_SIZE = 1_000;
/** On PostgreSQL: the CPU time a file of 1,000, and a lower, steadier peak RSS (BENCHMARKS.md). */
export const POSTGRESQL_BATCH_SIZE = 500;

/** The set size used when none is given. */
export function defaultBatchSize(dialect: SqlDialect | undefined): number {
  return dialect === 'postgresql' ? POSTGRESQL_BATCH_SIZE : DEFAULT_BATCH_SIZE;
}
/**
 * Source bytes per set, whatever the file count: a set's parsed rows and JSON statements grow with its
 * bytes, so a folder of large files is written in smaller sets and memory stays bounded.
 */
export const DEFAULT_BATCH_BYTES = 32 * 1024 * 1024;
/** Files read at once (inside the API server, where reads are asynchronous: readSourceFile). */
const READ_AHEAD = 16;

export type SeedEvent = FileOutcome | DocumentFailure;

export interface SeedSummary {
  files: Record<'loaded' | 'updated' | 'unchanged' | 'skipped' | 'failed', number>;
  articles: number;
  stubs: number;
  providers: number;
  topics: number;
  relatedLinks: number;
  failures: DocumentFailure[];
  seconds: number;
  /** Seconds spent reading files (walk, stat, read, hash), parsing them, and writing (database). */
  phases: SeedPhases;
}

export interface SeedPhases {
  read: number;
  parse: number;
  write: number;
}

/** Every regular file under the given paths (directories recursively, dot-files ignored), in name order. */
export async function* walkFiles(paths: readonly string[]): AsyncGenerator<string> {
  for (const path of paths) {
    const info = await stat(path);
    if (!info.isDirectory()) {
      yield path;
      continue;
    }
    const entries: { name: string; isDir: boolean }[] = [];
    for await (const entry of await opendir(path)) {
      if (!entry.name.startsWith('.') && (entry.isFile() || entry.isDirectory())) {
        entries.push({ name: entry.name, isDir: entry.isDirectory() });
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // An entry's kind is known from the directory listing: no stat of each file (a turn of the event loop each).
    for (const entry of entries) {
      if (entry.isDir) yield* walkFiles([join(path, entry.name)]);
      else yield join(path, entry.name);
    }
  }
}

export async function countFiles(paths: readonly string[]): Promise<number> {
  let n = 0;
  for await (const _ of walkFiles(paths)) n++;
  return n;
}

/** A file's bytes and content hash, or why it cannot be read. */
export interface ReadFile {
  path: string;
  bytes: Uint8Array;
  contentHash: string;
}

/** `read` applied to each item, up to `window` at a time, results in the items' order. */
export async function* readAhead<T, R>(
  items: AsyncIterable<T> | Iterable<T>,
  window: number,
  read: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const pending: Promise<R>[] = [];
  for await (const item of items) {
    pending.push(read(item));
    if (pending.length >= window) yield await pending.shift()!;
  }
  while (pending.length) yield await pending.shift()!;
}

// O_NONBLOCK: opening a FIFO (a named pipe dropped into a watched folder) would otherwise wait for a writer,
// forever; on a regular file it changes nothing. The kind and size are checked on the open file, the one read.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Why an open file is not read as a document, or null. */
function unreadable(info: Stats): string | null {
  if (!info.isFile()) return 'not a regular file';
  if (info.size > MAX_DOCUMENT_BYTES) return `file is ${info.size} bytes, over the ${MAX_DOCUMENT_BYTES}-byte limit`;
  return null;
}

/**
 * Reads one file; everything that can go wrong before parsing is reported here. Synchronous: a SQLite write
 * never gives the event loop a turn, so asynchronous reads (several turns a file) only ran between set
 * writes, and slower than these (measured: a 10k SQLite seed 1.45x faster with them and the parse started
 * before the previous write). Inside the API server, readSourceFile keeps the event loop turning instead.
 */
export function readSourceFileSync(path: string): ReadFile | DocumentFailure {
  let fd: number | undefined;
  try {
    fd = openSync(path, OPEN_FLAGS);
    const info = fstatSync(fd);
    const reason = unreadable(info);
    if (reason) return { path: displayPath(path), status: 'failed', reason };
    // Memory of its own (not a view into a shared pool): the bytes are copied whole to the parse worker.
    const bytes = Buffer.allocUnsafeSlow(info.size);
    let length = 0;
    for (let n = 1; n > 0 && length < bytes.length; length += n) n = readSync(fd, bytes, length, bytes.length - length, null);
    return sourceFile(path, bytes.subarray(0, length));
  } catch (error) {
    return { path: displayPath(path), status: 'failed', reason: errorMessage(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** readSourceFileSync's asynchronous twin, for a seed inside the API server (watch, first start). */
export async function readSourceFile(path: string): Promise<ReadFile | DocumentFailure> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, OPEN_FLAGS);
    const info = await handle.stat();
    const reason = unreadable(info);
    if (reason) return { path: displayPath(path), status: 'failed', reason };
    const bytes = Buffer.allocUnsafeSlow(info.size);
    let length = 0;
    for (let n = 1; n > 0 && length < bytes.length; length += n) {
      ({ bytesRead: n } = await handle.read(bytes, length, bytes.length - length, null));
    }
    return sourceFile(path, bytes.subarray(0, length));
  } catch (error) {
    return { path: displayPath(path), status: 'failed', reason: errorMessage(error) };
  } finally {
    await handle?.close();
  }
}

function sourceFile(path: string, bytes: Uint8Array): ReadFile {
  return { path: displayPath(path), bytes, contentHash: documentContentHash(bytes) };
}

export interface SeedOptions {
  /** Files per set write (see BENCHMARKS.md for how it was chosen); by default defaultBatchSize(dialect). */
  batchSize?: number;
  /** Source bytes per set write; a set ends at whichever of batchSize and batchBytes comes first. */
  batchBytes?: number;
  onFile?: (event: SeedEvent) => void;
  /** The database's dialect, when known: PostgreSQL writers then queue on a lock (takeWriteLock). */
  dialect?: SqlDialect;
  /** `rows`: the per-file reference path (tests compare it with the default set path). */
  writePath?: WriterOptions['path'];
  onSetFallback?: WriterOptions['onSetFallback'];
  /** Give the event loop a turn every this many files while parsing in this thread (a seed inside the API server). */
  yieldEvery?: number;
  /** Worker threads parsing from the second set on: default 1 with more than one core, else 0 (see parse-pool.ts). */
  parseThreads?: number;
}

export function seed(prisma: Db, paths: readonly string[], options: SeedOptions = {}): Promise<SeedSummary> {
  return seedFiles(prisma, walkFiles(paths), options);
}

/** Seeds the given files (each a file path), in their order. */
export async function seedFiles(
  prisma: Db,
  filePaths: AsyncIterable<string> | Iterable<string>,
  options: SeedOptions & { writer?: ArticleWriter } = {},
): Promise<SeedSummary> {
  const started = performance.now();
  const writer =
    options.writer ??
    new ArticleWriter(prisma, {
      dialect: options.dialect,
      path: options.writePath,
      onSetFallback: options.onSetFallback,
    });
  const summary: SeedSummary = {
    files: { loaded: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 },
    ...{ articles: 0, stubs: 0, providers: 0, topics: 0, relatedLinks: 0 },
    failures: [],
    seconds: 0,
    phases: { read: 0, parse: 0, write: 0 },
  };
  const record = (event: SeedEvent) => {
    summary.files[event.status]++;
    if (event.status === 'failed') summary.failures.push(event);
    options.onFile?.(event);
  };
  const timed = async <T>(phase: keyof SeedPhases, work: () => T | Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await work();
    } finally {
      summary.phases[phase] += (performance.now() - t) / 1000;
    }
  };

  const batchSize = options.batchSize ?? defaultBatchSize(options.dialect);
  let batch: ReadFile[] = [];
  let batchBytes = 0;
  // Three sets at once: one is written while the next is parsed (in a worker thread where there is a second
  // core: parse-pool.ts) and the one after is read. A set's parse starts as soon as it is read, before the
  // previous set's write: SQLite writes run on this thread and never give the event loop a turn (no file is
  // read during them), so a parse started after the write would leave the worker idle while it runs.
  let writing: Promise<void> = Promise.resolve();
  let parsing: Promise<{ outcomes: SeedEvent[]; prepared: PreparedDocument[] }> | null = null;
  const parser = seedParser({ threads: options.parseThreads, yieldEvery: options.yieldEvery });
  const flush = async () => {
    const files = batch;
    batch = [];
    batchBytes = 0;
    // Unchanged files are known by their bytes' hash: never parsed, never written.
    const known = await timed('write', () =>
      storedContentHashes(
        prisma,
        files.map((f) => f.path),
      ),
    );
    const outcomes: SeedEvent[] = [];
    const changed = files.filter((file) => {
      if (known.get(file.path) !== file.contentHash) return true;
      outcomes.push({ path: file.path, status: 'unchanged', articles: 0 });
      return false;
    });
    // An inline parse runs (or begins) within this call: its time is the parse phase's too.
    const parseStarted = performance.now();
    const parsed = parser.parse(changed).then((documents) => {
      const prepared: PreparedDocument[] = [];
      for (const document of documents) {
        if ('status' in document) outcomes.push(document);
        else prepared.push(document);
      }
      return { outcomes, prepared };
    });
    summary.phases.parse += (performance.now() - parseStarted) / 1000;
    parsed.catch(() => undefined); // handled where it is awaited: writeParsed
    await writeParsed();
    parsing = parsed;
  };
  /** Starts writing the set parsed last, once the set before it is written. */
  const writeParsed = async () => {
    if (!parsing) return;
    const { outcomes, prepared } = await timed('parse', () => parsing!);
    parsing = null;
    await writing;
    outcomes.forEach(record);
    if (prepared.length === 0) return;
    writing = timed('write', () => writer.writeBatch(prepared)).then((results) => {
      for (const [i, result] of results.entries()) {
        record(result instanceof Error ? { path: prepared[i]!.path, status: 'failed', reason: errorMessage(result) } : result);
      }
    });
    writing.catch(() => undefined); // handled where it is awaited: the next flush, or the end
  };
  try {
    // Inside the API server (yieldEvery) reads are asynchronous: requests are served between them.
    const read = options.yieldEvery ? readSourceFile : async (path: string) => readSourceFileSync(path);
    const reads = readAhead(filePaths, READ_AHEAD, read)[Symbol.asyncIterator]();
    for (;;) {
      const next = await timed('read', () => reads.next());
      if (next.done) break;
      if ('status' in next.value) record(next.value);
      else {
        batch.push(next.value);
        batchBytes += next.value.bytes.length;
      }
      if (batch.length >= batchSize || batchBytes >= (options.batchBytes ?? DEFAULT_BATCH_BYTES)) {
        await flush();
      }
    }
    if (batch.length) await flush();
    await writeParsed();
    await writing;
  } finally {
    // A set still being written when something failed is written to its end before the failure is reported.
    await writing.catch(() => undefined);
    await parser.close();
  }

  Object.assign(summary, await contentTotals(prisma));
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

export function displayPath(path: string): string {
  return seededSourcePath(relative(process.cwd(), path).split(sep).join('/') || path);
}

/** The reason shown for a failed file. Prisma's messages open with a code excerpt: keep their last line. */
function errorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (!error.name.startsWith('PrismaClient')) return error.message;
  const reason =
    error.message
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1) ?? error.name;
  const code = (error as { code?: string }).code;
  return code ? `${reason} (${code})` : reason;
}
