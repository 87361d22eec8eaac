// The dashboard as its readers see it: Chromium on a seeded server (CSRF prevention on, writes with a key), every
// view checked against what the API answers. Each test saves a screenshot under test-results/browser/ and fails
// on any console error or failed request.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { browserTestsEnabled, launchChromium, listen } from '../helpers/browser.js';
import { buildDashboard, type DashboardBuild } from '../helpers/dashboard-build.js';
import {
  CARD_TITLES,
  closePage,
  idsOnPage as idsOn,
  type OpenPage,
  openPage,
  storyDocument,
  titlesOnPage as titlesOn,
} from '../helpers/dashboard-page.js';
import { API_KEY, createTestServer, type TestServer } from '../helpers/server.js';

const enabled = browserTestsEnabled('dashboard browser tests');

describe.skipIf(!enabled)('the dashboard in Chromium', () => {
  let web: DashboardBuild;
  let server: TestServer;
  let http: Awaited<ReturnType<typeof listen>>;
  let browser: Browser;
  let open: OpenPage | undefined;
  let page: Page;

  beforeAll(async () => {
    web = await buildDashboard();
    server = await createTestServer({
      dashboardDir: web.dir,
      settings: { INGEST_API_KEYS: [API_KEY], CSRF_PREVENTION: true },
    });
    http = await listen(server.yoga);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await http?.close();
    await server?.drop();
    web?.remove();
  });
  beforeEach(async () => {
    open = await openPage(browser, http.origin);
    page = open.page;
  });
  afterEach(async (test) => {
    try {
      await closePage(open, test.task.name);
    } finally {
      open = undefined;
    }
  });

  const titlesOnPage = () => titlesOn(page);
  const idsOnPage = () => idsOn(page);
  /** The first page of the feed as the API answers it. */
  const feed = async (filter: Record<string, unknown> = {}, orderBy = 'PUBLISHED_AT_DESC') => {
    const reply = await server.graphql(
      'query($filter: ArticleFilter, $orderBy: ArticleOrder) { articles(first: 20, filter: $filter, orderBy: $orderBy) { totalCount edges { node { id title slug provider { name domain } related { totalCount } } } } }',
      { filter, orderBy },
    );
    expect(reply.errors).toBeUndefined();
    return reply.data.articles as { totalCount: number; edges: { node: any }[] };
  };
  const waitForFeed = async (expectedFirstTitle: string) => {
    await page.locator(CARD_TITLES).first().waitFor();
    await expect.poll(async () => (await titlesOnPage())[0]).toBe(expectedFirstTitle);
  };

  it('shows the newest stories, with provider, time and topics, and the next page on scrolling', async () => {
    const api = await feed();
    await page.goto(`${http.origin}/`);
    await waitForFeed(api.edges[0]!.node.title);
    expect(await titlesOnPage()).toEqual(api.edges.map((e) => e.node.title));
    const first = page.locator('article.card').first();
    expect(await first.locator('.provider-name').textContent()).toBe(api.edges[0]!.node.provider.name);
    expect(await first.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await page.locator('.count').textContent()).toBe(`${api.totalCount} stories`);
    // The trending chart is there, one link per topic.
    await page.locator('.chart a').first().waitFor();

    // Scrolling to the end loads the next page by its cursor: every story once, in the API's order.
    const all = await server.graphql('{ articles(first: 100) { edges { node { id } } } }');
    const everyId = all.data.articles.edges.map((e: any) => e.node.id);
    expect(everyId.length).toBeGreaterThan(api.edges.length); // more than one page, or this proves nothing
    await page.locator('.more').scrollIntoViewIfNeeded();
    await expect.poll(idsOnPage).toEqual(everyId.slice(0, 40));

    // Another order starts again from its first page (no cursor of the other order is sent: no 400 in the problems).
    const byQuality = await feed({}, 'QUALITY_DESC');
    await page.getByLabel('Sort').selectOption('quality');
    await page.waitForURL(`${http.origin}/?sort=quality`);
    await expect.poll(idsOnPage).toEqual(byQuality.edges.map((e) => e.node.id));
  });

  it('filters by topic and by provider, in the URL', async () => {
    const trending = await server.graphql('{ trendingTopics(limit: 1) { topic { slug } } }');
    const topic = trending.data.trendingTopics[0].topic.slug as string;
    const byTopic = await feed({ topic });
    await page.goto(`${http.origin}/`);
    await page.getByLabel('Topic', { exact: true }).fill(topic);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(`${http.origin}/?topic=${topic}`);
    await waitForFeed(byTopic.edges[0]!.node.title);
    expect(await idsOnPage()).toEqual(byTopic.edges.map((e) => e.node.id));

    const provider = byTopic.edges[0]!.node.provider.domain as string;
    const both = await feed({ topic, providerDomain: provider });
    await page.getByLabel('Provider').selectOption(provider);
    await page.waitForURL((url) => url.searchParams.get('provider') === provider && url.searchParams.get('topic') === topic);
    await expect.poll(idsOnPage).toEqual(both.edges.map((e) => e.node.id));
    const providers = await page.locator('article.card .provider-name').allInnerTexts();
    expect(new Set(providers)).toEqual(new Set([byTopic.edges[0]!.node.provider.name]));
  });

  it('searches, best match first', async () => {
    const newest = (await feed()).edges[0]!.node.title as string;
    const word = newest.split(/[^\p{L}]+/u).sort((a, b) => b.length - a.length)[0]!;
    const api = await feed({ search: word }, 'RELEVANCE');
    expect(api.totalCount).toBeGreaterThan(0);
    await page.goto(`${http.origin}/`);
    await page.getByLabel('Search').fill(word);
    await page.getByLabel('Search').press('Enter');
    await page.waitForURL(`${http.origin}/?q=${encodeURIComponent(word)}`);
    await waitForFeed(api.edges[0]!.node.title);
    expect(await titlesOnPage()).toEqual(api.edges.map((e) => e.node.title));
  });

  it('expands related stories three levels deep, each level as the API lists it, without fetching the feed again', async () => {
    const api = await feed();
    const story = api.edges.find((e) => e.node.related.totalCount > 0)!.node;
    const relations = async (id: string) => {
      const reply = await server.graphql(
        'query($id: ID!) { node(id: $id) { ... on Article { related(first: 10) { edges { node { id title } } } relatedTo(first: 10) { edges { node { id title } } } } } }',
        { id },
      );
      const node = reply.data.node;
      return { related: node.related.edges.map((e: any) => e.node), relatedTo: node.relatedTo.edges.map((e: any) => e.node) };
    };
    const operations: string[] = [];
    page.on('request', (request) => {
      const name = /"operationName":"(\w+)"/.exec(request.postData() ?? '')?.[1];
      if (name) operations.push(name);
    });
    await page.goto(`${http.origin}/`);
    await page.locator(CARD_TITLES).first().waitFor();
    const feedRequests = operations.filter((o) => o === 'Feed').length;

    let scope = page.locator(`article.card[data-id="${story.id}"]`);
    let id = story.id as string;
    await scope.getByRole('button', { name: `Show stories related to ${story.title}` }).click();
    for (let level = 1; level <= 3; level++) {
      const expected = await relations(id);
      const list = scope.locator(`.relations[data-level="${level}"]`).first();
      await list.waitFor();
      const section = (label: string) =>
        list.locator(`> section[aria-label="${label} (level ${level})"] > ul > li > .related-line > a`);
      expect(await section('Related stories').allInnerTexts()).toEqual(expected.related.map((s: any) => s.title));
      expect(await section('Listed as related by').allInnerTexts()).toEqual(expected.relatedTo.map((s: any) => s.title));
      const next = [...expected.related, ...expected.relatedTo][0];
      const item = list.locator('> section > ul > li').first();
      if (level === 3) {
        expect(await item.getByRole('button').count()).toBe(0); // no fourth level
        break;
      }
      await item.getByRole('button', { name: `Show stories related to ${next.title}` }).click();
      scope = item;
      id = next.id;
    }
    expect(operations.filter((o) => o === 'Relations')).toHaveLength(3);
    expect(operations.filter((o) => o === 'Feed')).toHaveLength(feedRequests);
  });

  it('opens a story page by slug, and by a slug the story had before', async () => {
    const story = (await feed()).edges[0]!.node;
    await page.goto(`${http.origin}/story/${story.slug}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe(story.title);
    await page.getByRole('heading', { name: 'Related stories', exact: true }).waitFor();

    // A story whose title changes gets a new slug; the old one stays an alias the page follows.
    const ingest = (title: string) =>
      server.graphql(
        'mutation($documents: [IngestDocumentInput!]!) { ingestArticles(documents: $documents) { status error } }',
        { documents: [{ name: 'browser-alias', content: storyDocument(title, 'https://news.example/browser/alias-story') }] },
        { authorization: `Bearer ${API_KEY}` },
      );
    expect((await ingest('Harbour bridge reopens after repairs')).data.ingestArticles[0].error).toBeNull();
    const before = await server.graphql('{ article(url: "https://news.example/browser/alias-story") { slug } }');
    expect((await ingest('Harbour bridge reopens to traffic after two years of repairs')).data.ingestArticles[0].status).toBe(
      'UPDATED',
    );
    const after = await server.graphql('{ article(url: "https://news.example/browser/alias-story") { slug } }');
    expect(after.data.article.slug).not.toBe(before.data.article.slug);
    await page.goto(`${http.origin}/story/${before.data.article.slug}`);
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Harbour bridge reopens to traffic after two years of repairs');
    await page.waitForURL(`${http.origin}/story/${after.data.article.slug}`);
  });

  it('reloads a filtered URL (date range, minimum quality, sort) into the same view', async () => {
    // The 60 days up to the newest story's day, both days included (the API's `to` is exclusive: the next midnight).
    const newest = await server.graphql('{ articles(first: 1) { edges { node { publishedAt } } } }');
    const last = new Date(newest.data.articles.edges[0].node.publishedAt);
    const day = (date: Date) => date.toISOString().slice(0, 10);
    const to = day(last);
    const from = day(new Date(last.getTime() - 60 * 86_400_000));
    const api = await feed(
      { minQuality: 50, from: `${from}T00:00:00.000Z`, to: new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString() },
      'QUALITY_DESC',
    );
    expect(api.edges.length).toBeGreaterThan(0);
    await page.goto(`${http.origin}/?from=${from}&to=${to}&minQuality=50&sort=quality`);
    await waitForFeed(api.edges[0]!.node.title);
    const ids = await idsOnPage();
    expect(ids).toEqual(api.edges.map((e) => e.node.id));
    await page.reload();
    await waitForFeed(api.edges[0]!.node.title);
    expect(await idsOnPage()).toEqual(ids);
    expect(await page.getByLabel('Min. quality').inputValue()).toBe('50');
    expect(await page.getByLabel('From').inputValue()).toBe(from);
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe(to);
    expect(await page.getByLabel('Sort').inputValue()).toBe('quality');
  });

  it('works from the keyboard', async () => {
    await page.goto(`${http.origin}/`);
    await page.locator(CARD_TITLES).first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to stories');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // Tab order from the stories: the first story's title link, its topics, then its related-stories button.
    const button = page.locator('article.card').first().locator('.card-body > button');
    expect(await button.getAttribute('aria-label')).toMatch(/^Show stories related to /);
    // (Past the trending chart's window and topic links, which come before the stories.)
    for (let i = 0; i < 30 && !(await button.evaluate((b) => b === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    const region = page.locator(`[id="${await button.getAttribute('aria-controls')}"]`);
    await expect.poll(() => region.textContent()).toMatch(/Related stories|Listed as related by|No related stories/);
  });

  it('says so when nothing matches', async () => {
    await page.goto(`${http.origin}/?q=zzzzqqqxxyy`);
    await page.getByText('No stories match these filters.').waitFor();
    await page.getByRole('button', { name: 'Show all stories' }).click();
    await page.waitForURL(`${http.origin}/`);
    await page.locator(CARD_TITLES).first().waitFor();
  });
});
