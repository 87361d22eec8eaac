// Issue 10 through ingestArticles: an amplifying document fails alone with the field and the cap (item 3), a
// mutation past EXECUTION_TIMEOUT_MS never reports a stored document as failed (item 7), and an API document
// can neither replace a file the operator seeded nor carry invisible characters in its name (low).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { MAX_DOCUMENT_VALUES } from '../../src/ingest/parse/caps.js';
import { seed } from '../../src/ingest/seed.js';
import { seededSourcePath } from '../../src/ingest/source-path.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { API_KEY, clientOf, createTestServer, type TestServer } from '../helpers/server.js';

const INGEST = `mutation Ingest($documents: [IngestDocumentInput!]!) { ingestArticles(documents: $documents) { name status error } }`;
const auth = { authorization: `Bearer ${API_KEY}` };
const story = (slug: string, ...fields: string[]) =>
  ['---', `title: "Story ${slug}"`, `webUrl: "https://example.com/${slug}"`, ...fields, '---', ''].join('\n');

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer({ settings: { INGEST_API_KEYS: [API_KEY] } }, { seeded: false });
});
afterAll(() => server?.drop());

async function ingest(documents: { name?: string; content: string }[]) {
  const reply = await server.graphql(INGEST, { documents }, auth);
  expect(reply.errors).toBeUndefined();
  return reply.data.ingestArticles as { name: string | null; status: string; error: string | null }[];
}

describe('amplifying documents fail alone, before anything is written (item 3)', () => {
  it('100,000 aliases of one image, 51 images, next to a good document', async () => {
    const image = 'img: &i {url: "https://example.com/i.jpg", width: 1, height: 1}';
    const aliases = story('aliases', image, `images: [${Array(100_000).fill('*i').join(', ')}]`);
    expect(aliases.length).toBeGreaterThan(300_000);
    const filesBefore = await server.db.prisma.sourceFile.count();
    const results = await ingest([
      { name: 'aliases', content: aliases },
      {
        name: 'fifty-one',
        content: story('fifty-one', `images: [${Array(51).fill('{url: "https://example.com/i.jpg"}').join(', ')}]`),
      },
      { name: 'good', content: story('good') },
    ]);
    expect(results.map((r) => r.status)).toEqual(['FAILED', 'FAILED', 'LOADED']);
    expect(results[0]!.error).toContain(`images: the document holds over ${MAX_DOCUMENT_VALUES} values`);
    expect(results[1]!.error).toBe('images: too many images: 51, the limit is 50');
    expect(await server.db.prisma.sourceFile.count()).toBe(filesBefore + 1);
    expect(await server.db.prisma.image.count()).toBe(0);
  });
});

describe('a mutation past EXECUTION_TIMEOUT_MS (item 7)', () => {
  /** The same database, except that each write transaction waits for `release` before its first statement. */
  function stalledWrites(db: Database) {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transactions: Promise<unknown>[] = [];
    const prisma = new Proxy(db.prisma, {
      get(target, property, receiver) {
        if (property !== '$transaction') return Reflect.get(target, property, receiver);
        return (work: (tx: unknown) => Promise<unknown>, options: unknown) => {
          const run = (target.$transaction as (...a: unknown[]) => Promise<unknown>)(async (tx: unknown) => {
            await gate;
            return work(tx);
          }, options);
          transactions.push(run.catch(() => undefined));
          return run;
        };
      },
    });
    return { db: { ...db, prisma } as Database, release, settled: () => Promise.all(transactions) };
  }

  it('waits for its writes, which stop at the deadline and roll back: every outcome it reports is true', async () => {
    const stalled = stalledWrites(server.db);
    const yoga = createNewsYoga({ db: stalled.db, settings: { INGEST_API_KEYS: [API_KEY], EXECUTION_TIMEOUT_MS: 200 } });
    try {
      const filesBefore = await server.db.prisma.sourceFile.count();
      // The writes may start only well after the deadline has passed.
      const releaser = setTimeout(stalled.release, 1_000);
      const reply = await clientOf(yoga).graphql(
        INGEST,
        {
          documents: [
            { name: 'late-1', content: story('late-1') },
            { name: 'late-2', content: story('late-2') },
          ],
        },
        auth,
      );
      clearTimeout(releaser);
      stalled.release();
      await stalled.settled();

      // Formerly: 503 EXECUTION_TIMEOUT at once, and both documents committed a moment later.
      expect(reply.status).toBe(200);
      expect(reply.errors).toBeUndefined();
      const results = reply.data.ingestArticles as { status: string; error: string }[];
      expect(results.map((r) => r.status)).toEqual(['FAILED', 'FAILED']);
      for (const result of results) expect(result.error).toMatch(/^not stored: the request ran out of time/);
      expect(await server.db.prisma.sourceFile.count()).toBe(filesBefore);
      expect(
        await server.db.prisma.article.count({
          where: { webUrl: { in: ['https://example.com/late-1', 'https://example.com/late-2'] } },
        }),
      ).toBe(0);
    } finally {
      await yoga.dispose();
    }
  });
});

describe('API document names (low)', () => {
  it('cannot replace a file the operator seeded, even one under an api/ folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seeded-api-'));
    const cwd = process.cwd();
    try {
      mkdirSync(join(dir, 'api'));
      writeFileSync(join(dir, 'api', 'story.md'), story('seeded-original'));
      process.chdir(dir);
      const summary = await seed(server.db.prisma, ['api/story.md']);
      expect(summary.files.loaded).toBe(1);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
    const [result] = await ingest([{ name: 'story.md', content: story('from-the-api') }]);
    expect(result!.status).toBe('LOADED'); // formerly UPDATED: it replaced the seeded file's article
    const paths = (await server.db.prisma.sourceFile.findMany({ select: { path: true } })).map((s) => s.path);
    expect(paths).toEqual(expect.arrayContaining(['api/story.md', 'api:story.md']));
    expect(
      await server.db.prisma.article.count({ where: { webUrl: 'https://example.com/seeded-original', isStub: false } }),
    ).toBe(1);
    expect(seededSourcePath('api:story.md')).toBe('./api:story.md');
  });

  it.each([
    ['a right-to-left override', 'invoice\u202Efdp.md', 'U+202E at position 7'],
    ['a bidi isolate', 'a\u2066b', 'U+2066'],
    ['a zero-width space', 'a\u200Bb', 'U+200B'],
    ['a C1 control', 'a\u0085b', 'U+0085'],
    ['a line separator', 'a\u2028b', 'U+2028'],
    ['a bell', 'a\u0007b', 'U+0007'],
    ['a lone surrogate', 'a\uD800b', 'U+D800'],
  ])('refuses a name with %s', async (_, name, where) => {
    const filesBefore = await server.db.prisma.sourceFile.count();
    const [result] = await ingest([{ name, content: story('named') }]);
    expect(result!.status).toBe('FAILED');
    expect(result!.error).toBe(
      `name must not contain control or invisible formatting characters: ${where}${where.includes('position') ? '' : ' at position 1'}`,
    );
    expect(await server.db.prisma.sourceFile.count()).toBe(filesBefore);
  });

  it('keeps accepting ordinary names, accents and non-Latin scripts included', async () => {
    const results = await ingest([
      { name: 'news/2024/Élection — résumé.md', content: story('accents') },
      { name: 'новости/выборы.md', content: story('cyrillic') },
      { name: 'עברית.md', content: story('hebrew') },
    ]);
    expect(results.map((r) => r.status)).toEqual(['LOADED', 'LOADED', 'LOADED']);
  });
});
