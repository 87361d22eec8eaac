// What the dashboard's browser tests share: pages watched for problems, stories to ingest, and the API's answers to
// compare the page with.
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type PageProblems, screenshot, watchPage } from './browser.js';
import { API_KEY, type TestServer } from './server.js';

export const CARD_TITLES = 'article.card h2.title';

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
}

/** A fresh context and page on `origin` (other hosts answered empty), watched for problems. */
export async function openPage(browser: Browser, origin: string, options: BrowserContextOptions = {}): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  return { context, page, problems: await watchPage(page, origin) };
}

/** Screenshot, close, and no problem left unexplained. */
export async function closePage(open: OpenPage | undefined, name: string): Promise<void> {
  if (!open) return;
  await screenshot(open.page, name.replace(/\W+/g, '-'));
  await open.context.close();
  expect(open.problems.list).toEqual([]);
}

export const idsOnPage = (page: Page) =>
  page.locator('article.card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-id')));
export const titlesOnPage = (page: Page) => page.locator(CARD_TITLES).allInnerTexts();

/** A front-matter document (newest first puts one published now on top). */
export function storyDocument(
  title: string,
  url: string,
  { publishedAt = new Date(), quality = 90 }: { publishedAt?: Date; quality?: number } = {},
): string {
  return [
    '---',
    `title: "${title}"`,
    'excerpt: "A story the browser test ingests."',
    `publishedDateTime: ${publishedAt.toISOString()}`,
    `webUrl: "${url}"`,
    'type: article',
    `quality: ${quality}`,
    'provider:',
    '  name: Browser Test News',
    '  domain: browser-test.example',
    'topics:',
    '  - Transport',
    '---',
    'The body of the story.',
    '',
  ].join('\n');
}

/** Ingests documents through the API (as a writer with a key); their statuses. */
export async function ingest(server: TestServer, documents: { name: string; content: string }[]): Promise<string[]> {
  const reply = await server.graphql(
    'mutation($documents: [IngestDocumentInput!]!) { ingestArticles(documents: $documents) { status error } }',
    { documents },
    { authorization: `Bearer ${API_KEY}` },
  );
  expect(reply.errors).toBeUndefined();
  return reply.data.ingestArticles.map((r: { status: string; error: string | null }) => r.error ?? r.status);
}

/** The first page of the feed as the API answers it. */
export async function apiFeed(
  server: TestServer,
  filter: Record<string, unknown> = {},
  orderBy = 'PUBLISHED_AT_DESC',
  first = 20,
): Promise<{ totalCount: number; edges: { node: any }[] }> {
  const reply = await server.graphql(
    'query($first: Int!, $filter: ArticleFilter, $orderBy: ArticleOrder) { articles(first: $first, filter: $filter, orderBy: $orderBy) { totalCount edges { node { id title slug publishedAt webUrl provider { name domain } related { totalCount } images { url } } } } }',
    { filter, orderBy, first },
  );
  expect(reply.errors).toBeUndefined();
  return reply.data.articles;
}
