// Article listings: filters, orders and keyset paging over (sort value, id). A page is one statement that
// returns the articles with their sort keys (articlePage), or the keys only (articleKeys: does a filter let
// these articles through?); one statement per count.
import { Prisma } from '../generated/sqlite/client.js';
import { MAX_QUERY_TOKENS, queryTokens } from '../ingest/search-text.js';
import { topicKey } from '../ingest/slug.js';
import { type ArticleLists, type ArticleListValues, articleListColumns, articleListValues, NO_LISTS } from './article-lists.js';
import {
  ARTICLE_PROVIDER_JOIN,
  type ArticleColumnSet,
  type ArticleRecord,
  articleColumns,
  toArticleRecord,
} from './article-store.js';
import { LISTED_ARTICLE_COUNT } from './change-store.js';
import type { Database } from './client.js';
import { idIn, type SqlDialect, sqlBoolean, sqlLimit, textIn } from './dialect.js';
import { type ReadOptions, readRows, type SqlRow } from './reader.js';
import { searchMatches } from './search.js';

export const ARTICLE_ORDERS = ['PUBLISHED_AT_DESC', 'PUBLISHED_AT_ASC', 'QUALITY_DESC', 'HEAT_DESC', 'RELEVANCE'] as const;
export type ArticleOrder = (typeof ARTICLE_ORDERS)[number];

export interface ArticleWhere {
  /** Topic slug or name (any script; case and width folded). */
  topic?: string | null;
  /** Any of these topics (slugs or names, as `topic`); an empty list is no condition. */
  topics?: readonly string[] | null;
  topicId?: number | null;
  /** Normalized as stored (lower-case, no "www."): see normalizeDomain. */
  providerDomain?: string | null;
  providerId?: number | null;
  /** Any of these provider domains (normalized as providerDomain); an empty list is no condition. */
  providerDomains?: readonly string[] | null;
  /** None of these provider domains; articles without a provider are kept. */
  excludeProviderDomains?: readonly string[] | null;
  /** BCP 47 primary language subtag, as stored (see src/ingest/language.ts). */
  language?: string | null;
  /** true: only articles with at least one image; false: only those without. */
  hasImage?: boolean | null;
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
  /** Only these articles (not a client filter: articleAdded asks which new articles a filter lets through). */
  ids?: readonly number[] | null;
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

const SORT_COLUMNS: Record<ArticleOrder, { column: Prisma.Sql; descending: boolean; kind: 'date' | 'integer' | 'score' }> = {
  PUBLISHED_AT_DESC: { column: Prisma.raw('a.published_at'), descending: true, kind: 'date' },
  PUBLISHED_AT_ASC: { column: Prisma.raw('a.published_at'), descending: false, kind: 'date' },
  QUALITY_DESC: { column: Prisma.raw('a.quality'), descending: true, kind: 'integer' },
  HEAT_DESC: { column: Prisma.raw('a.heat'), descending: true, kind: 'integer' },
  RELEVANCE: { column: Prisma.raw('m.rank'), descending: true, kind: 'score' },
};

/**
 * A cursor's sort value as a statement parameter. Integers go in as BIGINT: a cursor holds whatever the row
 * held, and SQLite's integer columns are 64-bit (rows stored before ingest checked the 32-bit range exceed
 * it), while PostgreSQL would type a bare parameter like its `integer` column and fail on such a value.
 */
function sortParam(kind: 'date' | 'integer' | 'score', value: SortKey['value']): Prisma.Sql {
  if (kind === 'date' && typeof value === 'string') return Prisma.sql`${new Date(value)}`;
  if (kind === 'integer') return Prisma.sql`CAST(${value} AS BIGINT)`;
  return Prisma.sql`${value}`;
}

/** A listed article with its position in the ordering. */
export interface ArticleAtKey {
  key: SortKey;
  article: ArticleRecord;
  /** The lists asked for with the page (`lists`). */
  lists: ArticleListValues;
}

export interface ArticlePage {
  /** The page's articles in reading order, each with its sort key (for cursors). */
  rows: ArticleAtKey[];
  /** The listing's length when asked for (`withCount`), else null. */
  totalCount: number | null;
}

/**
 * One page of a listing in one statement, and with `withCount` the listing's length too: the page is then
 * joined to the count's single row (an empty page still answers the count), so a connection asking for
 * totalCount costs no second statement, whatever the page holds.
 */
export async function findArticlePage(
  db: Database,
  where: ArticleWhere,
  order: ArticleOrder,
  slice: PageSlice,
  options: { withCount?: boolean; lists?: ArticleLists; columns?: ArticleColumnSet } = {},
): Promise<ArticlePage> {
  const lists = options.lists ?? NO_LISTS;
  const columns = articleColumns(options.columns ?? 'all');
  const page = pageQuery(db, where, order, slice);
  if (!page) return { rows: [], totalCount: options.withCount ? await countArticles(db, where) : null };
  const articles = Prisma.sql`SELECT page.part AS "pagePart", page.value AS "sortValue", ${columns} ${articleListColumns(db.dialect, lists)}
    FROM (${page.keys}) page JOIN article a ON a.id = page.id ${ARTICLE_PROVIDER_JOIN}
    ORDER BY ${page.order}
    LIMIT ${page.limit}`;
  const rows = await readRows<SqlRow>(
    db.reader,
    options.withCount
      ? Prisma.sql`/* articlePage */ SELECT listed.*, total.n AS "totalCount"
        FROM (${countQuery(where, page.source)}) total
        LEFT JOIN (${articles}) listed ON 1 = 1
        ORDER BY ${page.listedOrder}`
      : Prisma.sql`/* articlePage */ ${articles}`,
    readOptions(where),
  );
  const isDate = SORT_COLUMNS[order].kind === 'date';
  // With the count, an empty page is one row without an article.
  const listed = rows.filter((row) => row.id !== null);
  return {
    rows: listed.map((row) => ({
      key: { id: row.id as number, value: sortValue(row.sortValue, isDate) },
      article: toArticleRecord(db, row),
      lists: articleListValues(row, lists),
    })),
    totalCount: options.withCount ? Number(rows[0]?.totalCount ?? 0) : null,
  };
}

/** The sort keys of one page of a listing, without the articles. */
export async function findArticleKeys(
  db: Database,
  where: ArticleWhere,
  order: ArticleOrder,
  slice: PageSlice,
): Promise<SortKey[]> {
  const page = pageQuery(db, where, order, slice);
  if (!page) return [];
  const rows = await readRows<{ id: number; value: unknown }>(
    db.reader,
    Prisma.sql`/* articleKeys */ SELECT id, value FROM (${page.keys}) page ORDER BY ${page.order} LIMIT ${page.limit}`,
    readOptions(where),
  );
  const isDate = SORT_COLUMNS[order].kind === 'date';
  return rows.map((r) => ({ id: r.id, value: sortValue(r.value, isDate) }));
}

/**
 * The rows (id, sort value, part) a page is cut from, and the page's ORDER BY over them; null when the slice
 * cannot hold any row.
 */
function pageQuery(
  db: Database,
  where: ArticleWhere,
  order: ArticleOrder,
  slice: PageSlice,
): {
  keys: Prisma.Sql;
  order: Prisma.Sql;
  /** The same order over the page's rows as findArticlePage names them (`listed`). */
  listedOrder: Prisma.Sql;
  source: { from: Prisma.Sql; conditions: Prisma.Sql[] };
  /** The page's LIMIT (see pageLimit). */
  limit: Prisma.Sql;
} | null {
  if (order === 'RELEVANCE' && !where.search) throw new ArticleQueryError('orderBy RELEVANCE needs filter.search');
  const sort = SORT_COLUMNS[order];
  const source = articleSource(db, where, order);
  const { from, conditions } = source;
  const param = (key: SortKey) => sortParam(sort.kind, key.value);
  const { after, before, inverted } = slice;
  // Reading direction: the ordering's own, or its reverse for `last`.
  const dir = Prisma.raw(sort.descending !== inverted ? 'DESC' : 'ASC');
  const further = (descending: boolean) => Prisma.raw(descending ? '<' : '>');
  const beyondAfter = further(sort.descending);
  const beyondBefore = further(!sort.descending);

  // The ordering is: rows with a value (by value, then id), then rows without one (by id). Each part is a
  // plain seek on an index over (column, id) — row-value comparisons, no OR — and the page is their union.
  // A match's rank is never null, so RELEVANCE's rows are all valued (nothing to test).
  const valued = order === 'RELEVANCE' ? [...conditions] : [...conditions, Prisma.sql`${sort.column} IS NOT NULL`];
  const unvalued = [...conditions, Prisma.sql`${sort.column} IS NULL`];
  let valuedPossible = true;
  let unvaluedPossible = order !== 'RELEVANCE';
  if (after) {
    if (after.value === null) {
      valuedPossible = false;
      unvalued.push(Prisma.sql`a.id ${beyondAfter} ${after.id}`);
    } else {
      valued.push(Prisma.sql`(${sort.column}, a.id) ${beyondAfter} (${param(after)}, ${after.id})`);
    }
  }
  if (before) {
    if (before.value === null) {
      unvalued.push(Prisma.sql`a.id ${beyondBefore} ${before.id}`);
    } else {
      unvaluedPossible = false;
      valued.push(Prisma.sql`(${sort.column}, a.id) ${beyondBefore} (${param(before)}, ${before.id})`);
    }
  }

  const limit = pageLimit(slice.limit);
  const branches: Prisma.Sql[] = [];
  if (valuedPossible) {
    branches.push(Prisma.sql`SELECT * FROM (SELECT a.id AS id, ${sort.column} AS value, 0 AS part FROM ${from}
      WHERE ${Prisma.join(valued, ' AND ')} ORDER BY ${sort.column} ${dir}, a.id ${dir} LIMIT ${limit}) valued`);
  }
  if (unvaluedPossible) {
    branches.push(Prisma.sql`SELECT * FROM (SELECT a.id AS id, ${sort.column} AS value, 1 AS part FROM ${from}
      WHERE ${Prisma.join(unvalued, ' AND ')} ORDER BY a.id ${dir} LIMIT ${limit}) unvalued`);
  }
  if (branches.length === 0) return null;
  // Rows without a value come last in the ordering, so first when it is read backwards.
  const partOrder = Prisma.raw(inverted ? 'DESC' : 'ASC');
  return {
    keys: Prisma.join(branches, ' UNION ALL '),
    order: Prisma.sql`page.part ${partOrder}, page.value ${dir}, page.id ${dir}`,
    listedOrder: Prisma.sql`listed."pagePart" ${partOrder}, listed."sortValue" ${dir}, listed.id ${dir}`,
    source,
    limit,
  };
}

export async function countArticles(db: Database, where: ArticleWhere): Promise<number> {
  const count = countQuery(where, articleSource(db, where, null));
  const [row] = await readRows<{ n: number }>(
    db.reader,
    count === LISTED_ARTICLE_COUNT ? Prisma.sql`/* listedArticleCount */ ${count}` : Prisma.sql`/* articleCount */ ${count}`,
    readOptions(where),
  );
  return Number(row?.n ?? 0);
}

/**
 * A listing's length, one row `n`: the count the write journal keeps when the filter is the default listing's
 * (no condition but "not a stub": the dashboard's, whose COUNT(*) would read every row, ~1 ms at 10k articles
 * and ten times that at 100k), else COUNT(*) over the filter's rows.
 */
function countQuery(where: ArticleWhere, source: { from: Prisma.Sql; conditions: Prisma.Sql[] }): Prisma.Sql {
  // The source's conditions are articleConditions': "not a stub" alone when nothing else filters.
  const listedOnly = !where.includeStubs && where.search == null && source.conditions.length === 1;
  if (listedOnly) return LISTED_ARTICLE_COUNT;
  return Prisma.sql`SELECT COUNT(*) AS n FROM ${source.from} WHERE ${Prisma.join(source.conditions, ' AND ')}`;
}

/**
 * The WHERE conditions of a filter over `article a`: the one definition of what every ArticleFilter field
 * means, for listings, counts, and anything else (a subscription) that asks whether an article matches.
 * Each condition is a column test or an indexed subquery, so a filter costs no extra statement.
 */
export function articleConditions(dialect: SqlDialect, where: ArticleWhere): Prisma.Sql[] {
  const bool = (value: boolean) => sqlBoolean(dialect, value);
  const conditions: Prisma.Sql[] = [];
  if (!where.includeStubs) conditions.push(Prisma.sql`a.is_stub = ${bool(false)}`);
  if (where.topicId != null) {
    conditions.push(
      Prisma.sql`EXISTS (SELECT 1 FROM article_topic at WHERE at.article_id = a.id AND at.topic_id = ${where.topicId})`,
    );
  }
  if (where.topic) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM article_topic at JOIN topic t ON t.id = at.topic_id
      WHERE at.article_id = a.id AND (t.slug = ${where.topic} OR t.key = ${topicKey(where.topic)}))`);
  }
  // Lists go in as one parameter each (textIn, idIn): a statement's text does not vary with their length.
  if (where.topics?.length) {
    const slugs = textIn(dialect, Prisma.sql`t.slug`, where.topics);
    const keys = textIn(dialect, Prisma.sql`t.key`, where.topics.map(topicKey));
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM article_topic at JOIN topic t ON t.id = at.topic_id
      WHERE at.article_id = a.id AND (${slugs} OR ${keys}))`);
  }
  if (where.ids) conditions.push(where.ids.length ? idIn(dialect, 'a.id', where.ids) : Prisma.sql`1 = 0`);
  if (where.providerId != null) conditions.push(Prisma.sql`a.provider_id = ${where.providerId}`);
  if (where.providerDomain) {
    conditions.push(Prisma.sql`a.provider_id = (SELECT p.id FROM provider p WHERE p.domain = ${where.providerDomain})`);
  }
  if (where.providerDomains?.length) {
    const domains = textIn(dialect, Prisma.sql`p.domain`, where.providerDomains);
    conditions.push(Prisma.sql`a.provider_id IN (SELECT p.id FROM provider p WHERE ${domains})`);
  }
  if (where.excludeProviderDomains?.length) {
    const domains = textIn(dialect, Prisma.sql`p.domain`, where.excludeProviderDomains);
    conditions.push(Prisma.sql`(a.provider_id IS NULL
      OR a.provider_id NOT IN (SELECT p.id FROM provider p WHERE ${domains}))`);
  }
  if (where.language) conditions.push(Prisma.sql`a.language = ${where.language}`);
  if (where.hasImage != null) {
    const exists = Prisma.sql`EXISTS (SELECT 1 FROM image i WHERE i.article_id = a.id)`;
    conditions.push(where.hasImage ? exists : Prisma.sql`NOT ${exists}`);
  }
  if (where.from) conditions.push(Prisma.sql`a.published_at >= ${where.from}`);
  if (where.to) conditions.push(Prisma.sql`a.published_at < ${where.to}`);
  if (where.type) conditions.push(Prisma.sql`a.type = ${where.type}`);
  if (where.category) conditions.push(Prisma.sql`a.category = ${where.category}`);
  if (where.minQuality != null) conditions.push(Prisma.sql`a.quality >= ${where.minQuality}`);
  if (where.published != null) conditions.push(Prisma.sql`a.published = ${bool(where.published)}`);
  if (conditions.length === 0) conditions.push(Prisma.sql`1 = 1`);
  return conditions;
}

/**
 * The page sizes whose LIMIT goes into the statement's text (sqlLimit, so that PostgreSQL plans the prepared
 * statement once): `first` 10, 20, 25, 50 and 100, each with the row that tells whether a next page exists.
 * Any other size stays bound, as it was: the reader names only its first MAX_PREPARED texts, and a client
 * cycling through all 100 sizes would otherwise use them up (then the dashboard's page is parsed every time).
 */
const TEXT_LIMITS = new Set([11, 21, 26, 51, 101]);

/** A page's LIMIT: in the statement's text for the sizes of TEXT_LIMITS, else bound. */
function pageLimit(limit: number): Prisma.Sql {
  return TEXT_LIMITS.has(limit) ? sqlLimit(limit) : Prisma.sql`${limit}`;
}

/**
 * How many rows a search term matches decides its best plan: on the 10k corpus a custom plan hash-joins the
 * 2,999 matches where the generic one, guessing 75, loops over them and parses the term again for each (10.4
 * against 6.8 ms). PostgreSQL settled on the generic plan after five executions even with a bound LIMIT, so a
 * search is planned each time (0.5 ms of planning).
 */
function readOptions(where: ArticleWhere): ReadOptions {
  return { planEach: where.search != null };
}

/**
 * FROM clause and WHERE conditions for a filter; the search subquery, when any, is joined as `m`. `order`: the
 * listing's, or null for a count.
 */
function articleSource(
  db: Database,
  where: ArticleWhere,
  order: ArticleOrder | null,
): { from: Prisma.Sql; conditions: Prisma.Sql[] } {
  const conditions = articleConditions(db.dialect, where);
  if (where.search == null) return { from: Prisma.sql`article a`, conditions };
  const tokens = queryTokens(where.search);
  if (tokens.length === 0) throw new ArticleQueryError('filter.search needs at least one word');
  if (tokens.length > MAX_QUERY_TOKENS) {
    throw new ArticleQueryError(
      `filter.search takes at most ${MAX_QUERY_TOKENS} distinct words (in Chinese, Japanese, Korean and Thai each pair of adjacent characters counts as one), got ${tokens.length}`,
    );
  }
  const matches = searchMatches(db.dialect, tokens, order === 'RELEVANCE');
  return { from: Prisma.sql`article a JOIN (${matches}) m ON m.id = a.id`, conditions };
}

function sortValue(value: unknown, isDate?: boolean): string | number | null {
  if (value === null || value === undefined) return null;
  if (isDate) return new Date(value as string | number | Date).toISOString();
  return Number(value);
}
