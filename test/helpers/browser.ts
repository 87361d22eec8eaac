// Browser tests drive Debian's Chromium through playwright-core (which downloads nothing): found through
// CHROMIUM_PATH or on PATH. Without one the suites skip with one line saying how to enable them; REQUIRE_BROWSER=1
// (CI) makes a missing browser a failure. They run once, on SQLite: the page does not depend on the database.
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createApiServer } from '../../src/server/http-server.js';
import { serverSettings } from '../../src/server/yoga.js';
import { testDialect } from './test-database.js';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/browser', import.meta.url));

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The browser to drive: CHROMIUM_PATH, or the first of CANDIDATES on PATH. */
export function findChromium(): string | null {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of CANDIDATES) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/**
 * Whether this file's browser tests run. Skips print one line; REQUIRE_BROWSER=1 throws instead of skipping for a
 * missing browser (the PostgreSQL run still skips: the suite runs once).
 */
export function browserTestsEnabled(suite: string): boolean {
  if (testDialect !== 'sqlite') return false;
  if (findChromium()) return true;
  const message = `${suite}: skipped, no Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH; REQUIRE_BROWSER=1 fails instead of skipping`;
  if (process.env.REQUIRE_BROWSER === '1') throw new Error(message.replace('skipped, ', ''));
  console.warn(message);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium()!,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** A handler listening on a free loopback port (or `port`); close() ends open streams too. */
export async function listen(
  handler: Parameters<typeof createApiServer>[0],
  port = 0,
): Promise<{ origin: string; port: number; close(): Promise<void> }> {
  const server: Server = createApiServer(handler, serverSettings());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** What went wrong in a page: console errors, uncaught exceptions, failed or refused same-origin requests. */
export interface PageProblems {
  list: string[];
}

/**
 * Watches a page. Requests to other hosts (publishers' images; this machine may have no internet) are answered
 * with an empty 204 so that the page is judged on its own requests.
 */
export async function watchPage(page: Page, origin: string): Promise<PageProblems> {
  const problems: PageProblems = { list: [] };
  await page.route('**/*', (route) => {
    if (route.request().url().startsWith(origin)) return route.continue();
    return route.fulfill({ status: 204, body: '' });
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.list.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.list.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A request the page itself cancelled (a view left before its answer) is no failure.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.list.push(`failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.url().startsWith(origin) && response.status() >= 400)
      problems.list.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
