// The lists a page statement reads with its articles (src/db/article-lists.ts: JSON on SQLite, text arrays on
// PostgreSQL) are the rows the loaders' own statements read, with the same types: ids and sizes as numbers,
// missing sizes as null, isCached as a boolean or null, in the same order and within the same limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findArticlePage } from '../../src/db/article-list-store.js';
import { imagesOfArticles, topicsOfArticles } from '../../src/db/relation-store.js';
import { createTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
  // On the newest article (first on the page), images of every shape: sizes missing, isCached true, false and unknown, more than the smaller limit.
  const [article] = await server.db.prisma.article.findMany({
    where: { isStub: false, publishedAt: { not: null } },
    take: 1,
    orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
  });
  await server.db.prisma.image.createMany({
    data: [
      { articleId: article!.id, url: 'https://img.example/a, "quoted" {braced} \\back.jpg', position: 90, isCached: true },
      { articleId: article!.id, url: 'https://img.example/b.jpg', position: 91, width: 640, height: 480, isCached: false },
      { articleId: article!.id, url: 'https://img.example/c.jpg', position: 92, width: 10 },
    ],
  });
});
afterAll(() => server?.drop());

describe('lists read with a page of articles', () => {
  for (const limit of [2, 50]) {
    it(`equal the loaders' statements at a limit of ${limit}`, async () => {
      const { rows } = await findArticlePage(
        server.db,
        { includeStubs: true },
        'PUBLISHED_AT_DESC',
        { limit: 100, inverted: false },
        { lists: { topics: limit, images: limit } },
      );
      const ids = rows.map(({ article }) => article.id);
      const topics = await topicsOfArticles(server.db, ids, limit);
      const images = await imagesOfArticles(server.db, ids, limit);
      let topicCount = 0;
      let imageCount = 0;
      for (const { article, lists } of rows) {
        const own = (list: { articleId: number | null }[]) => list.filter((item) => item.articleId === article.id);
        expect(lists.topics?.items).toEqual(own(topics).map(({ articleId: _, ...topic }) => topic));
        expect(lists.images?.items).toEqual(own(images).map((image) => ({ ...image, providerId: null })));
        topicCount += lists.topics?.items.length ?? 0;
        imageCount += lists.images?.items.length ?? 0;
      }
      expect(topicCount).toBeGreaterThan(0);
      expect(imageCount).toBeGreaterThan(limit);
      const all = rows.flatMap(({ lists }) => lists.images?.items ?? []);
      if (limit === 50) {
        expect(all.map((image) => image.isCached)).toEqual(expect.arrayContaining([true, false, null]));
        expect(all.some((image) => image.width === 10 && image.height === null)).toBe(true);
        expect(all.some((image) => image.url.includes('"quoted" {braced} \\back'))).toBe(true);
      }
    });
  }
});
