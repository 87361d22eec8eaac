// The article listing shared by Query.articles, Provider.articles and Topic.articles: one filter input,
// one order enum, one resolver.

import type { GraphQLResolveInfo } from 'graphql';
import {
  ARTICLE_ORDERS,
  type ArticleOrder,
  ArticleQueryError,
  type ArticleWhere,
  countArticles,
  findArticlePage,
  type SortKey,
} from '../db/article-list-store.js';
import type { ArticleRecord } from '../db/article-store.js';
import { primaryLanguage } from '../ingest/language.js';
import { normalizeDomain } from '../ingest/url.js';
import { builder, type Context } from './builder.js';
import { isStorableInstant } from './date-time.js';
import { badUserInput } from './errors.js';
import { primeArticles } from './loaders.js';
import {
  type ConnectionArgs,
  connectionFromRows,
  decodeCursor,
  encodeCursor,
  isInt32,
  MAX_LIST_SIZE,
  pageWindow,
  selectsField,
} from './paging.js';
import { articleReadsAsked } from './prefetch.js';

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
  description:
    'All given conditions must hold. An empty string is BAD_USER_INPUT in every field (leave a field out for no condition).',
  fields: (t) => ({
    topic: t.string({ required: false, description: 'Topic slug or name in any script (case and width do not matter).' }),
    topics: t.stringList({
      required: false,
      description: `Articles filed under any of these topics (slugs or names, as topic); at most ${MAX_LIST_SIZE}. An empty list is no condition.`,
    }),
    providerDomain: t.string({ required: false, description: 'Provider domain, e.g. "cnn.com".' }),
    providerDomains: t.stringList({
      required: false,
      description: `Articles of any of these provider domains; at most ${MAX_LIST_SIZE}. An empty list is no condition.`,
    }),
    excludeProviderDomains: t.stringList({
      required: false,
      description: `No article of these provider domains (articles without a provider stay); at most ${MAX_LIST_SIZE}.`,
    }),
    language: t.string({
      required: false,
      description: 'Articles in this language: a BCP 47 tag, of which the primary subtag counts ("en-GB" lists "en").',
    }),
    hasImage: t.boolean({ required: false, description: 'true: articles with at least one image; false: without any.' }),
    from: t.field({ type: 'DateTime', required: false, description: 'publishedAt on or after this instant.' }),
    to: t.field({ type: 'DateTime', required: false, description: 'publishedAt strictly before this instant.' }),
    type: t.string({ required: false }),
    category: t.string({ required: false }),
    minQuality: t.int({ required: false, description: 'quality >= minQuality.' }),
    published: t.boolean({ required: false }),
    search: t.string({
      required: false,
      description:
        'Full-text search over title, excerpt and body: every word must match (at most 32 distinct words, BAD_USER_INPUT above; a word over 64 characters matches nothing), in any script, ignoring case, Latin and Greek diacritics, Cyrillic stress accents, Arabic vowel marks and tatweel, Hebrew points and Arabic/Persian alef, yeh and kaf variants; Latin-letter words are matched by their English Porter stem whatever the language; in Chinese, Japanese, Korean and Thai every pair of adjacent characters of the query must occur (so a word inside a longer one is found); no word is ignored as a stopword.',
    }),
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

function checkedList(name: string, values: readonly string[] | null | undefined): readonly string[] | null | undefined {
  if (values && values.length > MAX_LIST_SIZE) {
    throw badUserInput(`filter.${name} takes at most ${MAX_LIST_SIZE} values, got ${values.length}`);
  }
  return values;
}

const TEXT_FIELDS = ['topic', 'providerDomain', 'language', 'type', 'category', 'search'] as const;
const LIST_FIELDS = ['topics', 'providerDomains', 'excludeProviderDomains'] as const;

/** An empty (or blank) string names nothing: an error in every field, never "no condition" in some. */
function refuseEmptyStrings(filter: ArticleWhere): void {
  const blank = (value: string | null | undefined) => value != null && value.trim() === '';
  for (const name of TEXT_FIELDS) {
    if (blank(filter[name])) throw badUserInput(`filter.${name} must not be empty: leave the field out for no condition`);
  }
  for (const name of LIST_FIELDS) {
    const at = filter[name]?.findIndex(blank) ?? -1;
    if (at >= 0) throw badUserInput(`filter.${name}[${at}] must not be empty`);
  }
}

/** The filter as the store takes it: lists checked against MAX_LIST_SIZE, domains and language normalized. */
function articleWhere(filter: ArticleWhere | null): ArticleWhere {
  if (!filter) return {};
  refuseEmptyStrings(filter);
  const domains = (name: string, values: readonly string[] | null | undefined) => checkedList(name, values)?.map(normalizeDomain);
  let language: string | null | undefined = filter.language;
  if (language != null) {
    try {
      // "und" (undetermined) is no stored language: it matches no article.
      language = primaryLanguage(language) ?? 'und';
    } catch {
      throw badUserInput(`filter.language must be a BCP 47 language tag like "en" or "pt-BR", got ${JSON.stringify(language)}`);
    }
  }
  return {
    ...filter,
    topics: checkedList('topics', filter.topics),
    providerDomains: domains('providerDomains', filter.providerDomains),
    excludeProviderDomains: domains('excludeProviderDomains', filter.excludeProviderDomains),
    language,
    ...(filter.providerDomain != null ? { providerDomain: normalizeDomain(filter.providerDomain) } : {}),
  };
}

/**
 * The listing conditions of an ArticleFilter argument, as the store takes them. Every reader of a filter goes
 * through here (listings and articleAdded), so a filter means the same wherever it is given.
 */
export function listingWhere(
  filter: ArticleListArgs['filter'],
  scope: Pick<ArticleWhere, 'providerId' | 'topicId' | 'ids'> = {},
): ArticleWhere {
  return {
    ...articleWhere((filter as ArticleWhere | null | undefined) ?? null),
    ...scope,
  };
}

/** Resolves one page of articles for a connection field; `scope` narrows to a provider or topic. */
export async function resolveArticleList(
  args: ArticleListArgs,
  context: Context,
  info: GraphQLResolveInfo,
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
    const { lists, columns } = articleReadsAsked(info, ['edges', 'node']);
    const { rows, totalCount } = await findArticlePage(context.db, where, order, window, {
      withCount: selectsField(info, 'totalCount'),
      lists,
      columns,
    });
    primeArticles(context.loaders, rows, columns);
    return connectionFromRows(
      rows,
      window,
      ({ key }) => encodeCursor(order, [key.value, key.id]),
      ({ article }): ArticleRecord => article,
      // Read with the page when the selection asks for it; asked for otherwise (a fragment on a type
      // condition the selection check cannot see through is still counted, by a statement of its own).
      () => totalCount ?? countArticles(context.db, where),
    );
  } catch (error) {
    if (error instanceof ArticleQueryError) throw badUserInput(error.message);
    throw error;
  }
}
