// Live stories: `articleAdded` over server-sent events. When the stream breaks (the server restarts, the network
// drops), the page subscribes again with a growing delay and asks for the newest page once the server answers:
// stories published while it was away show in the banner like any other arrival.
import type { Client } from '@urql/core';
import { useClient } from '@urql/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { onEnd, pipe, subscribe } from 'wonka';
import type { ArticleFilter, StorySummaryFragment } from '../gql/graphql.js';
import { FeedQuery } from '../queries.js';
import { ArticleAddedSubscription } from './article-added.js';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

const RETRY_MS = [500, 1_000, 2_000, 4_000, 8_000];

interface Options {
  filter: ArticleFilter;
  /** Ids the reader has on screen or waiting in the banner: a catch-up does not offer them again. */
  known: () => ReadonlySet<string>;
  onStories: (stories: StorySummaryFragment[]) => void;
}

type Stop = () => void;

/** Subscribes; calls `ended` once when the stream ends or fails. */
function listen(client: Client, filter: ArticleFilter, onStory: (story: StorySummaryFragment) => void, ended: () => void): Stop {
  let done = false;
  const end = () => {
    if (!done) {
      done = true;
      ended();
    }
  };
  const { unsubscribe } = pipe(
    client.subscription(ArticleAddedSubscription, { filter }),
    onEnd(end),
    subscribe((result: { data?: { articleAdded?: StorySummaryFragment }; error?: unknown; hasNext?: boolean }) => {
      if (result.data?.articleAdded) onStory(result.data.articleAdded);
      if (result.error || result.hasNext === false) end();
    }),
  );
  return () => {
    done = true;
    unsubscribe();
  };
}

export function useLiveStories({ filter, known, onStories }: Options): LiveStatus {
  const client = useClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const latest = useRef({ known, onStories });
  latest.current = { known, onStories };
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    const filter = JSON.parse(filterKey) as ArticleFilter;
    let stop: Stop = () => {};
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let closed = false;

    const retry = () => {
      stop();
      if (closed) return;
      setStatus('reconnecting');
      timer = setTimeout(() => connect(true), RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
    };
    const connect = (catchUp: boolean) => {
      // The stream's end and the catch-up's failure both mean "try again": once per attempt.
      let failed = false;
      const fail = () => {
        if (!failed && !closed) {
          failed = true;
          retry();
        }
      };
      stop = listen(client, filter, (story) => latest.current.onStories([story]), fail);
      if (!catchUp) {
        setStatus('live');
        return;
      }
      // The server answers again: what arrived while the stream was down is on its newest page.
      void client
        .query(FeedQuery, { first: 20, filter }, { requestPolicy: 'network-only' })
        .toPromise()
        .then((result) => {
          if (closed || failed) return;
          if (result.error) return fail();
          attempt = 0;
          setStatus('live');
          const known = latest.current.known();
          const missed = (result.data?.articles.edges ?? []).map((e) => e.node).filter((s) => !known.has(s.id));
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

  return status;
}
