// `npm run seed -- --watch <dir>` and SEED_WATCH_DIR: keeps a folder loaded as files appear, change, are
// renamed or deleted (chokidar). A file is read once its size has held still for `stableMs` (chokidar's
// awaitWriteFinish), events are gathered for `debounceMs` and written as one set, a file that keeps failing
// is retried `maxTries` times and then reported once, and a deleted file's articles are unlisted when no
// other file tells them. Only one process per database watches (watch-lock.ts); the others stand by.
import { lstat, realpath } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import type { Database } from '../db/client.js';
import { watchLock } from '../db/watch-lock.js';
import { displayPath, type SeedEvent, seedFiles } from './seed.js';
import { ArticleWriter, type FileRemoval } from './write/article-writer.js';

/** Files and source bytes per set written by a watch. */
const WATCH_BATCH_SIZE = 200;
const WATCH_BATCH_BYTES = 8 * 1024 * 1024;
/** Longest a deletion waits for the folder to fall quiet (see flush). */
const DELETION_HOLD_MS = 60_000;

export interface WatchOptions {
  databaseUrl: string;
  debounceMs?: number;
  stableMs?: number;
  maxTries?: number;
  /** How often a process standing by tries the lock again. */
  standbyMs?: number;
  batchSize?: number;
  /** A steady stream of changes is still written at least this often (the debounce alone could starve). */
  maxWaitMs?: number;
  /** Longest pause between tries after a database error (the pause doubles per failed flush up to this). */
  maxBackoffMs?: number;
  onEvent?: (event: WatchEvent) => void;
}

export type WatchEvent =
  | { kind: 'standby' }
  | { kind: 'watching'; dir: string }
  | { kind: 'ready' }
  | { kind: 'file'; event: SeedEvent; tries: number }
  | { kind: 'retry'; path: string; reason: string; tries: number }
  | { kind: 'removed'; removal: FileRemoval }
  | { kind: 'error'; path: string; reason: string };

export interface FolderWatch {
  close(): Promise<void>;
}

/** True for a path the watch must skip: a dot-file or dot-folder below `root`, or a path outside it. */
export function outsideOrHidden(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  if (rel === '') return false;
  if (rel.startsWith(`..${sep}`) || rel === '..') return true;
  return rel.split(sep).some((part) => part.startsWith('.'));
}

export function watchFolder(db: Database, dir: string, options: WatchOptions): FolderWatch {
  const debounceMs = options.debounceMs ?? 300;
  const maxTries = options.maxTries ?? 5;
  const maxWaitMs = options.maxWaitMs ?? Math.max(2_000, debounceMs * 10);
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  // Smaller sets than a plain seed's: the watch runs inside the API server, and a set's write holds the
  // event loop (better-sqlite3 is synchronous) and the write lock.
  const batchSize = options.batchSize ?? WATCH_BATCH_SIZE;
  const emit = (event: WatchEvent) => options.onEvent?.(event);
  const lock = watchLock(options.databaseUrl);
  const writer = new ArticleWriter(db.prisma, { dialect: db.dialect });
  const changed = new Set<string>();
  const stableMs = options.stableMs ?? 500;
  /** Deleted paths and when: a deletion waits until the file's new name (a rename) has settled too. */
  const removed = new Map<string, number>();
  const tries = new Map<string, number>();
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | undefined;
  let standby: NodeJS.Timeout | undefined;
  let closed = false;
  let running: Promise<void> = Promise.resolve();
  /** When the oldest change not yet written arrived (for maxWaitMs). */
  let pendingSince: number | undefined;
  /** Flushes in a row that failed on a database error (for the backoff). */
  let failures = 0;
  /** When the file system last reported anything in the folder (chokidar's raw events, before settling). */
  let lastActivity = 0;

  const later = (ms: number) => {
    clearTimeout(timer);
    // flush never rejects; the catch is a last guard so a bug cannot end the process.
    timer = setTimeout(() => {
      running = running.then(flush).catch((error: unknown) => emit({ kind: 'error', path: dir, reason: String(error) }));
    }, ms);
  };
  const schedule = () => {
    if (failures) return; // a database error's backoff is running; it flushes everything pending
    pendingSince ??= Date.now();
    const waited = Date.now() - pendingSince;
    later(changed.size >= batchSize ? 0 : Math.max(0, Math.min(debounceMs, maxWaitMs - waited)));
  };
  const fileEvent = async (path: string, kind: 'change' | 'unlink') => {
    if (kind === 'change' && !(await inside(path))) return;
    tries.delete(path); // a new version of the file: it gets its tries again
    if (kind === 'change') {
      changed.add(path);
      removed.delete(path);
    } else {
      removed.set(path, Date.now());
      changed.delete(path);
    }
    schedule();
  };
  /** As plain seeding: regular files only, never a symbolic link (which could lead out of the folder). */
  const inside = async (path: string) => {
    try {
      if ((await lstat(path)).isSymbolicLink()) return false;
      return !outsideOrHidden(await realpath(dir), await realpath(path));
    } catch {
      return false; // gone again already
    }
  };

  async function flush(): Promise<void> {
    if (closed) return;
    pendingSince = undefined;
    const settled = Date.now() - stableMs - debounceMs;
    // While any file is still being written (its add or change not reported yet: chokidar waits for it to
    // settle), deletions wait too: it may be a deleted file's new name, and deleting first would unlist and
    // re-create the article. Held at most DELETION_HOLD_MS, so a folder always busy still loses files.
    const quiet = lastActivity <= settled && changed.size === 0;
    const gone = [...removed]
      .filter(([, at]) => at <= settled && (quiet || at <= Date.now() - DELETION_HOLD_MS))
      .map(([path]) => path);
    const paths = [...changed];
    changed.clear(); // a change arriving while this set is written is written again afterwards
    const retry: string[] = [];
    const done = new Set<string>();
    try {
      await write(paths, gone, retry, done);
      failures = 0;
    } catch (error) {
      for (const path of paths) if (!done.has(path)) changed.add(path);
      // A database error (connection lost, server restarting): nothing is dropped; the same files are
      // tried again after a pause that doubles per failure, up to maxBackoffMs.
      failures++;
      const pause = Math.min(debounceMs * 2 ** failures, maxBackoffMs);
      emit({
        kind: 'error',
        path: dir,
        reason: `writing ${paths.length + gone.length} file(s) failed, trying again in ${pause} ms: ${String(error)}`,
      });
      if (!closed) later(pause);
      return;
    }
    if (removed.size && !closed && !retry.length) later(stableMs + debounceMs);
    if (retry.length && !closed) {
      for (const path of retry) changed.add(path);
      // Backs off with the number of tries, so a file still being produced has time to settle.
      later(debounceMs * Math.min(2 ** (Math.max(...retry.map((p) => tries.get(p) ?? 1)) - 1), 16));
    } else if (changed.size && !closed) schedule(); // changes that arrived while writing
  }

  async function write(paths: string[], gone: string[], retry: string[], done: Set<string>): Promise<void> {
    const byShownPath = new Map(paths.map((p) => [displayPath(p), p]));
    if (paths.length) {
      await seedFiles(db.prisma, paths, {
        writer,
        batchSize,
        batchBytes: WATCH_BATCH_BYTES,
        yieldEvery: 25,
        onFile: (event) => {
          const path = byShownPath.get(event.path) ?? event.path;
          done.add(path);
          const n = (tries.get(path) ?? 0) + 1;
          if (event.status === 'failed' && n < maxTries) {
            tries.set(path, n);
            retry.push(path);
            emit({ kind: 'retry', path, reason: event.reason, tries: n });
            return;
          }
          tries.delete(path);
          emit({ kind: 'file', event, tries: n });
        },
      });
    }
    // After the new files: a file renamed within the folder is loaded under its new name before its old
    // name is forgotten, so its articles are merged again, never unlisted in between.
    if (gone.length) {
      const results = await writer.removeFiles(gone.map(displayPath));
      results.forEach((result, i) => {
        removed.delete(gone[i]!);
        if (result instanceof Error) emit({ kind: 'error', path: gone[i]!, reason: result.message });
        else if (result) emit({ kind: 'removed', removal: result });
      });
    }
  }

  const start = () => {
    watcher = watch(dir, {
      ignored: (path) => outsideOrHidden(dir, path), // dot-files, as seeding ignores them
      followSymlinks: false,
      awaitWriteFinish: { stabilityThreshold: stableMs, pollInterval: Math.min(100, stableMs) },
      atomic: true,
    });
    watcher.on('add', (p) => void fileEvent(p, 'change'));
    watcher.on('change', (p) => void fileEvent(p, 'change'));
    watcher.on('unlink', (p) => void fileEvent(p, 'unlink'));
    watcher.on('raw', () => {
      lastActivity = Date.now();
    });
    watcher.on('error', (error) => emit({ kind: 'error', path: dir, reason: String(error) }));
    watcher.on('ready', () => emit({ kind: 'ready' }));
    emit({ kind: 'watching', dir });
  };

  /** The lock's connection died: another process may hold the watch now, so this one stops and stands by. */
  const lost = (error: Error) => {
    emit({ kind: 'error', path: dir, reason: `watch lock lost: ${error.message}` });
    const stopping = watcher;
    watcher = null;
    clearTimeout(timer);
    void (async () => {
      await stopping?.close();
      await running.catch(() => undefined);
      changed.clear();
      removed.clear();
      if (closed) return;
      emit({ kind: 'standby' });
      standby = setTimeout(() => void attempt(), options.standbyMs ?? 5_000);
    })();
  };

  const attempt = async (): Promise<void> => {
    if (closed) return;
    const held = await lock.tryAcquire(lost).catch((error: unknown) => {
      emit({ kind: 'error', path: dir, reason: `watch lock: ${String(error)}` });
      return false;
    });
    if (held) {
      if (closed) await lock.release();
      else start();
      return;
    }
    if (!standby) emit({ kind: 'standby' });
    standby = setTimeout(() => void attempt(), options.standbyMs ?? 5_000);
  };
  void attempt();

  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(standby);
      await watcher?.close();
      await running.catch(() => undefined);
      await lock.release();
    },
  };
}

/** One line per event, for logs. */
export function describeWatchEvent(e: WatchEvent): string {
  switch (e.kind) {
    case 'standby':
      return 'watch: another process holds the watch; standing by';
    case 'watching':
      return `watch: watching ${e.dir}`;
    case 'ready':
      return 'watch: initial scan done';
    case 'retry':
      return `watch: ${e.path} failed (try ${e.tries}), trying again: ${e.reason}`;
    case 'removed':
      return `watch: ${e.removal.path} deleted; ${e.removal.unlisted.length} article(s) unlisted`;
    case 'error':
      return `watch: ${e.path}: ${e.reason}`;
    case 'file':
      return e.event.status === 'failed'
        ? `watch: FAILED ${e.event.path} after ${e.tries} tries: ${e.event.reason}`
        : `watch: ${e.event.status} ${e.event.path}`;
  }
}
