// Articles by key: ids (the articleById loader), slug, and URL. Listings are in article-list-store.ts.
import type { Article } from '../generated/sqlite/client.js';
import type { Database } from './client.js';
import { named } from './statements.js';

export function articlesByIds(db: Database, ids: readonly number[]): Promise<Article[]> {
  return named('articlesById', () => db.read.article.findMany({ where: { id: { in: [...ids] } } }));
}

export function articleBySlug(db: Database, slug: string): Promise<Article | null> {
  return named('articleBySlug', () => db.read.article.findUnique({ where: { slug } }));
}

/** The article at a URL: its webUrl (unique), else the first stored whose originalUrl or ampWebUrl it is. */
export async function articleByUrl(db: Database, url: string): Promise<Article | null> {
  const prisma = db.read;
  return (
    (await named('articleByWebUrl', () => prisma.article.findUnique({ where: { webUrl: url } }))) ??
    (await named('articleByOtherUrl', () =>
      prisma.article.findFirst({ where: { OR: [{ originalUrl: url }, { ampWebUrl: url }] }, orderBy: { id: 'asc' } }),
    ))
  );
}
