// Issue 10, low, at start-up: a blank or "," INGEST_API_KEYS silently ran the server without writes; `npm
// start` over an empty database exited when SEED_DIR was missing; and (item 9) with NODE_ENV and HOST unset it
// listened on 0.0.0.0. Now the keys are refused at start, a missing seed directory is a warning over an
// empty database that is still served, the default address is loopback, and metrics have their own port.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createScratchPgDatabase, DEFAULT_PG_SERVER_URL } from '../../scripts/scratch-db.js';
import { testDialect } from '../helpers/test-database.js';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'news-startup-'));
const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function databaseUrl(name: string): Promise<string> {
  if (testDialect === 'sqlite') return `file:${join(dir, `${name}.db`)}`;
  const scratch = await createScratchPgDatabase(process.env.TEST_DATABASE_URL ?? DEFAULT_PG_SERVER_URL, 'news_startup');
  cleanups.push(() => scratch.drop());
  return scratch.url;
}

/** `npm start` with exactly these variables (no NODE_ENV or HOST from the test runner). */
function start(env: Record<string, string>) {
  const { NODE_ENV: _nodeEnv, HOST: _host, INGEST_API_KEYS: _keys, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve.ts'], {
    cwd: root,
    env: { ...inherited, PORT: '0', METRICS_PORT: '0', LOG_SQL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => void child.kill('SIGTERM'));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (!/ready at http/.test(output)) return;
      clearInterval(timer);
      resolve();
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
  ready.catch(() => {}); // awaited only by tests that expect the server to start
  return { output: () => output, exited, ready };
}

describe('npm start', () => {
  it('refuses a blank or "," INGEST_API_KEYS, naming it', async () => {
    for (const keys of ['', ',', ' , ']) {
      // Refused while reading the settings: the database is never opened.
      const server = start({ DATABASE_URL: `file:${join(dir, 'never-opened.db')}`, INGEST_API_KEYS: keys });
      expect(await server.exited).toBe(1);
      expect(server.output()).toMatch(/INGEST_API_KEYS: is set but holds no key: unset it to run without writes/);
    }
  });

  it('serves an empty database with a warning when SEED_DIR is missing, on loopback, metrics on their own port', async () => {
    const server = start({ DATABASE_URL: await databaseUrl('empty'), SEED_DIR: join(dir, 'no-such-dir') });
    await server.ready;
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => l.level === 40 && /no-such-dir/.test(l.msg))?.msg).toMatch(
      /empty database and no .* to seed it from: serving it empty/,
    );
    const ready = lines.find((l) => /ready at/.test(l.msg));
    expect(ready.host).toBe('127.0.0.1');
    const endpoint = ready.url.replace('localhost', '127.0.0.1');
    const reply = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ articles(first: 1) { totalCount } }' }),
    });
    expect(((await reply.json()) as any).data.articles.totalCount).toBe(0);
    const metricsUrl = /metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(server.output())![1]!;
    expect(await (await fetch(metricsUrl)).text()).toContain('process_resident_memory_bytes');
    expect((await fetch(endpoint.replace('/graphql', '/metrics'))).status).toBe(404);
  });
});
