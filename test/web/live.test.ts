// The live feed in Chromium: the banner, a restart of the server (a new server on the same port and database) with
// more stories ingested meanwhile than one page holds, a subscription the server refuses, and no story shown twice.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createNewsYoga } from '../../src/server/yoga.js';
import { browserTestsEnabled, launchChromium, listen } from '../helpers/browser.js';
import { buildDashboard, type DashboardBuild } from '../helpers/dashboard-build.js';
import {
  CARD_TITLES,
  closePage,
  idsOnPage,
  ingest,
  type OpenPage,
  openPage,
  storyDocument,
  titlesOnPage,
} from '../helpers/dashboard-page.js';
import { API_KEY, createTestServer, type TestServer } from '../helpers/server.js';

const enabled = browserTestsEnabled('dashboard live browser tests');
const SETTINGS = { INGEST_API_KEYS: [API_KEY], CSRF_PREVENTION: true };
/** What Chromium reports while nothing listens on the port: the only problems a restart may cause. */
const SERVER_DOWN = /ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_INCOMPLETE_CHUNKED_ENCODING|ERR_CONNECTION_RESET/;

describe.skipIf(!enabled)('live stories in Chromium', () => {
  let web: DashboardBuild;
  let server: TestServer;
  let browser: Browser;
  let open: OpenPage | undefined;
  const cleanup: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    web = await buildDashboard();
    server = await createTestServer({ dashboardDir: web.dir, settings: SETTINGS });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.drop();
    web?.remove();
  });
  afterEach(async (test) => {
    try {
      await closePage(open, test.task.name);
    } finally {
      open = undefined;
      for (const step of cleanup.splice(0).reverse()) await step();
    }
  });

  /** A server instance of its own over the test's database, listening on loopback (`port` to take one over). */
  async function serve(settings: Record<string, unknown> = {}, port = 0) {
    const yoga = createNewsYoga({ db: server.db, dashboardDir: web.dir, settings: { ...SETTINGS, ...settings } });
    const http = await listen(yoga, port);
    let closed = false;
    const stop = async () => {
      if (closed) return;
      closed = true;
      await http.close();
      await yoga.dispose();
    };
    cleanup.push(stop);
    return { ...http, stop };
  }

  it('shows an ingested story in the live banner, then in the feed', async () => {
    const http = await serve();
    open = await openPage(browser, http.origin);
    await open.page.goto(`${http.origin}/`);
    await open.page.locator(CARD_TITLES).first().waitFor();
    const title = 'Live: council approves the new tram line';
    expect(
      await ingest(server, [{ name: 'live', content: storyDocument(title, 'https://news.example/browser/live-story') }]),
    ).toEqual(['LOADED']);
    await open.page.getByRole('button', { name: /1 new story/ }).click();
    await expect.poll(async () => (await titlesOnPage(open!.page))[0]).toBe(title);
  });

  it('reconnects to a restarted server and offers every story ingested while it was down, past one page', async () => {
    const first = await serve();
    open = await openPage(browser, first.origin);
    const { page, problems } = open;
    await page.goto(`${first.origin}/`);
    await page.locator(CARD_TITLES).first().waitFor();
    await first.stop();
    const downSince = problems.list.length;
    await page.getByText('Connection lost: reconnecting…').waitFor();
    // 30 stories, more than a page of the feed (20) or of the catch-up (25), newest first: "Restart 0" is the newest.
    // All are newer than any story on the page (the catch-up reads back to the first one it knows).
    const now = Date.now();
    const titles = Array.from({ length: 30 }, (_, i) => `Restart ${i}: the harbour ferry runs again`);
    const documents = titles.map((title, i) => ({
      name: `restart-${i}`,
      content: storyDocument(title, `https://news.example/browser/restart-${i}`, { publishedAt: new Date(now - i) }),
    }));
    expect(new Set(await ingest(server, documents))).toEqual(new Set(['LOADED']));

    await serve({}, first.port); // a new server instance on the same port and database
    await page.getByRole('button', { name: /30 new stories/ }).click();
    await expect.poll(async () => (await titlesOnPage(page)).slice(0, 30)).toEqual(titles);
    expect(await page.getByText('Connection lost').count()).toBe(0);
    // While no server listened, refused connections (and their console lines) are expected; nothing else may fail.
    for (const problem of problems.list.splice(downSince)) expect(problem, problem).toMatch(SERVER_DOWN);
  });

  it('says why live updates are unavailable when the server refuses the subscription, and stops asking', async () => {
    const http = await serve({ MAX_SUBSCRIPTIONS_PER_CLIENT: 0 });
    open = await openPage(browser, http.origin);
    const { page, problems } = open;
    const subscriptions: string[] = [];
    page.on('request', (request) => {
      if (/"operationName":"ArticleAdded"/.test(request.postData() ?? '')) subscriptions.push(request.url());
    });
    await page.goto(`${http.origin}/`);
    await page.getByText(/Live updates are unavailable: At most 0 open subscriptions per client address/).waitFor();
    await page.locator(CARD_TITLES).first().waitFor();
    expect(await page.getByText('reconnecting').count()).toBe(0);
    // The first retry would come within half a second: none comes in two.
    await expect(
      page.waitForRequest((request) => /"operationName":"(ArticleAdded|Feed)"/.test(request.postData() ?? ''), { timeout: 2000 }),
    ).rejects.toThrow(/Timeout/);
    expect(subscriptions).toHaveLength(1);
    // The refusal itself is the one expected failed request.
    const refusals = problems.list.splice(0);
    for (const problem of refusals) expect(problem, JSON.stringify(refusals)).toMatch(/HTTP 400: .*\/graphql$|status of 400/);
  });

  it('shows each story once: an inserted story is not repeated when its page loads', async () => {
    const http = await serve();
    open = await openPage(browser, http.origin);
    const { page } = open;
    await page.goto(`${http.origin}/?sort=quality`);
    await page.locator(CARD_TITLES).first().waitFor();
    // Quality 60: in the middle of the quality order, on a page not loaded yet.
    const title = 'Live: a story of middling quality';
    const content = storyDocument(title, 'https://news.example/browser/middling', { quality: 60 });
    expect(await ingest(server, [{ name: 'middling', content }])).toEqual(['LOADED']);
    await page.getByRole('button', { name: /1 new story/ }).click();
    await expect.poll(async () => (await titlesOnPage(page))[0]).toBe(title);
    // Every page, to the end of the list.
    for (let pages = 0; pages < 20 && (await page.getByText('End of the list.').count()) === 0; pages++) {
      const more = page.getByRole('button', { name: 'Load more stories' });
      if (await more.count()) await more.click();
      await page.waitForFunction(() => !document.querySelector('.state.loading'));
    }
    const ids = await idsOnPage(page);
    const all = await server.graphql('{ articles(first: 100) { totalCount } }');
    expect(ids).toHaveLength(all.data.articles.totalCount);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await titlesOnPage(page)).filter((t) => t === title)).toHaveLength(1);
  });
});
