// An article's relations for many parents at once: its topics and images, a provider's logos, and pages of
// related_link in both directions. Each function is one statement, whatever the number of parents, and
// returns at most `limit` rows per parent (ROW_NUMBER() inside the statement): what a file once stored never
// decides how much a read fetches.
import { type Image, Prisma, type Topic } from '../generated/sqlite/client.js';
import { type ArticleLists, type ArticleListValues, articleListColumns, articleListValues } from './article-lists.js';
import {
  ARTICLE_PROVIDER_JOIN,
  type ArticleColumnSet,
  type ArticleRecord,
  articleColumns,
  toArticleRecord,
} from './article-store.js';
import type { Database } from './client.js';
import { idIn } from './dialect.js';
import { readRows, type SqlRow } from './reader.js';
import type { CountRow } from './statements.js';

/** related: the stories an article lists, in file order; relatedTo: the articles listing it, oldest link first. */
export type LinkDirection = 'related' | 'relatedTo';

/** Which rows of each parent's list: ranks after `afterRank` and before `beforeRank` (both exclusive). */
export interface LinkPage {
  afterRank: number | null;
  beforeRank: number | null;
  limit: number;
  /** Read the list backwards (for `last`). */
  inverted: boolean;
  /** The linked articles' lists to read with them. */
  lists: ArticleLists;
  /** The linked articles' columns to read. */
  columns: ArticleColumnSet;
}

export interface LinkRow {
  parentId: number;
  /** The position to page on: the link's rank (related), or the listing article's id (relatedTo). */
  rank: number;
  /** The article the link leads to (related) or comes from (relatedTo), read in the same statement. */
  article: ArticleRecord;
  lists: ArticleListValues;
}

/** The parent column, for idIn (which takes a column's name). */
const LINK_PARENT: Record<LinkDirection, string> = { related: 'rl.source_id', relatedTo: 'rl.target_id' };

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
  return readRows<{ articleId: number } & Topic>(
    db.reader,
    Prisma.sql`/* topicsOfArticles */ SELECT "articleId", id, name, key, slug FROM (
      SELECT at.article_id AS "articleId", t.id, t.name, t.key, t.slug, at.position,
        ROW_NUMBER() OVER (PARTITION BY at.article_id ORDER BY at.position) AS rn
      FROM article_topic at JOIN topic t ON t.id = at.topic_id
      WHERE ${idIn(db.dialect, 'at.article_id', articleIds)}
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
  const columnName = owner === 'article' ? 'article_id' : 'provider_id';
  const name = Prisma.raw(owner === 'article' ? 'imagesOfArticles' : 'imagesOfProviders');
  const rows = await readRows<SqlRow>(
    db.reader,
    Prisma.sql`/* ${name} */ SELECT id, url, width, height, "isCached", position, "articleId", "providerId" FROM (
      SELECT id, url, width, height, is_cached AS "isCached", position, article_id AS "articleId", provider_id AS "providerId",
        ROW_NUMBER() OVER (PARTITION BY ${column} ORDER BY position, id) AS rn
      FROM image
      WHERE ${idIn(db.dialect, columnName, ownerIds)}
    ) ranked WHERE rn <= ${limit}
    ORDER BY ${owner === 'article' ? Prisma.raw('"articleId"') : Prisma.raw('"providerId"')}, position, id`,
  );
  // SQLite answers a boolean column with 0 or 1.
  if (db.dialect === 'sqlite') for (const row of rows) row.isCached = row.isCached === null ? null : Boolean(row.isCached);
  return rows as unknown as Image[];
}

export function imagesOfArticles(db: Database, articleIds: readonly number[], limit: number): Promise<Image[]> {
  return imagesOf(db, 'article', articleIds, limit);
}

export function imagesOfProviders(db: Database, providerIds: readonly number[], limit: number): Promise<Image[]> {
  return imagesOf(db, 'provider', providerIds, limit);
}

/**
 * The same page of many parents' link lists with the articles they lead to, in one statement: ROW_NUMBER()
 * keeps the per-parent limit inside the database. Rows come grouped by parent, each group in reading order; a
 * link whose article is gone (deleted in between) is left out.
 */
export async function linkPages(
  db: Database,
  direction: LinkDirection,
  parentIds: readonly number[],
  page: LinkPage,
): Promise<LinkRow[]> {
  const { parent, child, rank } = LINK_COLUMNS[direction];
  const order = Prisma.raw(page.inverted ? 'DESC' : 'ASC');
  const name = Prisma.raw(direction === 'related' ? 'relatedPage' : 'relatedToPage');
  const rows = await readRows<SqlRow>(
    db.reader,
    Prisma.sql`/* ${name} */ SELECT ranked."parentId" AS "linkParentId", ranked.rank AS "linkRank", ${articleColumns(page.columns)}
      ${articleListColumns(db.dialect, page.lists)} FROM (
      SELECT ${parent} AS "parentId", ${child} AS "articleId", ${rank} AS rank,
        ROW_NUMBER() OVER (PARTITION BY ${parent} ORDER BY ${rank} ${order}) AS rn
      FROM related_link rl
      WHERE ${idIn(db.dialect, LINK_PARENT[direction], parentIds)}
        ${page.afterRank === null ? Prisma.empty : Prisma.sql`AND ${rank} > ${page.afterRank}`}
        ${page.beforeRank === null ? Prisma.empty : Prisma.sql`AND ${rank} < ${page.beforeRank}`}
    ) ranked JOIN article a ON a.id = ranked."articleId" ${ARTICLE_PROVIDER_JOIN}
    WHERE ranked.rn <= ${page.limit}
    ORDER BY ranked."parentId", ranked.rn`,
  );
  // The link's columns stay on the row (not deleted: that would slow every later read of the object).
  return rows.map((row) => ({
    parentId: row.linkParentId as number,
    rank: row.linkRank as number,
    article: toArticleRecord(db, row),
    lists: articleListValues(row, page.lists),
  }));
}

/** Length of each parent's link list; parents without links have no row. */
export function linkCounts(db: Database, direction: LinkDirection, parentIds: readonly number[]): Promise<CountRow[]> {
  const { parent } = LINK_COLUMNS[direction];
  const name = Prisma.raw(direction === 'related' ? 'relatedCount' : 'relatedToCount');
  return readRows<CountRow>(
    db.reader,
    Prisma.sql`/* ${name} */ SELECT ${parent} AS id, COUNT(*) AS n FROM related_link rl
      WHERE ${idIn(db.dialect, LINK_PARENT[direction], parentIds)} GROUP BY ${parent}`,
  );
}
