// Every DataLoader of the API, created per request and wired to the stores in src/db: each relation costs
// one SQL statement per level of the query, however many parents that level has. `batch: false`
// (benchmarks only) turns them into the naive one-query-per-parent baseline.
import DataLoader from 'dataloader';
import type { ArticleListValues } from '../db/article-lists.js';
import type { ArticleColumnSet, ArticleRecord } from '../db/article-store.js';
import { articleBodies, articlesByIds } from '../db/article-store.js';
import type { Database } from '../db/client.js';
import { providerArticleCounts, providersByIds } from '../db/provider-store.js';
import {
  imagesOfArticles,
  imagesOfProviders,
  type LinkDirection,
  type LinkPage,
  type LinkRow,
  linkCounts,
  linkPages,
  topicsOfArticles,
} from '../db/relation-store.js';
import type { CountRow } from '../db/statements.js';
import { topicArticleCounts, topicsByIds } from '../db/topic-store.js';
import type { Topic } from '../generated/sqlite/client.js';

export type { LinkRow } from '../db/relation-store.js';

/** A per-parent page of a link list. */
export interface LinkPageKey extends LinkPage {
  parentId: number;
}

/** The first `limit` items of a parent's list (topics, images). */
export interface FirstItemsKey {
  parentId: number;
  limit: number;
}

export function createLoaders(db: Database, options: { batch?: boolean } = {}) {
  const batch = options.batch ?? true;
  /** One row per id, or null. */
  const byId = <T extends { id: number }>(load: (ids: readonly number[]) => Promise<T[]>) =>
    new DataLoader<number, T | null>(
      async (ids) => {
        const rows = new Map((await load(ids)).map((r) => [r.id, r]));
        return ids.map((id) => rows.get(id) ?? null);
      },
      { batch },
    );
  /**
   * The first rows of each parent, in the order the store returns them. Keys asking for the same number share
   * one statement, which limits each parent's rows itself.
   */
  const firstItems = <R, T>(
    load: (ids: readonly number[], limit: number) => Promise<R[]>,
    parentOf: (row: R) => number | null,
    value: (row: R) => T,
  ) =>
    new DataLoader<FirstItemsKey, T[], string>(
      async (keys) => {
        const groups = new Map<string, T[]>(keys.map((key) => [firstItemsCacheKey(key), []]));
        for (const limit of new Set(keys.map((key) => key.limit))) {
          if (limit === 0) continue;
          const ids = [...new Set(keys.filter((key) => key.limit === limit).map((key) => key.parentId))];
          for (const row of await load(ids, limit)) {
            const parentId = parentOf(row);
            if (parentId !== null) groups.get(firstItemsCacheKey({ parentId, limit }))?.push(value(row));
          }
        }
        return keys.map((key) => groups.get(firstItemsCacheKey(key)) ?? []);
      },
      { batch, cacheKeyFn: firstItemsCacheKey },
    );
  /** A count per parent; parents the store has no row for count 0. */
  const counts = (load: (ids: readonly number[]) => Promise<CountRow[]>) =>
    new DataLoader<number, number>(
      async (ids) => {
        const byParent = new Map((await load(ids)).map((r) => [r.id, r.n]));
        return ids.map((id) => byParent.get(id) ?? 0);
      },
      { batch },
    );

  return {
    articleById: byId((ids) => articlesByIds(db, ids)),
    /** Article.body: only queries that ask for it read it. */
    articleBodyById: new DataLoader<number, string | null>(
      async (ids) => {
        const bodies = new Map((await articleBodies(db, ids)).map((row) => [row.id, row.body]));
        return ids.map((id) => bodies.get(id) ?? null);
      },
      { batch },
    ),
    providerById: byId((ids) => providersByIds(db, ids)),
    topicById: byId((ids) => topicsByIds(db, ids)),

    topicsByArticle: firstItems(
      (ids, limit) => topicsOfArticles(db, ids, limit),
      (row) => row.articleId,
      ({ id, name, key, slug }): Topic => ({ id, name, key, slug }),
    ),
    imagesByArticle: firstItems(
      (ids, limit) => imagesOfArticles(db, ids, limit),
      (image) => image.articleId,
      (image) => image,
    ),
    imagesByProvider: firstItems(
      (ids, limit) => imagesOfProviders(db, ids, limit),
      (image) => image.providerId,
      (image) => image,
    ),

    /** related(first, after): per-parent pages in file order. */
    relatedPage: linkPageLoader(db, 'related', batch),
    /** relatedTo(first, after): the articles listing the parent, in the order of their link's creation. */
    relatedToPage: linkPageLoader(db, 'relatedTo', batch),
    relatedCount: counts((ids) => linkCounts(db, 'related', ids)),
    relatedToCount: counts((ids) => linkCounts(db, 'relatedTo', ids)),
    topicArticleCount: counts((ids) => topicArticleCounts(db, ids)),
    providerArticleCount: counts((ids) => providerArticleCounts(db, ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/**
 * Articles a page statement read with its rows, and the lists read with them: nested levels then find them
 * in the loaders without another statement. Records of the `card` column set stay with their level: cached
 * by id, another field could read the columns they leave null.
 */
export function primeArticles(
  loaders: Loaders,
  rows: Iterable<{ article: ArticleRecord; lists?: ArticleListValues }>,
  columns: ArticleColumnSet = 'all',
): void {
  for (const { article, lists } of rows) {
    if (columns === 'all') loaders.articleById.prime(article.id, article);
    if (lists?.topics) loaders.topicsByArticle.prime({ parentId: article.id, limit: lists.topics.limit }, lists.topics.items);
    if (lists?.images) loaders.imagesByArticle.prime({ parentId: article.id, limit: lists.images.limit }, lists.images.items);
  }
}

/** An article's provider: from the article's own row (read with it), through providerById (one object each). */
export function providerOfArticle(loaders: Loaders, article: ArticleRecord) {
  const { providerId, providerName, providerDomain } = article;
  if (providerId === null) return null;
  if (providerName !== null && providerDomain !== null) {
    loaders.providerById.prime(providerId, { id: providerId, name: providerName, domain: providerDomain });
  }
  return loaders.providerById.load(providerId);
}

/**
 * Keys asking for the same page (same cursors, size and direction) share one statement; different pages of
 * one level (rare: aliases) take one each. The "rank" of relatedTo rows is the listing article's id, so both
 * directions page on a stable, unique key.
 */
function linkPageLoader(db: Database, direction: LinkDirection, batch: boolean) {
  return new DataLoader<LinkPageKey, LinkRow[], string>(
    async (keys) => {
      const groups = new Map<string, LinkPageKey[]>();
      for (const key of keys) {
        const shape = pageShape(key);
        const group = groups.get(shape);
        if (group) group.push(key);
        else groups.set(shape, [key]);
      }
      // Keys of one group differ by parent only: rows are sorted to their page by parent id, with no key
      // built per row.
      const pages = new Map<LinkPageKey, LinkRow[]>();
      for (const group of groups.values()) {
        const byParent = new Map<number, LinkRow[]>();
        for (const key of group) {
          const rows = byParent.get(key.parentId) ?? [];
          byParent.set(key.parentId, rows);
          pages.set(key, rows);
        }
        for (const row of await linkPages(db, direction, [...byParent.keys()], group[0]!)) byParent.get(row.parentId)?.push(row);
      }
      return keys.map((key) => pages.get(key) ?? []);
    },
    { batch, cacheKeyFn: cacheKey },
  );
}

function firstItemsCacheKey(key: FirstItemsKey): string {
  return `${key.parentId}:${key.limit}`;
}

/** A page's shape as a string (every field is a number, null, a boolean or a column set's name). */
function pageShape(page: LinkPage): string {
  return `${page.afterRank}|${page.beforeRank}|${page.limit}|${page.inverted}|${page.lists.topics}|${page.lists.images}|${page.columns}`;
}

/** Built per key of every level's parents: a template, not JSON.stringify of an array. */
function cacheKey(key: LinkPageKey): string {
  return `${key.parentId}|${pageShape(key)}`;
}
