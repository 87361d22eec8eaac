// The article listing shared by Query.articles, Provider.articles and Topic.articles: one filter input,
// one order enum, one resolver.
import {
  ARTICLE_ORDERS,
  type ArticleOrder,
  ArticleQueryError,
  type ArticleWhere,
  countArticles,
  findArticleKeys,
  type SortKey,
} from '../db/article-list-store.js';
import type { Article } from '../generated/sqlite/client.js';
import { normalizeDomain } from '../ingest/url.js';
import { builder, type Context } from './builder.js';
import { isStorableInstant } from './date-time.js';
import { badUserInput } from './errors.js';
import { withArticles } from './loaders.js';
import { type ConnectionArgs, connectionFromRows, decodeCursor, encodeCursor, isInt32, pageWindow } from './paging.js';

export const ArticleOrderEnum = builder.enumType('ArticleOrder', {
  description: 'Order of an article listing. Ties are broken by id, so cursors never skip or repeat a row.',
  values: {
    PUBLISHED_AT_DESC: { description: 'Newest first (default); articles without a date last.' },
    PUBLISHED_AT_ASC: { description: 'Oldest first; articles without a date last.' },
    QUALITY_DESC: { description: 'Highest quality score first.' },
    HEAT_DESC: { description: 'Hottest first.' },
    RELEVANCE: { description: 'Best full-text match first; requires filter.search.' },
  } satisfies Record<ArticleOrder, unknown>,
});

export const ArticleFilterInput = builder.inputType('ArticleFilter', {
  description: 'All given conditions must hold.',
  fields: (t) => ({
    topic: t.string({ required: false, description: 'Topic slug or name in any script (case and width do not matter).' }),
    providerDomain: t.string({ required: false, description: 'Provider domain, e.g. "cnn.com".' }),
    from: t.field({ type: 'DateTime', required: false, description: 'publishedAt on or after this instant.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'publishedAt strictly before this instant.' }),
    type: t.string({ required: false }),
    category: t.string({ required: false }),
    minQuality: t.int({ required: false, description: 'quality >= minQuality.' }),
    published: t.boolean({ required: false }),
    search: t.string({ required: false, description: 'Full-text search over title, excerpt and body; every word must match.' }),
    includeStubs: t.boolean({
      required: false,
      description: "Also list stories known only as another article's related story (default false).",
    }),
  }),
});

export interface ArticleListArgs extends ConnectionArgs {
  filter?: Partial<Record<keyof ArticleWhere, unknown>> | null;
  orderBy?: ArticleOrder | null;
}

/**
 * A cursor's position must fit the ordering's column: a date, an integer, or a finite score. Integers are any
 * a row can hold, not only 32-bit ones: rows stored before ingest checked quality and heat against the 32-bit
 * range hold larger values on SQLite, and the cursor emitted after such a row must come back.
 */
function isSortKeyFor(order: ArticleOrder) {
  const isValue = (v: unknown) => {
    if (v === null) return order !== 'RELEVANCE';
    // A date as the cursor's encoder writes it, in the years the databases store (no PostgreSQL error on 0000).
    if (order === 'PUBLISHED_AT_DESC' || order === 'PUBLISHED_AT_ASC') {
      return typeof v === 'string' && isStorableInstant(Date.parse(v)) && new Date(v).toISOString() === v;
    }
    if (order === 'RELEVANCE') return typeof v === 'number' && Number.isFinite(v);
    return Number.isSafeInteger(v);
  };
  return (p: unknown[]) => p.length === 2 && isValue(p[0]) && isInt32(p[1]) && p[1] > 0;
}

/**
 * The listing conditions of an ArticleFilter argument, as the store takes them. Every reader of a filter goes
 * through here (listings and articleAdded), so a filter means the same wherever it is given.
 */
export function listingWhere(
  filter: ArticleListArgs['filter'],
  scope: Pick<ArticleWhere, 'providerId' | 'topicId' | 'ids'> = {},
): ArticleWhere {
  const given = filter as ArticleWhere | null | undefined;
  return {
    ...given,
    ...(given?.providerDomain ? { providerDomain: normalizeDomain(given.providerDomain) } : {}),
    ...scope,
  };
}

/** Resolves one page of articles for a connection field; `scope` narrows to a provider or topic. */
export async function resolveArticleList(
  args: ArticleListArgs,
  context: Context,
  scope: Pick<ArticleWhere, 'providerId' | 'topicId'> = {},
) {
  const order: ArticleOrder = args.orderBy ?? 'PUBLISHED_AT_DESC';
  if (!ARTICLE_ORDERS.includes(order)) throw badUserInput(`Unknown order ${String(order)}`);
  const where = listingWhere(args.filter, scope);
  const window = pageWindow(args, (cursor) => {
    const [value, id] = decodeCursor(order, cursor, isSortKeyFor(order)) as [SortKey['value'], number];
    return { value, id };
  });
  try {
    const keys = await findArticleKeys(context.db, where, order, window);
    const rows = await withArticles(context.loaders, keys, (key) => key.id);
    return connectionFromRows(
      rows,
      window,
      ({ item: key }) => encodeCursor(order, [key.value, key.id]),
      ({ article }): Article => article,
      () => countArticles(context.db, where),
    );
  } catch (error) {
    if (error instanceof ArticleQueryError) throw badUserInput(error.message);
    throw error;
  }
}
