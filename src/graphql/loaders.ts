// Every DataLoader of the API, created per request: each relation costs one SQL statement per level of
// the query, however many parents that level has. `batch: false` (benchmarks only) turns them into the
// naive one-query-per-parent baseline.
import DataLoader from 'dataloader';
import { Prisma } from '../generated/sqlite/client.js';
import type { Database } from '../db/client.js';
import { sqlBoolean } from '../db/dialect.js';
import type { Article, Image, Provider, Topic } from '../generated/sqlite/client.js';

/** A per-parent page of a link table: rows after `afterRank` (exclusive), at most `limit` of them. */
export interface LinkPageKey {
  parentId: number;
  afterRank: number | null;
  beforeRank: number | null;
  limit: number;
  inverted: boolean;
}

export interface LinkRow {
  parentId: number;
  articleId: number;
  rank: number;
}

export function createLoaders(db: Database, options: { batch?: boolean } = {}) {
  const batch = options.batch ?? true;
  const byId = <T extends { id: number }>(load: (ids: number[]) => Promise<T[]>) =>
    new DataLoader<number, T | null>(
      async (ids) => {
        const rows = new Map((await load([...ids])).map((r) => [r.id, r]));
        return ids.map((id) => rows.get(id) ?? null);
      },
      { batch },
    );
  const groupedBy = <T, K extends keyof T>(key: K, load: (ids: number[]) => Promise<T[]>) =>
    new DataLoader<number, T[]>(
      async (ids) => {
        const groups = new Map<number, T[]>(ids.map((id) => [id, []]));
        for (const row of await load([...ids])) groups.get(row[key] as number)?.push(row);
        return ids.map((id) => groups.get(id) ?? []);
      },
      { batch },
    );
  const counts = (query: (ids: number[]) => Prisma.Sql) =>
    new DataLoader<number, number>(
      async (ids) => {
        const rows = await db.read.$queryRaw<{ id: number | bigint; n: number | bigint }[]>(query([...ids]));
        const byParent = new Map(rows.map((r) => [Number(r.id), Number(r.n)]));
        return ids.map((id) => byParent.get(id) ?? 0);
      },
      { batch },
    );
  const notStub = sqlBoolean(db.dialect, false);

  return {
    articleById: byId<Article>((ids) => db.read.article.findMany({ where: { id: { in: ids } } })),
    providerById: byId<Provider>((ids) => db.read.provider.findMany({ where: { id: { in: ids } } })),
    topicById: byId<Topic>((ids) => db.read.topic.findMany({ where: { id: { in: ids } } })),

    topicsByArticle: new DataLoader<number, Topic[]>(
      async (ids) => {
        // One joined statement (Prisma's nested select would take two).
        const rows = await db.read.$queryRaw<{ article_id: number | bigint; id: number | bigint; name: string; slug: string }[]>`
          SELECT at.article_id, t.id, t.name, t.slug FROM article_topic at JOIN topic t ON t.id = at.topic_id
          WHERE at.article_id IN (${Prisma.join([...ids])}) ORDER BY at.article_id, at.position`;
        const groups = new Map<number, Topic[]>(ids.map((id) => [id, []]));
        for (const r of rows) groups.get(Number(r.article_id))?.push({ id: Number(r.id), name: r.name, slug: r.slug });
        return ids.map((id) => groups.get(id) ?? []);
      },
      { batch },
    ),
    imagesByArticle: groupedBy<Image, 'articleId'>('articleId', (ids) =>
      db.read.image.findMany({ where: { articleId: { in: ids } }, orderBy: [{ articleId: 'asc' }, { position: 'asc' }] }),
    ),
    imagesByProvider: groupedBy<Image, 'providerId'>('providerId', (ids) =>
      db.read.image.findMany({ where: { providerId: { in: ids } }, orderBy: [{ providerId: 'asc' }, { position: 'asc' }] }),
    ),

    /** related(first, after): per-parent pages in file order, limited inside the batch by a window function. */
    relatedPage: linkPageLoader(db, 'source_id', 'target_id', batch),
    /** relatedTo(first, after): the articles listing the parent, in the order of their link's creation. */
    relatedToPage: linkPageLoader(db, 'target_id', 'source_id', batch),
    relatedCount: counts((ids) => Prisma.sql`SELECT source_id AS id, COUNT(*) AS n FROM related_link WHERE source_id IN (${Prisma.join(ids)}) GROUP BY source_id`),
    relatedToCount: counts((ids) => Prisma.sql`SELECT target_id AS id, COUNT(*) AS n FROM related_link WHERE target_id IN (${Prisma.join(ids)}) GROUP BY target_id`),
    topicArticleCount: counts(
      (ids) => Prisma.sql`SELECT at.topic_id AS id, COUNT(*) AS n FROM article_topic at JOIN article a ON a.id = at.article_id
        WHERE at.topic_id IN (${Prisma.join(ids)}) AND a.is_stub = ${notStub} GROUP BY at.topic_id`,
    ),
    providerArticleCount: counts(
      (ids) => Prisma.sql`SELECT provider_id AS id, COUNT(*) AS n FROM article
        WHERE provider_id IN (${Prisma.join(ids)}) AND is_stub = ${notStub} GROUP BY provider_id`,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/**
 * Each item with its article, through the articleById loader, in the items' order. An article gone since
 * its key was read (deleted in between) is left out rather than failing the page.
 */
export async function withArticles<T>(loaders: Loaders, items: readonly T[], articleId: (item: T) => number) {
  const articles = await loaders.articleById.loadMany(items.map(articleId));
  return items.flatMap((item, i) => {
    const article = articles[i];
    return article && !(article instanceof Error) ? [{ item, article }] : [];
  });
}

/**
 * Pages of related_link for many parents in one statement. Keys with the same paging arguments share a
 * query; ROW_NUMBER() keeps the per-parent limit inside the database. The "rank" of relatedTo rows is the
 * listing article's id, so both directions page on a stable, unique key.
 */
function linkPageLoader(db: Database, parentColumn: string, childColumn: string, batch: boolean) {
  const parent = Prisma.raw(parentColumn);
  const child = Prisma.raw(childColumn);
  const rankExpr = parentColumn === 'source_id' ? Prisma.raw('rl.rank') : Prisma.raw('rl.source_id');
  return new DataLoader<LinkPageKey, LinkRow[], string>(
    async (keys) => {
      const groups = new Map<string, LinkPageKey[]>();
      for (const key of keys) {
        const shape = JSON.stringify([key.afterRank, key.beforeRank, key.limit, key.inverted]);
        groups.set(shape, [...(groups.get(shape) ?? []), key]);
      }
      const pages = new Map<string, LinkRow[]>();
      for (const group of groups.values()) {
        const { afterRank, beforeRank, limit, inverted } = group[0]!;
        const direction = Prisma.raw(inverted ? 'DESC' : 'ASC');
        const rows = await db.read.$queryRaw<{ parent_id: number | bigint; child_id: number | bigint; link_rank: number | bigint }[]>`
          SELECT parent_id, child_id, link_rank FROM (
            SELECT rl.${parent} AS parent_id, rl.${child} AS child_id, ${rankExpr} AS link_rank,
              ROW_NUMBER() OVER (PARTITION BY rl.${parent} ORDER BY ${rankExpr} ${direction}) AS rn
            FROM related_link rl
            WHERE rl.${parent} IN (${Prisma.join(group.map((k) => k.parentId))})
              ${afterRank === null ? Prisma.empty : Prisma.sql`AND ${rankExpr} > ${afterRank}`}
              ${beforeRank === null ? Prisma.empty : Prisma.sql`AND ${rankExpr} < ${beforeRank}`}
          ) ranked WHERE rn <= ${limit}
          ORDER BY parent_id, rn`;
        for (const key of group) pages.set(cacheKey(key), []);
        for (const r of rows) {
          const row = { parentId: Number(r.parent_id), articleId: Number(r.child_id), rank: Number(r.link_rank) };
          pages.get(cacheKey({ ...group[0]!, parentId: row.parentId }))?.push(row);
        }
      }
      return keys.map((key) => pages.get(cacheKey(key)) ?? []);
    },
    { batch, cacheKeyFn: cacheKey },
  );
}

function cacheKey(key: LinkPageKey): string {
  return JSON.stringify([key.parentId, key.afterRank, key.beforeRank, key.limit, key.inverted]);
}
