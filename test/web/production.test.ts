// The dashboard under production's protections (CSRF prevention, only persisted operations, masked errors), and
// GraphiQL in development, both in Chromium. GraphiQL runs with every request to another host blocked.
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDashboardSources } from '../../src/server/dashboard-sources.js';
import { browserTestsEnabled, launchChromium, listen, screenshot, watchPage } from '../helpers/browser.js';
import { buildDashboard, type DashboardBuild } from '../helpers/dashboard-build.js';
import { createTestServer } from '../helpers/server.js';

const enabled = browserTestsEnabled('dashboard production and GraphiQL browser tests');

describe.skipIf(!enabled)('in Chromium', () => {
  let web: DashboardBuild;
  let browser: Browser;
  beforeAll(async () => {
    web = await buildDashboard();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    web?.remove();
  });

  /** A seeded server listening on loopback, a fresh page, and what went wrong in it. */
  async function open(options: Parameters<typeof createTestServer>[0]) {
    const server = await createTestServer({ dashboardDir: web.dir, ...options });
    const http = await listen(server.yoga);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } }); // a phone
    const page = await context.newPage();
    const problems = await watchPage(page, http.origin);
    const close = async () => {
      await context.close();
      await http.close();
      await server.drop();
    };
    return { server, http, page, problems, close };
  }

  it('works in production (CSRF prevention, persisted operations only) on a phone, and says when the server is gone', async () => {
    const { server, http, page, problems, close } = await open({
      production: true,
      settings: { PERSISTED_OPERATIONS_FILE: 'persisted-operations.json' },
    });
    try {
      const bodies: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/graphql')) bodies.push(request.postData() ?? '');
      });
      const newest = await server.graphql('{ articles(first: 1) { edges { node { title related { totalCount } } } } }');
      expect(newest.status).toBe(400); // text queries do not run here
      await page.goto(`${http.origin}/`);
      const first = page.locator('article.card h2.title').first();
      await first.waitFor();
      // GraphiQL is off in production: no link to a bare 406.
      expect(await page.getByRole('link', { name: 'GraphQL API' }).count()).toBe(0);
      await page
        .locator('article.card')
        .first()
        .getByRole('button', { name: /Show stories related to/ })
        .click();
      await page.locator('.relations').first().waitFor();
      await first.getByRole('link').click();
      await page.locator('h1').waitFor();
      await screenshot(page, 'production-phone-story');
      expect(bodies.length).toBeGreaterThanOrEqual(3);
      for (const body of bodies) {
        expect(JSON.parse(body).query).toBeUndefined();
        expect(JSON.parse(body).extensions.persistedQuery.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
      }
      expect(problems.list).toEqual([]);

      // The server goes away: the feed stays (from urql's cache), and a story not seen yet says the server is gone.
      await http.close();
      await page.getByRole('link', { name: '← All stories' }).click();
      await page.locator('article.card h2.title a').nth(1).click();
      await page.getByText('The news server cannot be reached').first().waitFor();
      await screenshot(page, 'production-server-unreachable');
      for (const problem of problems.list) expect(problem, problem).toMatch(/net::ERR_CONNECTION_REFUSED/);
    } finally {
      await close();
    }
  });

  it('serves the page from web/ through Vite in development (DASHBOARD=sources), never a stale build', async () => {
    const server = await createTestServer({ settings: { DASHBOARD: 'sources' } });
    const sources = await serveDashboardSources(server.yoga, { persistedOperations: false });
    const http = await listen(sources.handler);
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = await watchPage(page, http.origin);
    try {
      const response = await page.goto(`${http.origin}/`);
      expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
      expect(await response?.text()).toContain('/src/main.tsx'); // the source module, not a built asset
      await page.locator('article.card h2.title').first().waitFor();
      await screenshot(page, 'development-sources');
      expect(problems.list).toEqual([]);

      // Vite's /@fs/ serves the page's sources and packages, never the rest of the project.
      const root = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
      const fs = (path: string) => fetch(`${http.origin}/@fs${root}/${path}`);
      expect((await fs('web/src/route.ts')).status).toBe(200);
      for (const path of ['src/config.ts?raw', 'package.json', 'prisma/sqlite/schema.prisma', 'README.md'])
        expect((await fs(path)).status, path).toBe(403);
    } finally {
      await context.close();
      await http.close();
      await sources.close();
      await server.drop();
    }
  });

  it('runs the dashboard query in GraphiQL (development) with every request to another host blocked', async () => {
    const { http, page, problems, close } = await open({});
    const blocked: string[] = [];
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(http.origin) || /^(data|blob):/.test(route.request().url())) return route.continue();
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    try {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${http.origin}/graphql`);
      await page.locator('.graphiql-execute-button').click();
      await expect.poll(() => page.locator('.result-window').textContent(), { timeout: 20_000 }).toContain('"totalCount"');
      const result = await page.locator('.result-window').textContent();
      expect(result).toContain('"articles"');
      expect(result).not.toContain('"errors"');
      await screenshot(page, 'graphiql-dashboard-query');
      expect(blocked).toEqual([]);
      expect(problems.list.filter((p) => !p.includes('blockedbyclient'))).toEqual([]);
    } finally {
      await close();
    }
  });
});
