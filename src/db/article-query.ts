// Article listing in SQL: filters, orders and keyset paging over (sort value, id). It returns keys only;
// rows are then fetched through the per-request loaders. One statement per page, one per count.
import { Prisma } from '../generated/sqlite/client.js';
import type { Database } from './client.js';
import { searchMatches } from './search.js';

export const ARTICLE_ORDERS = ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC', 'QUALITY_DESC', 'HEAT_DESC', 'RELEVANCE'] as const;
export type ArticleOrder = (typeof ARTICLE_ORDERS)[number];

export interface ArticleWhere {
  /** Topic slug or name (case-insensitive). */
  topic?: string | null;
  topicId?: number | null;
  providerDomain?: string | null;
  providerId?: number | null;
  /** publishedAt >= from (inclusive). */
  from?: Date | null;
  /** publishedAt < to (exclusive). */
  to?: Date | null;
  type?: string | null;
  category?: string | null;
  minQuality?: number | null;
  published?: boolean | null;
  search?: string | null;
  /** Related-only stubs are left out of listings unless asked for. */
  includeStubs?: boolean | null;
}

/** Position of a row in an ordering: its sort value (ISO string for dates) and its id, the tie-breaker. */
export interface SortKey {
  value: string | number | null;
  id: number;
}

export interface PageSlice {
  after?: SortKey | null;
  before?: SortKey | null;
  limit: number;
  /** Read the ordering backwards (for `last`); rows come back in that reversed order. */
  inverted: boolean;
}

export class ArticleQueryError extends Error {}

const SORT_COLUMNS: Record<ArticleOrder, { column: Prisma.Sql; descending: boolean; isDate?: boolean }> = {
  PUBLISHED_AT_DESC: { column: Prisma.raw('a.published_at'), descending: true, isDate: true },
  PUBLISHED_AT_ASC: { column: Prisma.raw('a.published_at'), descending: false, isDate: true },
  QUALITY_DESC: { column: Prisma.raw('a.quality'), descending: true },
  HEAT_DESC: { column: Prisma.raw('a.heat'), descending: true },
  RELEVANCE: { column: Prisma.raw('m.rank'), descending: true },
};

export async function findArticleKeys(db: Database, where: ArticleWhere, order: ArticleOrder, slice: PageSlice): Promise<SortKey[]> {
  if (order === 'RELEVANCE' && !where.search) throw new ArticleQueryError('orderBy RELEVANCE needs filter.search');
  const sort = SORT_COLUMNS[order];
  const { from, conditions } = articleSource(db, where);
  const descending = sort.descending !== slice.inverted;
  const param = (key: SortKey) => (sort.isDate && typeof key.value === 'string' ? new Date(key.value) : key.value);
  if (slice.after) conditions.push(keysetCondition(sort.column, param(slice.after), slice.after.id, sort.descending, false));
  if (slice.before) conditions.push(keysetCondition(sort.column, param(slice.before), slice.before.id, sort.descending, true));

  const direction = Prisma.raw(descending ? 'DESC' : 'ASC');
  // Rows without a sort value come last in the ordering, so first when it is read backwards.
  const nulls = Prisma.raw(slice.inverted ? 'NULLS FIRST' : 'NULLS LAST');
  const rows = await db.read.$queryRaw<{ id: number | bigint; value: unknown }[]>`
    SELECT a.id AS id, ${sort.column} AS value FROM ${from}
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY ${sort.column} ${direction} ${nulls}, a.id ${direction}
    LIMIT ${slice.limit}`;
  return rows.map((r) => ({ id: Number(r.id), value: sortValue(r.value, sort.isDate) }));
}

export async function countArticles(db: Database, where: ArticleWhere): Promise<number> {
  const { from, conditions } = articleSource(db, where);
  const [row] = await db.read.$queryRaw<{ n: number | bigint }[]>`
    SELECT COUNT(*) AS n FROM ${from} WHERE ${Prisma.join(conditions, ' AND ')}`;
  return Number(row?.n ?? 0);
}

/** FROM clause and WHERE conditions for a filter; the search subquery, when any, is joined as `m`. */
function articleSource(db: Database, where: ArticleWhere): { from: Prisma.Sql; conditions: Prisma.Sql[] } {
  const bool = (value: boolean) => (db.provider === 'sqlite' ? Prisma.raw(value ? '1' : '0') : Prisma.raw(String(value)));
  const conditions: Prisma.Sql[] = [];
  if (!where.includeStubs) conditions.push(Prisma.sql`a.is_stub = ${bool(false)}`);
  if (where.topicId != null) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM article_topic at WHERE at.article_id = a.id AND at.topic_id = ${where.topicId})`);
  }
  if (where.topic) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM article_topic at JOIN topic t ON t.id = at.topic_id
      WHERE at.article_id = a.id AND (t.slug = ${where.topic} OR lower(t.name) = lower(${where.topic})))`);
  }
  if (where.providerId != null) conditions.push(Prisma.sql`a.provider_id = ${where.providerId}`);
  if (where.providerDomain) {
    conditions.push(Prisma.sql`a.provider_id = (SELECT p.id FROM provider p WHERE p.domain = ${where.providerDomain.toLowerCase().replace(/^www\./, '')})`);
  }
  if (where.from) conditions.push(Prisma.sql`a.published_at >= ${where.from}`);
  if (where.to) conditions.push(Prisma.sql`a.published_at < ${where.to}`);
  if (where.type) conditions.push(Prisma.sql`a.type = ${where.type}`);
  if (where.category) conditions.push(Prisma.sql`a.category = ${where.category}`);
  if (where.minQuality != null) conditions.push(Prisma.sql`a.quality >= ${where.minQuality}`);
  if (where.published != null) conditions.push(Prisma.sql`a.published = ${bool(where.published)}`);
  if (conditions.length === 0) conditions.push(Prisma.sql`1 = 1`);

  if (where.search == null) return { from: Prisma.sql`article a`, conditions };
  const matches = searchMatches(db.provider, where.search);
  if (!matches) throw new ArticleQueryError('filter.search needs at least one word');
  return { from: Prisma.sql`article a JOIN (${matches}) m ON m.id = a.id`, conditions };
}

/**
 * Rows strictly after (or, with `before`, strictly before) the key (value, id) in the ordering
 * `column <dir> NULLS LAST, id <dir>`.
 */
function keysetCondition(column: Prisma.Sql, value: unknown, id: number, descending: boolean, before: boolean): Prisma.Sql {
  const beyond = Prisma.raw(descending !== before ? '<' : '>');
  if (value === null) {
    // Null values sit at the end: after them come only nulls with a further id; before them, every non-null.
    return before
      ? Prisma.sql`(${column} IS NOT NULL OR a.id ${beyond} ${id})`
      : Prisma.sql`(${column} IS NULL AND a.id ${beyond} ${id})`;
  }
  const tail = before ? Prisma.empty : Prisma.sql` OR ${column} IS NULL`;
  return Prisma.sql`(${column} ${beyond} ${value} OR (${column} = ${value} AND a.id ${beyond} ${id})${tail})`;
}

function sortValue(value: unknown, isDate?: boolean): string | number | null {
  if (value === null || value === undefined) return null;
  if (isDate) return new Date(value as string | number | Date).toISOString();
  return Number(value);
}
