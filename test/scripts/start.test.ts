// `npm start` as a new user runs it (scripts/start.mjs): dist/ is built when it is missing or was built from other
// sources, then the compiled server (dist/cli/serve.js) migrates an empty database, seeds it from seeds/ and serves.
// Runs in a copy of the project so that the dist/ it builds is its own. The build does not depend on the database:
// checked on SQLite only (test/cli/serve.test.ts covers serving on both).
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../helpers/test-database.js';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'news-start-'));
const project = join(dir, 'project');
const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/**
 * What `npm start` reads (sources, generated clients, migrations, seeds, the dashboard's sources and the schema its
 * documents are typed from), with the installed node_modules.
 */
function copyProject(): void {
  for (const entry of [
    'src',
    'prisma',
    'seeds',
    'scripts',
    'package.json',
    'package-lock.json',
    'tsconfig.json',
    'tsconfig.build.json',
    'web',
    'schema.graphql',
    'codegen.ts',
  ]) {
    cpSync(join(root, entry), join(project, entry), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'));
}

interface Started {
  endpoint: string;
  /** stdout: the server's JSON log lines. */
  stdout: () => string;
  /** stderr: what the start script says (building dist/...). */
  stderr: () => string;
  stop: () => Promise<number | null>;
}

/** Runs `npm start`'s script in the copy and resolves once the server says it is ready. */
function start(url: string): Promise<Started> {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: project,
    env: { ...process.env, DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', LOG_SQL: '', METRICS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(() => void child.kill('SIGTERM'));
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = /ready at (http:\/\/[^\s"]+)/.exec(stdout); // a JSON log line: stop at its quote
      if (match) {
        resolve({
          endpoint: match[1]!,
          stdout: () => stdout,
          stderr: () => stderr,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      check();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    void exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${stderr}\n${stdout}`)));
  });
}

async function articleCount(endpoint: string): Promise<{ totalCount: number; providers: string[] }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ articles(first: 10) { totalCount edges { node { provider { name } } } } }' }),
  });
  const body = (await response.json()) as {
    errors?: unknown;
    data: { articles: { totalCount: number; edges: { node: { provider: { name: string } } }[] } };
  };
  expect(body.errors).toBeUndefined();
  return {
    totalCount: body.data.articles.totalCount,
    providers: body.data.articles.edges.map((e) => e.node.provider.name).sort(),
  };
}

const url = `file:${join(dir, 'data', 'news.db')}`;
beforeAll(() => {
  if (testDialect === 'sqlite') copyProject();
});

describe.runIf(testDialect === 'sqlite')('npm start', () => {
  it('builds dist/ on a fresh checkout, migrates, seeds the empty database from seeds/, and serves GraphQL', async () => {
    const server = await start(url);
    expect(server.stderr()).toContain('building dist/: no build yet');
    expect(server.stdout()).toMatch(/seeding seeds/);
    expect(await articleCount(server.endpoint)).toEqual({ totalCount: 2, providers: ['Business Insider', 'The Independent'] });
    const graphiql = await fetch(server.endpoint, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toContain('Dashboard');
    // The dashboard, built with the server: its page at /, its script under /assets/.
    const page = await fetch(new URL('/', server.endpoint));
    expect(page.status).toBe(200);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
    expect(script).toBeDefined();
    expect((await fetch(new URL(script!, server.endpoint))).status).toBe(200);
    expect(await server.stop()).toBe(0);
  });

  it('runs an up-to-date dist/ as it is, and builds again after a source changed', async () => {
    const again = await start(url);
    expect(again.stderr()).not.toContain('building');
    expect(again.stdout()).not.toMatch(/seeding/);
    expect((await articleCount(again.endpoint)).totalCount).toBe(2);
    await again.stop();

    appendFileSync(join(project, 'src', 'config.ts'), '\n// edited\n');
    const edited = await start(url);
    expect(edited.stderr()).toContain('building dist/: src/config.ts changed');
    expect((await articleCount(edited.endpoint)).totalCount).toBe(2);
    await edited.stop();

    // The dashboard's sources count too: a stale page is never served.
    appendFileSync(join(project, 'web', 'src', 'style.css'), '\n/* edited */\n');
    const restyled = await start(url);
    expect(restyled.stderr()).toContain('building dist/: web/src/style.css changed');
    await restyled.stop();
  }, 120_000); // three builds on a shared machine

  it("builds again when only the page's build (dist/web) was deleted", async () => {
    // The 503 of a server without it says `npm start` builds it.
    rmSync(join(project, 'dist', 'web'), { recursive: true, force: true });
    const rebuilt = await start(url);
    expect(rebuilt.stderr()).toContain('building dist/: dist/web/index.html is missing');
    expect((await fetch(new URL('/', rebuilt.endpoint))).status).toBe(200);
    await rebuilt.stop();
  }, 120_000);
});
