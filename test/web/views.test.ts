// Views of the dashboard in Chromium beyond the plain feed: heat order, the trending window, a story's images and
// links to the original, dates in the reader's time zone, addresses the page cannot show, a stale page cursor, and
// where the focus and the title go on in-page navigation.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserTestsEnabled, launchChromium, listen } from '../helpers/browser.js';
import { buildDashboard, type DashboardBuild } from '../helpers/dashboard-build.js';
import {
  apiFeed,
  CARD_TITLES,
  closePage,
  idsOnPage,
  ingest,
  type OpenPage,
  openPage,
  storyDocument,
} from '../helpers/dashboard-page.js';
import { API_KEY, createTestServer, type TestServer } from '../helpers/server.js';

const enabled = browserTestsEnabled('dashboard views browser tests');

describe.skipIf(!enabled)('dashboard views in Chromium', () => {
  let web: DashboardBuild;
  let server: TestServer;
  let http: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let open: OpenPage | undefined;

  beforeAll(async () => {
    web = await buildDashboard();
    server = await createTestServer({ dashboardDir: web.dir, settings: { INGEST_API_KEYS: [API_KEY], CSRF_PREVENTION: true } });
    http = await listen(server.yoga);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await http?.close();
    await server?.drop();
    web?.remove();
  });
  afterEach(async (test) => {
    try {
      await closePage(open, test.task.name);
    } finally {
      open = undefined;
    }
  });
  const start = async (options = {}) => {
    open = await openPage(browser, http.origin, options);
    return open.page;
  };

  it('sorts by heat as the API does', async () => {
    const page = await start();
    const api = await apiFeed(server, {}, 'HEAT_DESC');
    await page.goto(`${http.origin}/`);
    await page.locator(CARD_TITLES).first().waitFor();
    await page.getByLabel('Sort').selectOption('heat');
    await page.waitForURL(`${http.origin}/?sort=heat`);
    await expect.poll(() => idsOnPage(page)).toEqual(api.edges.map((e) => e.node.id));
    expect(api.edges.map((e) => e.node.id)).not.toEqual((await apiFeed(server)).edges.map((e) => e.node.id));
  });

  it('charts trending topics over the chosen window', async () => {
    // One story of today: the past week's chart has it alone, all time has the seeds' topics.
    expect(
      await ingest(server, [{ name: 'trend', content: storyDocument('Trend: a tram story', 'https://news.example/t/1') }]),
    ).toEqual(['LOADED']);
    const page = await start();
    const chart = async (days: number | null) => {
      const from = days === null ? null : new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 - days * 86_400_000);
      const reply = await server.graphql(
        'query($from: DateTime) { trendingTopics(from: $from, limit: 10) { articleCount topic { name } } }',
        { from: from?.toISOString() ?? null },
      );
      return reply.data.trendingTopics.map(
        (t: any) => `${t.topic.name}: ${t.articleCount} ${t.articleCount === 1 ? 'story' : 'stories'}`,
      );
    };
    const labels = () => page.locator('.chart a').evaluateAll((links) => links.map((a) => a.getAttribute('aria-label')));
    await page.goto(`${http.origin}/`);
    const allTime = await chart(null);
    await expect.poll(labels).toEqual(allTime);
    const week = await chart(7);
    expect(week).not.toEqual(allTime);
    await page.getByLabel('Window').selectOption('7');
    await expect.poll(labels).toEqual(week);
  });

  it('shows a story page with its images and links to the original', async () => {
    const reply = await server.graphql(
      '{ articles(first: 50, filter: { hasImage: true }) { edges { node { slug title webUrl originalUrl images { url } } } } }',
    );
    const story = reply.data.articles.edges
      .map((e: any) => e.node)
      .find((s: any) => s.images.some((i: any) => i.url.startsWith('https://')) && (s.originalUrl ?? s.webUrl));
    expect(story).toBeDefined();
    const page = await start();
    await page.goto(`${http.origin}/story/${story.slug}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe(story.title);
    const images = await page.locator('img.story-image').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('src')));
    expect(images).toEqual(story.images.map((i: any) => i.url).filter((u: string) => u.startsWith('https://')));
    const original = page.getByRole('link', { name: /^Read the original/ });
    expect(await original.getAttribute('href')).toBe(story.originalUrl ?? story.webUrl);
    expect(await original.getAttribute('rel')).toContain('noopener');
  });

  it("filters dates by the reader's days, in the reader's time zone", async () => {
    // A story published in the last hours of a UTC day falls on the next day in Tokyo (UTC+9).
    const all = await apiFeed(server, {}, 'PUBLISHED_AT_DESC', 100);
    const late = all.edges.map((e) => e.node).find((s) => s.publishedAt && new Date(s.publishedAt).getUTCHours() >= 15);
    expect(late).toBeDefined();
    const tokyoDay = new Date(Date.parse(late.publishedAt) + 9 * 3_600_000).toISOString().slice(0, 10);
    const from = new Date(Date.parse(`${tokyoDay}T00:00:00+09:00`));
    const api = await apiFeed(server, { from: from.toISOString(), to: new Date(from.getTime() + 86_400_000).toISOString() });
    expect(api.edges.map((e) => e.node.id)).toContain(late.id);
    const page = await start({ timezoneId: 'Asia/Tokyo' });
    await page.goto(`${http.origin}/?from=${tokyoDay}&to=${tokyoDay}`);
    await expect.poll(() => idsOnPage(page)).toEqual(api.edges.map((e) => e.node.id));
  });

  it('says what is wrong with an address it cannot show', async () => {
    const page = await start();
    await page.goto(`${http.origin}/story/%E0%A4%A`);
    await page.getByRole('heading', { name: 'Story not found', level: 1 }).waitFor();
    expect(await page.title()).toBe('Story not found — News dashboard');

    await page.goto(`${http.origin}/?from=2024-13-45&minQuality=1.5&to=2024-02-30`);
    const alert = page.locator('main [role="alert"]').first();
    await expect.poll(() => alert.textContent()).toContain('from “2024-13-45” is not a date');
    expect(await alert.textContent()).toContain('to “2024-02-30” is not a date');
    expect(await alert.textContent()).toContain('minQuality “1.5” is not a whole number');
    // The rest of the view is the plain feed, asked for without the bad parameters.
    const api = await apiFeed(server);
    await expect.poll(() => idsOnPage(page)).toEqual(api.edges.map((e) => e.node.id));
  });

  it('starts again from the top when the server refuses a page position', async () => {
    const page = await start();
    // The second page's cursor is replaced on its way: the server answers as it would for a stale one.
    await page.route(`${http.origin}/graphql`, (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}');
      if (body.operationName === 'Feed' && body.variables?.after) {
        body.variables.after = 'bm90LWEtY3Vyc29y';
        return route.continue({ postData: JSON.stringify(body) });
      }
      return route.continue();
    });
    await page.goto(`${http.origin}/`);
    await page.locator(CARD_TITLES).first().waitFor();
    await page.locator('.more').scrollIntoViewIfNeeded();
    await page.getByText(/This page position is no longer valid/).waitFor();
    await page.unroute(`${http.origin}/graphql`);
    await page.getByRole('button', { name: 'Start again from the top' }).click();
    const api = await apiFeed(server, {}, 'PUBLISHED_AT_DESC', 40);
    const ids = api.edges.map((e) => e.node.id);
    await expect.poll(() => idsOnPage(page)).toEqual(ids.slice(0, 20));
    expect(await page.getByText(/no longer valid/).count()).toBe(0);
    // The next page now loads (on scrolling to it) with the cursor the server gave.
    await page.locator('.more').scrollIntoViewIfNeeded();
    await expect.poll(() => idsOnPage(page)).toEqual(ids);
    open!.problems.list = open!.problems.list.filter((p) => !/HTTP 400: .*\/graphql$|status of 400/.test(p));
  });

  it('moves the focus to the main heading and restores the title on in-page navigation', async () => {
    const page = await start();
    await page.goto(`${http.origin}/`);
    const first = page.locator(`${CARD_TITLES} a`).first();
    const title = await first.textContent();
    await first.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(title);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    expect(await page.title()).toBe(`${title} — News dashboard`);
    await page.getByRole('link', { name: '← All stories' }).click();
    await page.locator(CARD_TITLES).first().waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Stories');
    expect(await page.title()).toBe('News dashboard');
    // One h1, then h2 for each story: no level skipped.
    const levels = await page.locator('h1, h2, h3, h4, h5, h6').evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i]!).toBeLessThanOrEqual(levels[i - 1]! + 1);
    // No link to GraphiQL where it is off... and here (development) it answers.
    expect(await page.getByRole('link', { name: 'GraphQL API' }).count()).toBe(1);
  });
});
