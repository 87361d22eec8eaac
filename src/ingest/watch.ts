// `npm run seed -- --watch <dir>` and SEED_WATCH_DIR: keeps a folder loaded as files appear, change, are
// renamed or deleted (chokidar). A file is read once its size has held still for `stableMs` (chokidar's
// awaitWriteFinish), events are gathered for `debounceMs` and written as one set, a file that keeps failing
// is retried `maxTries` times and then reported once, and a deleted file's articles are unlisted when no
// other file tells them. Only one process per database watches (watch-lock.ts); the others stand by.
import { type FSWatcher, watch } from 'chokidar';
import type { Database } from '../db/client.js';
import { watchLock } from '../db/watch-lock.js';
import { displayPath, type SeedEvent, seedFiles } from './seed.js';
import { ArticleWriter, type FileRemoval } from './write/article-writer.js';

export interface WatchOptions {
  databaseUrl: string;
  debounceMs?: number;
  stableMs?: number;
  maxTries?: number;
  /** How often a process standing by tries the lock again. */
  standbyMs?: number;
  batchSize?: number;
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

export function watchFolder(db: Database, dir: string, options: WatchOptions): FolderWatch {
  const debounceMs = options.debounceMs ?? 300;
  const maxTries = options.maxTries ?? 5;
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

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(flush, () => flush());
    }, debounceMs);
  };
  const fileEvent = (path: string, kind: 'change' | 'unlink') => {
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

  async function flush(): Promise<void> {
    if (closed) return;
    const settled = Date.now() - stableMs - debounceMs;
    const gone = [...removed].filter(([, at]) => at <= settled).map(([path]) => path);
    for (const path of gone) removed.delete(path);
    const paths = [...changed];
    changed.clear();
    const retry: string[] = [];
    const byShownPath = new Map(paths.map((p) => [displayPath(p), p]));
    if (paths.length) {
      await seedFiles(db.prisma, paths, {
        writer,
        batchSize: options.batchSize,
        onFile: (event) => {
          const path = byShownPath.get(event.path) ?? event.path;
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
        if (result instanceof Error) emit({ kind: 'error', path: gone[i]!, reason: result.message });
        else if (result) emit({ kind: 'removed', removal: result });
      });
    }
    if (removed.size && !closed && !retry.length) {
      clearTimeout(timer);
      timer = setTimeout(() => {
        running = running.then(flush, () => flush());
      }, stableMs + debounceMs);
    }
    if (retry.length && !closed) {
      for (const path of retry) changed.add(path);
      clearTimeout(timer);
      // Backs off with the number of tries, so a file still being produced has time to settle.
      const backoff = debounceMs * Math.min(2 ** (Math.max(...retry.map((p) => tries.get(p) ?? 1)) - 1), 16);
      timer = setTimeout(() => {
        running = running.then(flush, () => flush());
      }, backoff);
    }
  }

  const start = () => {
    watcher = watch(dir, {
      ignored: (path) => /(^|[/\\])\.[^/\\]/.test(path.slice(dir.length)), // dot-files, as seeding ignores them
      awaitWriteFinish: { stabilityThreshold: stableMs, pollInterval: Math.min(100, stableMs) },
      atomic: true,
    });
    watcher.on('add', (p) => fileEvent(p, 'change'));
    watcher.on('change', (p) => fileEvent(p, 'change'));
    watcher.on('unlink', (p) => fileEvent(p, 'unlink'));
    watcher.on('error', (error) => emit({ kind: 'error', path: dir, reason: String(error) }));
    watcher.on('ready', () => emit({ kind: 'ready' }));
    emit({ kind: 'watching', dir });
  };

  const attempt = async (): Promise<void> => {
    if (closed) return;
    const held = await lock.tryAcquire().catch((error: unknown) => {
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
