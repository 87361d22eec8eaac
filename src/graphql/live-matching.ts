// Matching a batch of new article ids against subscribers' filters, shared: the feed hands every subscriber
// that was waiting for the same journal rows the same array of ids, and subscribers with the same filter
// (compared as canonical JSON) share one matching query per batch; all of a batch's subscribers share one set
// of loaders. Delivery then costs statements per distinct filter, not per subscriber. Reads go to the
// primary: the journal named these ids from there, and a lagging replica would not have them yet.
import { ArticleQueryError, type ArticleWhere, findArticleKeys } from '../db/article-list-store.js';
import type { ArticleRecord } from '../db/article-store.js';
import type { Database } from '../db/client.js';
import { badUserInput } from './errors.js';
import { createLoaders, type Loaders } from './loaders.js';

/** New ids are matched against a filter this many at a time (one statement each). */
const MATCH_CHUNK = 500;

interface Batch {
  loaders: Loaders;
  byFilter: Map<string, Promise<ArticleRecord[]>>;
}
/** Per array of ids the feed delivered: gone with the array once every subscriber has moved on. */
const batches = new WeakMap<readonly number[], Batch>();

/** JSON with object keys sorted, so equal filters give equal strings whatever order their fields came in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** The primary, for reads too. */
export const onPrimary = (db: Database): Database => ({ ...db, read: db.prisma, reader: db.primaryReader });

/**
 * The articles among `ids` the listing would show under `where`, in the order of `ids`, with the loaders their
 * nested fields resolve through. A failed query is forgotten, so a retry asks again.
 */
export function matchBatch(db: Database, ids: readonly number[], where: ArticleWhere, filterKey: string) {
  let batch = batches.get(ids);
  if (!batch) {
    batch = { loaders: createLoaders(onPrimary(db)), byFilter: new Map() };
    batches.set(ids, batch);
  }
  const { loaders, byFilter } = batch;
  let articles = byFilter.get(filterKey);
  if (!articles) {
    articles = matching(onPrimary(db), loaders, where, ids);
    byFilter.set(filterKey, articles);
    articles.catch(() => byFilter.delete(filterKey));
  }
  return articles.then((matched) => ({ articles: matched, loaders }));
}

/** Checks that the listing accepts `where` (throws BAD_USER_INPUT as it would), matching nothing. */
export async function checkFilter(db: Database, where: ArticleWhere): Promise<void> {
  await matching(onPrimary(db), createLoaders(onPrimary(db)), where, []);
}

async function matching(db: Database, loaders: Loaders, where: ArticleWhere, ids: readonly number[]): Promise<ArticleRecord[]> {
  const matched = new Set<number>();
  try {
    for (let i = 0; i === 0 || i < ids.length; i += MATCH_CHUNK) {
      const chunk = ids.slice(i, i + MATCH_CHUNK);
      const keys = await findArticleKeys(db, { ...where, ids: chunk }, 'PUBLISHED_AT_DESC', {
        limit: Math.max(chunk.length, 1),
        inverted: false,
      });
      for (const key of keys) matched.add(key.id);
    }
  } catch (error) {
    if (error instanceof ArticleQueryError) throw badUserInput(error.message);
    throw error;
  }
  if (matched.size === 0) return [];
  // An article gone since it was announced (deleted in between) is left out.
  const articles = await loaders.articleById.loadMany(ids.filter((id) => matched.has(id)));
  return articles.filter((article): article is ArticleRecord => article !== null && !(article instanceof Error));
}
