// The lock that lets one process of many watch a folder (SEED_WATCH_DIR): the others stand by. Held by a
// connection of its own, so the database releases it when the holder dies, however it dies.
// PostgreSQL: a session advisory lock. SQLite: an exclusive transaction on a small lock database next to
// the data file (SQLite has no advisory locks; the operating system's file lock dies with the process).
import Database from 'better-sqlite3';
import pg from 'pg';
import { dialectForUrl, sqlitePathForUrl } from './dialect.js';

/** Advisory lock key of the folder watcher (any constant no other code uses). */
const WATCH_LOCK = 7_413_002;

export interface WatchLock {
  /**
   * True when this process now holds the lock (or held it already). `onLost` runs once if the lock's
   * connection dies while held (PostgreSQL: server restart, terminated session); the lock is then free.
   */
  tryAcquire(onLost?: (error: Error) => void): Promise<boolean>;
  release(): Promise<void>;
}

export function watchLock(databaseUrl: string): WatchLock {
  return dialectForUrl(databaseUrl) === 'postgresql' ? pgLock(databaseUrl) : sqliteLock(sqlitePathForUrl(databaseUrl));
}

function pgLock(url: string): WatchLock {
  let client: pg.Client | null = null;
  return {
    async tryAcquire(onLost) {
      if (client) return true;
      const candidate = new pg.Client({ connectionString: url });
      // Without a listener a dropped connection would end the process.
      candidate.on('error', (error) => {
        if (client !== candidate) return;
        client = null;
        void candidate.end().catch(() => undefined);
        onLost?.(error);
      });
      await candidate.connect();
      const { rows } = await candidate.query<{ held: boolean }>(
        `/* watchLock */ SELECT pg_try_advisory_lock(${WATCH_LOCK}) AS held`,
      );
      if (rows[0]?.held) {
        client = candidate;
        return true;
      }
      await candidate.end();
      return false;
    },
    async release() {
      await client?.end(); // the session ends, and its lock with it
      client = null;
    },
  };
}

function sqliteLock(dataFile: string): WatchLock {
  let db: Database.Database | null = null;
  return {
    async tryAcquire() {
      if (db) return true;
      const candidate = new Database(`${dataFile}.watch-lock`, { timeout: 0 });
      try {
        candidate.exec('/* watchLock */ BEGIN EXCLUSIVE');
        db = candidate;
        return true;
      } catch {
        candidate.close();
        return false;
      }
    },
    async release() {
      db?.close(); // closing rolls the transaction back and releases the file lock
      db = null;
    },
  };
}
