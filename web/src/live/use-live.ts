// Live stories: `articleAdded` over server-sent events. When the stream breaks (the server restarts, the network
// drops), the page subscribes again with a growing delay and, once the server answers, pages through the newest
// stories back to ones it knows: stories published while it was away show in the banner like any other arrival.
// A refusal (a GraphQL error: too many live streams for this client, a filter the server rejects) is no outage:
// retrying would be refused again, so the page says why and stops.
import type { Client, CombinedError, OperationResult } from '@urql/core';
import { useClient } from '@urql/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { onEnd, pipe, subscribe } from 'wonka';
import type { ArticleFilter, FeedQuery as FeedResult, StorySummaryFragment } from '../gql/graphql.js';
import { FeedQuery } from '../queries.js';
import { ArticleAddedSubscription } from './article-added.js';

export type LiveState =
  | { status: 'connecting' | 'live' | 'reconnecting' }
  /** Refused by the server: `reason` in its words. */
  | { status: 'unavailable'; reason: string }
  /** Caught up, but more stories arrived while away than the catch-up pages: the reader should reload. */
  | { status: 'behind' };

const RETRY_MS = [500, 1_000, 2_000, 4_000, 8_000];
/** The catch-up reads at most this many pages of CATCH_UP_PAGE newest stories looking for one it knows. */
export const CATCH_UP_PAGES = 5;
/** Not the feed's page size (20): the catch-up's queries are others than the feed's, never updating its pages. */
const CATCH_UP_PAGE = 25;

interface Options {
  filter: ArticleFilter;
  /** Ids the reader has on screen or waiting in the banner: a catch-up does not offer them again. */
  known: () => ReadonlySet<string>;
  onStories: (stories: StorySummaryFragment[]) => void;
}

type Stop = () => void;
type Ended = (refusal?: string) => void;

/** The server's reason when it refused (GraphQL errors, no transport failure); undefined for an outage. */
export function refusal(error: CombinedError | undefined): string | undefined {
  if (!error || error.networkError || error.graphQLErrors.length === 0) return undefined;
  return error.graphQLErrors.map((e) => e.message).join(' ');
}

/** Subscribes; calls `ended` once when the stream ends or fails, with the server's reason if it refused. */
function listen(client: Client, filter: ArticleFilter, onStory: (story: StorySummaryFragment) => void, ended: Ended): Stop {
  let done = false;
  const end: Ended = (reason) => {
    if (!done) {
      done = true;
      ended(reason);
    }
  };
  const { unsubscribe } = pipe(
    client.subscription(ArticleAddedSubscription, { filter }),
    onEnd(() => end()),
    subscribe((result: { data?: { articleAdded?: StorySummaryFragment }; error?: CombinedError; hasNext?: boolean }) => {
      if (result.data?.articleAdded) onStory(result.data.articleAdded);
      if (result.error) end(refusal(result.error));
      else if (result.hasNext === false) end();
    }),
  );
  return () => {
    done = true;
    unsubscribe();
  };
}

/**
 * The stories missed while away: the newest pages, down to the first story already known. Bounded: after
 * CATCH_UP_PAGES pages without one, `complete` is false. The API has no arrival order, so a story ingested while away
 * with an older publish date than the known ones is not found (see README).
 */
async function catchUp(
  client: Client,
  filter: ArticleFilter,
  known: ReadonlySet<string>,
): Promise<{ missed: StorySummaryFragment[]; complete: boolean } | { error: CombinedError }> {
  const missed: StorySummaryFragment[] = [];
  let after: string | null = null;
  for (let page = 0; page < CATCH_UP_PAGES; page++) {
    const result: OperationResult<FeedResult> = await client
      .query(FeedQuery, { first: CATCH_UP_PAGE, after, filter, orderBy: 'PUBLISHED_AT_DESC' }, { requestPolicy: 'network-only' })
      .toPromise();
    if (result.error || !result.data) return { error: result.error! };
    const { edges, pageInfo } = result.data.articles;
    let reached = false;
    for (const { node } of edges) {
      if (known.has(node.id)) reached = true;
      else missed.push(node);
    }
    if (reached || !pageInfo.hasNextPage) return { missed, complete: true };
    after = pageInfo.endCursor ?? null;
  }
  return { missed, complete: false };
}

export function useLiveStories({ filter, known, onStories }: Options): LiveState {
  const client = useClient();
  const [state, setState] = useState<LiveState>({ status: 'connecting' });
  const latest = useRef({ known, onStories });
  latest.current = { known, onStories };
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    const filter = JSON.parse(filterKey) as ArticleFilter;
    let stop: Stop = () => {};
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let closed = false;
    setState({ status: 'connecting' });

    const retry = () => {
      stop();
      if (closed) return;
      setState({ status: 'reconnecting' });
      timer = setTimeout(() => connect(true), RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
    };
    const connect = (again: boolean) => {
      // The stream's end and the catch-up's failure both mean "try again": once per attempt. A refusal stops.
      let failed = false;
      const fail: Ended = (reason) => {
        if (failed || closed) return;
        failed = true;
        if (reason === undefined) return retry();
        // Not stop(): the refused request has ended by itself, and aborting it now throws in the page.
        setState({ status: 'unavailable', reason });
      };
      stop = listen(client, filter, (story) => latest.current.onStories([story]), fail);
      if (!again) {
        setState({ status: 'live' });
        return;
      }
      void catchUp(client, filter, latest.current.known()).then((result) => {
        if (closed || failed) return;
        if ('error' in result) return fail(refusal(result.error));
        attempt = 0;
        setState({ status: result.complete ? 'live' : 'behind' });
        // Known ids may have grown while the pages were read.
        const known = latest.current.known();
        const missed = result.missed.filter((s) => !known.has(s.id));
        if (missed.length) latest.current.onStories(missed);
      });
    };
    connect(false);
    return () => {
      closed = true;
      clearTimeout(timer);
      stop();
    };
  }, [client, filterKey]);

  return state;
}
