// An article's relations for many parents at once: its topics and images, a provider's logos, and pages of
// related_link in both directions. Each function is one statement, whatever the number of parents.
import { Prisma, type Image, type Topic } from '../generated/sqlite/client.js';
import type { Database } from './client.js';
import { named, queryRows, type CountRow } from './statements.js';

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

export function topicsOfArticles(db: Database, articleIds: readonly number[]): Promise<({ articleId: number } & Topic)[]> {
  // One joined statement (Prisma's nested select would take two).
  return queryRows<{ articleId: number } & Topic>(
    db.read,
    Prisma.sql`/* topicsOfArticles */ SELECT at.article_id AS "articleId", t.id, t.name, t.slug
      FROM article_topic at JOIN topic t ON t.id = at.topic_id
      WHERE at.article_id IN (${Prisma.join(articleIds)}) ORDER BY at.article_id, at.position`,
  );
}

export function imagesOfArticles(db: Database, articleIds: readonly number[]): Promise<Image[]> {
  return named('imagesOfArticles', () =>
    db.read.image.findMany({ where: { articleId: { in: [...articleIds] } }, orderBy: [{ articleId: 'asc' }, { position: 'asc' }] }),
  );
}

export function imagesOfProviders(db: Database, providerIds: readonly number[]): Promise<Image[]> {
  return named('imagesOfProviders', () =>
    db.read.image.findMany({ where: { providerId: { in: [...providerIds] } }, orderBy: [{ providerId: 'asc' }, { position: 'asc' }] }),
  );
}

/**
 * The same page of many parents' link lists, in one statement: ROW_NUMBER() keeps the per-parent limit inside
 * the database. Rows come grouped by parent, each group in reading order.
 */
export function linkPages(db: Database, direction: LinkDirection, parentIds: readonly number[], page: LinkPage): Promise<LinkRow[]> {
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
