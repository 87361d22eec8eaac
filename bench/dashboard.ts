// `npx tsx bench/dashboard.ts [--runs 15] [--screenshot docs/dashboard.png]`: the dashboard's figures for BENCHMARKS.md.
// Builds web/ (first-load JavaScript, raw and gzipped), serves it from a SQLite server seeded with seeds/ and the
// fixture corpus, and measures time to first story in headless Chromium: from navigation start to the first story
// card in the DOM, each cold run in a new browser context (empty cache), each warm run a reload. Measured, not
// asserted. Needs Chromium (CHROMIUM_PATH or on PATH).
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createScratchSqliteDatabase } from '../scripts/scratch-db.js';
import { openDatabase } from '../src/db/client.js';
import { applyMigrationsForUrl } from '../src/db/migrate.js';
import { seed } from '../src/ingest/seed.js';
import { createNewsYoga } from '../src/server/yoga.js';
import { findChromium, launchChromium, listen } from '../test/helpers/browser.js';
import { buildDashboard } from '../test/helpers/dashboard-build.js';

const argv = process.argv.slice(2);
const option = (name: string) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : undefined;
};
const runs = Number(option('runs') ?? 15);
const screenshotPath = option('screenshot');
if (!findChromium()) throw new Error('no Chromium: install it (apt-get install chromium) or set CHROMIUM_PATH');

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const web = await buildDashboard();
const scratch = createScratchSqliteDatabase('news-bench-web');
await applyMigrationsForUrl(scratch.url);
const db = await openDatabase({ DATABASE_URL: scratch.url });
const summary = await seed(db.prisma, [root('seeds'), root('test/fixtures/corpus')]);
const yoga = createNewsYoga({ db, dashboardDir: web.dir, production: true, settings: { METRICS: false } });
const http = await listen(yoga);
const browser = await launchChromium();

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
/** Milliseconds from navigation start to the first story card. */
const firstStory = async (page: import('playwright-core').Page, navigate: () => Promise<unknown>) => {
  await navigate();
  await page.locator('article.card').first().waitFor();
  return page.evaluate(() => performance.now());
};

try {
  const cold: number[] = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    cold.push(await firstStory(page, () => page.goto(`${http.origin}/`)));
    await context.close();
  }
  const context = await browser.newContext({ viewport: { width: 1100, height: 720 } });
  const page = await context.newPage();
  await page.goto(`${http.origin}/`);
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push(await firstStory(page, () => page.reload()));
  if (screenshotPath) {
    // Publishers' images are not reachable from every machine: the screenshot shows the page without them.
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ status: 204, body: '' }));
    await page.reload();
    await page.locator('article.card').first().waitFor();
    await page.locator('.chart a').first().waitFor();
    await page.screenshot({ path: screenshotPath });
  }
  await context.close();

  const { firstLoadJs } = web.size;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  console.log(
    `articles seeded: ${summary.articles}; ${cpus().length} CPUs (${cpus()[0]?.model}); load ${loadavg()
      .map((l) => l.toFixed(1))
      .join('/')}`,
  );
  console.log(`first-load JavaScript: ${firstLoadJs.bytes} bytes, ${firstLoadJs.gzip} gzipped (budget ${firstLoadJs.budget})`);
  console.log(
    `time to first story, cold (new context), ${runs} runs: median ${ms(percentile(cold, 50))}, p90 ${ms(percentile(cold, 90))}`,
  );
  console.log(
    `time to first story, warm (reload), ${runs} runs: median ${ms(percentile(warm, 50))}, p90 ${ms(percentile(warm, 90))}`,
  );
} finally {
  await browser.close();
  await http.close();
  await db.close();
  await scratch.drop();
  web.remove();
}
