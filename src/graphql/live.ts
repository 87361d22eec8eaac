// Subscription.articleAdded: every article that becomes visible in listings, pushed as it does. The filter is
// the listing's own: each batch of new ids goes through the listing query restricted to those ids, so a filter
// field means exactly what it means in `articles`. Nested fields resolve through fresh loaders per batch: a
// subscription lives for hours, and per-request loaders would serve what they cached at its start.
import { ArticleQueryError, type ArticleWhere, findArticleKeys } from '../db/article-list-store.js';
import type { Database } from '../db/client.js';
import type { Article } from '../generated/sqlite/client.js';
import { ArticleRef } from './article.js';
import { ArticleFilterInput, type ArticleListArgs, listingWhere } from './article-list.js';
import { builder, type Context } from './builder.js';
import { badUserInput } from './errors.js';
import { createLoaders, withArticles } from './loaders.js';

/** New ids are matched against a filter this many at a time (one statement each). */
const MATCH_CHUNK = 500;

builder.subscriptionFields((t) => ({
  articleAdded: t.field({
    type: ArticleRef,
    description:
      'Each article that becomes visible in listings from now on (a new article, or a stub upgraded to one; not updates), ' +
      'when it matches the filter as `articles` would list it. includeStubs is ignored: stubs are never announced.',
    args: { filter: t.arg({ type: ArticleFilterInput, required: false }) },
    subscribe: (_root, args, context) => articlesAdded(args.filter, context),
    resolve: (article) => article,
  }),
}));

async function articlesAdded(filter: ArticleListArgs['filter'], context: Context): Promise<AsyncIterableIterator<Article>> {
  const live = context.live;
  if (!live) throw badUserInput('This server does not serve subscriptions');
  const where: ArticleWhere = { ...listingWhere(filter), includeStubs: false };
  await matching(context, where, []); // a filter the listing refuses is refused now, not at the first article
  // The client may leave while this is still being set up: yoga then never gets the iterator and never calls
  // return(), so the request's abort signal releases the slot and the listener, checked after every await.
  const signal = live.signal;
  if (signal?.aborted) return finished();
  const release = live.acquire();
  const pending: number[][] = [];
  let wake: (() => void) | undefined;
  let stop: (() => void) | undefined;
  let done = false;
  const finish = () => {
    done = true;
    signal?.removeEventListener('abort', finish);
    stop?.();
    release();
    wake?.();
  };
  signal?.addEventListener('abort', finish, { once: true });
  try {
    const stopListening = await live.listen((ids) => {
      pending.push(ids);
      wake?.();
    });
    if (done) stopListening();
    else stop = stopListening;
  } catch (error) {
    finish();
    throw error;
  }
  if (done) return finished();
  const ready: Article[] = [];

  const iterator: AsyncIterableIterator<Article> = {
    async next() {
      while (!done && ready.length === 0) {
        const ids = pending.shift();
        if (ids) ready.push(...(await matching(context, where, ids)));
        else await new Promise<void>((resolve) => (wake = resolve));
      }
      const article = ready.shift();
      return done || !article ? { done: true, value: undefined } : { done: false, value: article };
    },
    async return() {
      finish();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** A stream that has already ended (its client left before it started). */
function finished(): AsyncIterableIterator<Article> {
  const iterator: AsyncIterableIterator<Article> = {
    next: async () => ({ done: true, value: undefined }),
    return: async () => ({ done: true, value: undefined }),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/**
 * The articles among `ids` the listing would show under `where`, in the order of `ids`, through fresh loaders.
 * Read on the primary: the journal named these ids from there, and a lagging replica would not have them yet.
 */
async function matching(context: Context, where: ArticleWhere, ids: readonly number[]): Promise<Article[]> {
  const db: Database = { ...context.db, read: context.db.prisma };
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
  context.loaders = createLoaders(db);
  const rows = await withArticles(
    context.loaders,
    ids.filter((id) => matched.has(id)),
    (id) => id,
  );
  return rows.map(({ article }) => article);
}
