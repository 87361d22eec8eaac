// Subscription.articleAdded: every article that becomes visible in listings, pushed as it does. The filter is
// the listing's own: each batch of new ids goes through the listing query restricted to those ids, so a filter
// field means exactly what it means in `articles` (src/graphql/live-matching.ts, shared by subscribers with the
// same filter). Nested fields resolve through fresh loaders per batch: a subscription lives for hours, and
// per-request loaders would serve what they cached at its start.
import { GraphQLError } from 'graphql';
import type { ArticleWhere } from '../db/article-list-store.js';
import type { ArticleRecord } from '../db/article-store.js';
import { ArticleRef } from './article.js';
import { ArticleFilterInput, type ArticleListArgs, listingWhere } from './article-list.js';
import { builder, type Context } from './builder.js';
import { badUserInput, limitExceeded } from './errors.js';
import { canonical, checkFilter, matchBatch } from './live-matching.js';

/** A failed match (a transient database error) is retried this many times, waiting longer each time. */
const MATCH_RETRIES = 4;
const RETRY_BASE_MS = 100;

builder.subscriptionFields((t) => ({
  articleAdded: t.field({
    type: ArticleRef,
    description:
      'Each article that becomes visible in listings from now on (a new article, or a stub upgraded to one; not updates), ' +
      'when it matches the filter as `articles` would list it. includeStubs is ignored: stubs are never announced.',
    args: { filter: t.arg({ type: ArticleFilterInput, required: false }) },
    subscribe: (_root, args, context) => articlesAdded(args.filter, context),
    // An error the stream ends with arrives as its last event (the error payload), then the stream completes.
    resolve: (item) => {
      if (item instanceof Error) throw item;
      return item;
    },
  }),
}));

async function articlesAdded(
  filter: ArticleListArgs['filter'],
  context: Context,
): Promise<AsyncIterableIterator<ArticleRecord | Error>> {
  const live = context.live;
  if (!live) throw badUserInput('This server does not serve subscriptions');
  const where: ArticleWhere = { ...listingWhere(filter), includeStubs: false };
  const filterKey = canonical(where);
  await checkFilter(context.db, where); // a filter the listing refuses is refused now, not at the first article
  // The client may leave while this is still being set up: yoga then never gets the iterator and never calls
  // return(), so the request's abort signal releases the slot and the listener, checked after every await.
  const signal = live.signal;
  if (signal?.aborted) return finished();
  const release = live.acquire();
  const pending: (readonly number[])[] = [];
  let backlog = 0;
  let wake: (() => void) | undefined;
  let stop: (() => void) | undefined;
  let done = false;
  const ready: (ArticleRecord | Error)[] = [];
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
      backlog += ids.length;
      if (backlog > live.maxBacklog) {
        // Too far behind to catch up: end with an error saying so rather than queue without bound.
        pending.length = 0;
        ready.length = 0;
        ready.push(
          limitExceeded(
            `This subscription fell more than ${live.maxBacklog} new articles behind and was ended: subscribe again, and catch up through articles`,
            'MAX_SUBSCRIPTION_BACKLOG',
          ),
        );
        stop?.();
        stop = undefined;
      } else pending.push(ids);
      wake?.();
    });
    if (done) stopListening();
    else stop = stopListening;
  } catch (error) {
    finish();
    throw error;
  }
  if (done) return finished();
  let ending = false;

  /** The next batch's matches, retried with backoff; after the last retry, the error ends the stream (masked). */
  const matchNext = async (ids: readonly number[]): Promise<(ArticleRecord | Error)[]> => {
    for (let attempt = 0; ; attempt++) {
      try {
        const { articles, loaders } = await matchBatch(context.db, ids, where, filterKey);
        context.loaders = loaders;
        return articles;
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        if (attempt >= MATCH_RETRIES) return [error instanceof Error ? error : new Error(String(error))];
        await new Promise((resolve) => setTimeout(resolve, RETRY_BASE_MS * 2 ** attempt));
        if (done) return [];
      }
    }
  };

  const iterator: AsyncIterableIterator<ArticleRecord | Error> = {
    async next() {
      while (!done && !ending && ready.length === 0) {
        const ids = pending.shift();
        if (ids) {
          backlog -= ids.length;
          ready.push(...(await matchNext(ids)));
        } else if (!stop)
          break; // ended over the backlog cap, its error already sent
        else await new Promise<void>((resolve) => (wake = resolve));
      }
      const item = ending ? undefined : ready.shift(); // nothing follows an error
      if (done || !item) {
        finish();
        return { done: true, value: undefined };
      }
      if (item instanceof Error) ending = true; // the last event
      return { done: false, value: item };
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
function finished(): AsyncIterableIterator<ArticleRecord | Error> {
  const iterator: AsyncIterableIterator<ArticleRecord | Error> = {
    next: async () => ({ done: true, value: undefined }),
    return: async () => ({ done: true, value: undefined }),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
