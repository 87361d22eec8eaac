// `npm start` as a new user runs it: an empty database is migrated and seeded from seeds/, then served.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchPgDatabase, DEFAULT_PG_SERVER_URL } from '../../scripts/scratch-db.js';
import { clientOf } from '../helpers/server.js';
import { testDialect } from '../helpers/test-database.js';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'news-start-'));
const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function databaseUrl(): Promise<string> {
  if (testDialect === 'sqlite') return `file:${join(dir, 'data', 'news.db')}`;
  const scratch = await createScratchPgDatabase(process.env.TEST_DATABASE_URL ?? DEFAULT_PG_SERVER_URL, 'news_start');
  cleanups.push(() => scratch.drop());
  return scratch.url;
}

/** Starts the server like `npm start` does and resolves with its URL once it says it is ready. */
async function start(url: string): Promise<{ endpoint: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: '0',
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      LOG_SQL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => {
    child.kill('SIGTERM');
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready at (http:\/\/[^\s"]+)/.exec(output); // a JSON log line: stop at its quote
      if (match) resolve({ endpoint: match[1]!, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

describe('npm start', () => {
  it('migrates, seeds the empty database from seeds/, and serves GraphQL', async () => {
    const { endpoint, output } = await start(await databaseUrl());
    expect(output()).toMatch(/seeding seeds/);
    const { origin, pathname } = new URL(endpoint);
    expect(pathname).toBe('/graphql');
    const client = clientOf(origin);
    const body = await client.graphql('{ articles(first: 10) { totalCount edges { node { title provider { name } } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.articles.totalCount).toBe(2);
    expect(body.data.articles.edges.map((e: any) => e.node.provider.name).sort()).toEqual([
      'Business Insider',
      'The Independent',
    ]);
    const graphiql = await client.request('/graphql', { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toContain('Dashboard');
  });
});
