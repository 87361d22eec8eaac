// Throwaway databases for tooling and tests: every caller gets its own, so parallel runs never share state
// and nothing depends on leftovers from an earlier run.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Server used when neither the caller nor TEST_DATABASE_URL names one. */
export const DEFAULT_PG_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a uniquely named database on the server of `serverUrl` (any database on it; that one is only used to
 * issue CREATE/DROP DATABASE). `drop` force-disconnects leftovers, so a leaked pool cannot keep it alive.
 */
export async function createScratchPgDatabase(serverUrl: string, prefix = 'scratch'): Promise<ScratchDatabase> {
  const name = uniqueName(prefix);
  await withPgClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withPgClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** A fresh SQLite file in its own temporary directory (`file:` URL); `drop` removes the directory. */
export function createScratchSqliteDatabase(prefix = 'scratch'): ScratchDatabase {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return {
    url: `file:${join(dir, 'db.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
