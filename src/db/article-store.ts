// Articles by key: ids (the articleById loader), slug, and URL, and their bodies. Listings are in
// article-list-store.ts. Reads run on the driver (reader.ts) and return ArticleRecord: the columns the API
// serves, without the body (read only when a query asks for it) or the stored search words.
import { type Article, Prisma } from '../generated/sqlite/client.js';
import { type ArticleLists, type ArticleListValues, articleListColumns, articleListValues, NO_LISTS } from './article-lists.js';
import type { Database } from './client.js';
import { idIn } from './dialect.js';
import { readRows, type SqlRow, sqliteDate } from './reader.js';

/** An article as the API reads it: the columns it serves (not the body, nor the stored search words). */
export type ArticleRecord = Pick<
  Article,
  | 'id'
  | 'slug'
  | 'title'
  | 'excerpt'
  | 'author'
  | 'category'
  | 'type'
  | 'language'
  | 'publishedAt'
  | 'originalUrl'
  | 'webUrl'
  | 'ampWebUrl'
  | 'cdnAmpWebUrl'
  | 'quality'
  | 'heat'
  | 'published'
  | 'secured'
  | 'isStub'
  | 'providerId'
> & {
  /**
   * The provider's name and domain, read in the same statement as the article (ARTICLE_PROVIDER_JOIN): a
   * to-one relation costs no statement of its own. Null without a provider.
   */
  providerName: string | null;
  providerDomain: string | null;
};

/** ArticleRecord's fields and the expression each is read with, over `article a` joined as ARTICLE_PROVIDER_JOIN. */
const ARTICLE_FIELDS: readonly (readonly [field: keyof ArticleRecord, expression: string])[] = [
  ['id', 'a.id'],
  ['slug', 'a.slug'],
  ['title', 'a.title'],
  ['excerpt', 'a.excerpt'],
  ['author', 'a.author'],
  ['category', 'a.category'],
  ['type', 'a.type'],
  ['language', 'a.language'],
  ['publishedAt', 'a.published_at'],
  ['originalUrl', 'a.original_url'],
  ['webUrl', 'a.web_url'],
  ['ampWebUrl', 'a.amp_web_url'],
  ['cdnAmpWebUrl', 'a.cdn_amp_web_url'],
  ['quality', 'a.quality'],
  ['heat', 'a.heat'],
  ['published', 'a.published'],
  ['secured', 'a.secured'],
  ['isStub', 'a.is_stub'],
  ['providerId', 'a.provider_id'],
  ['providerName', 'p.name'],
  ['providerDomain', 'p.domain'],
];

/**
 * Which of ArticleRecord's columns a statement reads: `all`, or `card`, what a listing's cards typically show
 * (id, title, publishedAt, webUrl, isStub and the provider): the other columns (CARD_OMITS) then hold null. A
 * level of a query whose selection asks for none of them reads `card` (src/graphql/prefetch.ts): on the
 * dashboard, a third less work for PostgreSQL per row. Such records are only ever served to that level, never
 * cached by id (primeArticles), so no other field can read their nulls.
 */
export type ArticleColumnSet = 'all' | 'card';

/** The ArticleRecord fields (each also an Article field of the API) that `card` leaves null. */
export const CARD_OMITS = [
  'slug',
  'excerpt',
  'author',
  'category',
  'type',
  'language',
  'originalUrl',
  'ampWebUrl',
  'cdnAmpWebUrl',
  'quality',
  'heat',
  'published',
  'secured',
] as const satisfies readonly (keyof ArticleRecord)[];

/** The select list of a column set: every field under its own name (rows of both sets have one shape). */
function selectList(omitted: ReadonlySet<string>): Prisma.Sql {
  return Prisma.raw(
    ARTICLE_FIELDS.map(([field, expression]) => {
      // A column named as its field needs no alias; others are quoted (camelCase).
      const bare = expression === `a.${field}`;
      if (omitted.has(field)) return `NULL AS ${bare ? field : `"${field}"`}`;
      return bare ? expression : `${expression} AS "${field}"`;
    }).join(', '),
  );
}

/** The columns of ArticleRecord, for any statement that returns articles. */
export const ARTICLE_COLUMNS = selectList(new Set());
const CARD_COLUMNS = selectList(new Set(CARD_OMITS));

export function articleColumns(set: ArticleColumnSet): Prisma.Sql {
  return set === 'all' ? ARTICLE_COLUMNS : CARD_COLUMNS;
}

/** Joins each article `a` to its provider `p` (see ARTICLE_COLUMNS). */
export const ARTICLE_PROVIDER_JOIN = Prisma.raw('LEFT JOIN provider p ON p.id = a.provider_id');

/**
 * A row holding ARTICLE_COLUMNS as an ArticleRecord. PostgreSQL's rows already have the types; SQLite answers
 * dates as text and booleans as 0/1, converted in place (no copy per row).
 */
export function toArticleRecord(db: Database, row: SqlRow): ArticleRecord {
  if (db.dialect === 'sqlite') {
    row.publishedAt = sqliteDate(row.publishedAt);
    row.published = row.published === null ? null : Boolean(row.published);
    row.isStub = Boolean(row.isStub);
  }
  return row as unknown as ArticleRecord;
}

async function articleRows(db: Database, query: Prisma.Sql): Promise<ArticleRecord[]> {
  const rows = await readRows<SqlRow>(db.reader, query);
  return rows.map((row) => toArticleRecord(db, row));
}

export function articlesByIds(db: Database, ids: readonly number[]): Promise<ArticleRecord[]> {
  return articleRows(
    db,
    Prisma.sql`/* articlesById */ SELECT ${ARTICLE_COLUMNS} FROM article a ${ARTICLE_PROVIDER_JOIN} WHERE ${idIn(db.dialect, 'a.id', ids)}`,
  );
}

/** The body of each article that has one; articles without a body have no row. */
export function articleBodies(db: Database, ids: readonly number[]): Promise<{ id: number; body: string }[]> {
  return readRows<{ id: number; body: string }>(
    db.reader,
    Prisma.sql`/* articleBodies */ SELECT a.id, a.body FROM article a WHERE ${idIn(db.dialect, 'a.id', ids)} AND a.body IS NOT NULL`,
  );
}

/** An article with the lists read in its statement (see article-lists.ts). */
export interface ArticleWithLists {
  article: ArticleRecord;
  lists: ArticleListValues;
}

/** What a by-key read reads besides the article's `columns`: the lists (article-lists.ts). */
export interface ArticleKeyReads {
  lists: ArticleLists;
  columns: ArticleColumnSet;
}

const READ_ALL: ArticleKeyReads = { lists: NO_LISTS, columns: 'all' };

/** The first row of a named statement over `article a` (FROM and WHERE given), with its lists. */
async function firstArticle(
  db: Database,
  reads: ArticleKeyReads,
  name: string,
  from: Prisma.Sql,
): Promise<ArticleWithLists | null> {
  const [row] = await readRows<SqlRow>(
    db.reader,
    Prisma.sql`/* ${Prisma.raw(name)} */ SELECT ${articleColumns(reads.columns)} ${articleListColumns(db.dialect, reads.lists)} ${from}`,
  );
  return row ? { article: toArticleRecord(db, row), lists: articleListValues(row, reads.lists) } : null;
}

/** The article whose slug this is, or whose slug it was (an older slug rule or an earlier title). */
export async function articleBySlug(db: Database, slug: string, reads = READ_ALL): Promise<ArticleWithLists | null> {
  return (
    (await firstArticle(
      db,
      reads,
      'articleBySlug',
      Prisma.sql`FROM article a ${ARTICLE_PROVIDER_JOIN} WHERE a.slug = ${slug}`,
    )) ??
    (await firstArticle(
      db,
      reads,
      'articleBySlugAlias',
      Prisma.sql`FROM article_slug_alias s JOIN article a ON a.id = s.article_id ${ARTICLE_PROVIDER_JOIN} WHERE s.slug = ${slug}`,
    ))
  );
}

/**
 * The article at a URL: its webUrl (unique), else the first stored whose originalUrl or ampWebUrl it is, else
 * the one whose identity is `identityKey` (the URL without tracking parameters or default port).
 */
export async function articleByUrl(
  db: Database,
  url: string,
  /** Worked out only when no stored URL matches (most lookups are by webUrl). */
  identityKey: () => string | null,
  reads = READ_ALL,
): Promise<ArticleWithLists | null> {
  return (
    (await firstArticle(
      db,
      reads,
      'articleByWebUrl',
      Prisma.sql`FROM article a ${ARTICLE_PROVIDER_JOIN} WHERE a.web_url = ${url}`,
    )) ??
    (await firstArticle(
      db,
      reads,
      'articleByOtherUrl',
      Prisma.sql`FROM article a ${ARTICLE_PROVIDER_JOIN}
        WHERE a.id = (SELECT MIN(o.id) FROM article o WHERE o.original_url = ${url} OR o.amp_web_url = ${url})`,
    )) ??
    (await articleByIdentityKey(db, identityKey(), reads))
  );
}

async function articleByIdentityKey(db: Database, identityKey: string | null, reads: ArticleKeyReads) {
  if (identityKey === null) return null;
  return firstArticle(
    db,
    reads,
    'articleByIdentityKey',
    Prisma.sql`FROM article a ${ARTICLE_PROVIDER_JOIN} WHERE a.identity_key = ${identityKey}`,
  );
}
