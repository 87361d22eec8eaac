// The dashboard's HTTP side, as a browser requests it: the page at / and /story/<slug> with its own security policy,
// the built assets, the server's settings written into the page, and a clear answer when nothing was built.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard, type DashboardBuild } from '../helpers/dashboard-build.js';
import { createTestServer, type TestServer } from '../helpers/server.js';

let web: DashboardBuild;
let server: TestServer;
beforeAll(async () => {
  web = await buildDashboard();
  server = await createTestServer({ dashboardDir: web.dir }, { seeded: false });
});
afterAll(async () => {
  await server?.drop();
  web?.remove();
});

describe('the dashboard page', () => {
  it('is served at / and at /story/<slug>, with a Content-Security-Policy and the usual headers', async () => {
    for (const path of ['/', '/story/some-story-slug']) {
      const response = await server.request(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      // Publishers' images over HTTPS only (and the page's own icon).
      expect(csp).toContain("img-src 'self' https: data:");
      expect(csp).not.toContain('unsafe');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(await response.text()).toContain('<meta name="news-persisted-operations" content="off" />');
    }
  });

  it('serves the built assets, named by content and cached for good; other paths stay 404', async () => {
    const html = await (await server.request('/')).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const response = await server.request(script);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(readdirSync(join(web.dir, 'assets'))).toContain(script.slice('/assets/'.length));
    expect((await server.request('/assets/nothing.js')).status).toBe(404);
    expect((await server.request('/story/a/b')).status).toBe(404);
    expect((await server.request('/.bundle-size.json')).status).toBe(404);
  });

  it('keeps first-load JavaScript within its 200 kB gzipped budget, built for production', () => {
    expect(web.size.firstLoadJs.budget).toBe(200_000);
    expect(web.size.firstLoadJs.gzip).toBeGreaterThan(0);
    expect(web.size.firstLoadJs.gzip).toBeLessThanOrEqual(web.size.firstLoadJs.budget);
    // A production bundle (vitest runs with NODE_ENV=test): no urql debugging, no development JSX.
    const code = readdirSync(join(web.dir, 'assets'))
      .filter((name) => name.endsWith('.js'))
      .map((name) => readFileSync(join(web.dir, 'assets', name), 'utf8'))
      .join('\n');
    expect(code).not.toContain('process.env.NODE_ENV');
    expect(code).not.toContain('[Exchange debug]');
    expect(code).not.toContain('lineNumber'); // the development JSX transform's source positions
  });

  it('fails the build when first-load JavaScript is over the budget', async () => {
    const tight = web.size.firstLoadJs.gzip - 1;
    await expect(buildDashboard({ budget: tight })).rejects.toThrow(`over the budget of ${tight}`);
  });

  it('tells the page when only persisted operations run', async () => {
    const persisted = await createTestServer(
      { dashboardDir: web.dir, settings: { PERSISTED_OPERATIONS_FILE: 'persisted-operations.json' } },
      { seeded: false },
    );
    try {
      expect(await (await persisted.request('/')).text()).toContain('<meta name="news-persisted-operations" content="on" />');
    } finally {
      await persisted.drop();
    }
  });

  it('says how to build it when it is not built, and is off with DASHBOARD=off', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'news-web-empty-'));
    const unbuilt = await createTestServer({ dashboardDir: empty }, { seeded: false });
    const off = await createTestServer({ dashboardDir: web.dir, settings: { DASHBOARD: 'off' } }, { seeded: false });
    try {
      const response = await unbuilt.request('/');
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm run build');
      expect((await off.request('/')).status).toBe(404);
    } finally {
      await unbuilt.drop();
      await off.drop();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
