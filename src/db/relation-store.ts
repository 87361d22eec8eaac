// An article's relations for many parents at once: its topics and images, a provider's logos, and pages of
// related_link in both directions. Each function is one statement, whatever the number of parents, and
// returns at most `limit` rows per parent (ROW_NUMBER() inside the statement): what a file once stored never
// decides how much a read fetches.
import { type Image, Prisma, type Topic } from '../generated/sqlite/client.js';
import type { Database } from './client.js';
import { type CountRow, queryRows } from './statements.js';

/** related: the stories an article lists, in file order; relatedTo: the articles listing it, oldest link first. */
export type LinkDirection = 'related' | 'relatedTo';

/** Which rows of each parent's list: ranks after `afterRank` and before `beforeRank` (both exclusive). */
export interface LinkPage {
  afterRank: number | null;
  beforeRank: number | null;
  limit: number;
  /** Read the list backwards (for `last`). */
  inverted: boolean;
}

export interface LinkRow {
  parentId: number;
  articleId: number;
  /** The position to page on: the link's rank (related), or the listing article's id (relatedTo). */
  rank: number;
}

const LINK_COLUMNS: Record<LinkDirection, { parent: Prisma.Sql; child: Prisma.Sql; rank: Prisma.Sql }> = {
  related: { parent: Prisma.raw('rl.source_id'), child: Prisma.raw('rl.target_id'), rank: Prisma.raw('rl.rank') },
  relatedTo: { parent: Prisma.raw('rl.target_id'), child: Prisma.raw('rl.source_id'), rank: Prisma.raw('rl.source_id') },
};

/** The first `limit` topics of each article, in file order. */
export function topicsOfArticles(
  db: Database,
  articleIds: readonly number[],
  limit: number,
): Promise<({ articleId: number } & Topic)[]> {
  return queryRows<{ articleId: number } & Topic>(
    db.read,
    Prisma.sql`/* topicsOfArticles */ SELECT "articleId", id, name, key, slug FROM (
      SELECT at.article_id AS "articleId", t.id, t.name, t.key, t.slug, at.position,
        ROW_NUMBER() OVER (PARTITION BY at.article_id ORDER BY at.position) AS rn
      FROM article_topic at JOIN topic t ON t.id = at.topic_id
      WHERE at.article_id IN (${Prisma.join(articleIds)})
    ) ranked WHERE rn <= ${limit}
    ORDER BY "articleId", position`,
  );
}

const IMAGE_OWNERS = { article: Prisma.raw('article_id'), provider: Prisma.raw('provider_id') };

/** The first `limit` images of each article, or logos of each provider, in file order. */
async function imagesOf(
  db: Database,
  owner: keyof typeof IMAGE_OWNERS,
  ownerIds: readonly number[],
  limit: number,
): Promise<Image[]> {
  const column = IMAGE_OWNERS[owner];
  const name = Prisma.raw(owner === 'article' ? 'imagesOfArticles' : 'imagesOfProviders');
  const rows = await queryRows<Omit<Image, 'isCached'> & { isCached: unknown }>(
    db.read,
    Prisma.sql`/* ${name} */ SELECT id, url, width, height, "isCached", position, "articleId", "providerId" FROM (
      SELECT id, url, width, height, is_cached AS "isCached", position, article_id AS "articleId", provider_id AS "providerId",
        ROW_NUMBER() OVER (PARTITION BY ${column} ORDER BY position, id) AS rn
      FROM image
      WHERE ${column} IN (${Prisma.join(ownerIds)})
    ) ranked WHERE rn <= ${limit}
    ORDER BY ${owner === 'article' ? Prisma.raw('"articleId"') : Prisma.raw('"providerId"')}, position, id`,
  );
  // SQLite answers a boolean column with 0 or 1.
  return rows.map((row) => ({ ...row, isCached: row.isCached === null ? null : Boolean(row.isCached) }));
}

export function imagesOfArticles(db: Database, articleIds: readonly number[], limit: number): Promise<Image[]> {
  return imagesOf(db, 'article', articleIds, limit);
}

export function imagesOfProviders(db: Database, providerIds: readonly number[], limit: number): Promise<Image[]> {
  return imagesOf(db, 'provider', providerIds, limit);
}

/**
 * The same page of many parents' link lists, in one statement: ROW_NUMBER() keeps the per-parent limit inside
 * the database. Rows come grouped by parent, each group in reading order.
 */
export function linkPages(
  db: Database,
  direction: LinkDirection,
  parentIds: readonly number[],
  page: LinkPage,
): Promise<LinkRow[]> {
  const { parent, child, rank } = LINK_COLUMNS[direction];
  const order = Prisma.raw(page.inverted ? 'DESC' : 'ASC');
  const name = Prisma.raw(direction === 'related' ? 'relatedPage' : 'relatedToPage');
  return queryRows<LinkRow>(
    db.read,
    Prisma.sql`/* ${name} */ SELECT "parentId", "articleId", rank FROM (
      SELECT ${parent} AS "parentId", ${child} AS "articleId", ${rank} AS rank,
        ROW_NUMBER() OVER (PARTITION BY ${parent} ORDER BY ${rank} ${order}) AS rn
      FROM related_link rl
      WHERE ${parent} IN (${Prisma.join(parentIds)})
        ${page.afterRank === null ? Prisma.empty : Prisma.sql`AND ${rank} > ${page.afterRank}`}
        ${page.beforeRank === null ? Prisma.empty : Prisma.sql`AND ${rank} < ${page.beforeRank}`}
    ) ranked WHERE rn <= ${page.limit}
    ORDER BY "parentId", rn`,
  );
}

/** Length of each parent's link list; parents without links have no row. */
export function linkCounts(db: Database, direction: LinkDirection, parentIds: readonly number[]): Promise<CountRow[]> {
  const { parent } = LINK_COLUMNS[direction];
  const name = Prisma.raw(direction === 'related' ? 'relatedCount' : 'relatedToCount');
  return queryRows<CountRow>(
    db.read,
    Prisma.sql`/* ${name} */ SELECT ${parent} AS id, COUNT(*) AS n FROM related_link rl
      WHERE ${parent} IN (${Prisma.join(parentIds)}) GROUP BY ${parent}`,
  );
}
