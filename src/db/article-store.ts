// Articles by key: ids (the articleById loader), slug, and URL. Listings are in article-list-store.ts.
import type { Article } from '../generated/sqlite/client.js';
import type { Database } from './client.js';
import { named } from './statements.js';

export function articlesByIds(db: Database, ids: readonly number[]): Promise<Article[]> {
  return named('articlesById', () => db.read.article.findMany({ where: { id: { in: [...ids] } } }));
}

/** The article whose slug this is, or whose slug it was (an older slug rule or an earlier title). */
export async function articleBySlug(db: Database, slug: string): Promise<Article | null> {
  const prisma = db.read;
  return (
    (await named('articleBySlug', () => prisma.article.findUnique({ where: { slug } }))) ??
    (await named('articleBySlugAlias', async () => {
      const alias = await prisma.articleSlugAlias.findUnique({ where: { slug }, select: { article: true } });
      return alias?.article ?? null;
    }))
  );
}

/**
 * The article at a URL: its webUrl (unique), else the first stored whose originalUrl or ampWebUrl it is, else
 * the one whose identity is `identityKey` (the URL without tracking parameters or default port).
 */
export async function articleByUrl(db: Database, url: string, identityKey: string | null): Promise<Article | null> {
  const prisma = db.read;
  return (
    (await named('articleByWebUrl', () => prisma.article.findUnique({ where: { webUrl: url } }))) ??
    (await named('articleByOtherUrl', () =>
      prisma.article.findFirst({ where: { OR: [{ originalUrl: url }, { ampWebUrl: url }] }, orderBy: { id: 'asc' } }),
    )) ??
    (identityKey === null
      ? null
      : await named('articleByIdentityKey', () => prisma.article.findUnique({ where: { identityKey } })))
  );
}
