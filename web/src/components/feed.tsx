// The feed: pages of stories under the URL's filters, each page its own query keyed by the cursor before it, so
// scrolling adds a page without asking again for what is shown. New stories wait in a banner until the reader
// inserts them. A story is shown once: inserted stories and earlier pages hide their ids from later pages (an
// inserted story reaches a loaded page later; a heat or quality order shifts between page loads).
import { useQuery } from '@urql/preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { StorySummaryFragment } from '../gql/graphql.js';
import { type LiveState, useLiveStories } from '../live/use-live.js';
import { FeedQuery } from '../queries.js';
import { articleFilter, type Filters, hasFilters, navigate, SORTS } from '../route.js';
import { Empty, ErrorState, Loading } from './states.js';
import { StoryCard } from './story-card.js';

const PAGE_SIZE = 20;

interface PageProps {
  filters: Filters;
  after: string | null;
  last: boolean;
  /** Ids shown above this page (inserted stories, earlier pages): not repeated here. */
  hidden: ReadonlySet<string>;
  onIds: (after: string | null, ids: string[]) => void;
  onNext: (cursor: string) => void;
  /** Back to the first page (a page position the server no longer accepts). */
  onRestart: () => void;
}

function FeedPage({ filters, after, last, hidden, onIds, onNext, onRestart }: PageProps) {
  const variables = { first: PAGE_SIZE, after, filter: articleFilter(filters), orderBy: SORTS[filters.sort].order };
  const [{ data, fetching, error }, refetch] = useQuery({ query: FeedQuery, variables });
  const sentinel = useRef<HTMLDivElement>(null);
  const connection = data?.articles;
  const next = last && connection?.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;

  useEffect(() => {
    const target = sentinel.current;
    if (!next || !target) return;
    // Load the next page a screen before the reader reaches the end.
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onNext(next), {
      rootMargin: '800px 0px',
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [next, onNext]);

  const ids = connection?.edges.map((e) => e.node.id);
  const idsKey = ids?.join(',');
  useEffect(() => {
    if (ids) onIds(after, ids);
  }, [after, idsKey, onIds]);

  if (error) {
    // A later page's cursor that fails (stale, or the server gone) starts again from the top: resending it would fail
    // the same way.
    const retry = after === null ? () => refetch({ requestPolicy: 'network-only' }) : onRestart;
    return <ErrorState error={error} retry={retry} retryLabel={after === null ? 'Try again' : 'Start again from the top'} />;
  }
  if (!connection) return fetching ? <Loading>Loading stories…</Loading> : null;
  if (after === null && connection.edges.length === 0) {
    return (
      <Empty>
        <p>No stories match {hasFilters(filters) ? 'these filters' : 'yet: the database holds none'}.</p>
        {hasFilters(filters) && (
          <button type="button" onClick={() => navigate('/')}>
            Show all stories
          </button>
        )}
      </Empty>
    );
  }
  return (
    <>
      {after === null && (
        <p class="muted count" aria-live="polite">
          {connection.totalCount} {connection.totalCount === 1 ? 'story' : 'stories'}
        </p>
      )}
      {connection.edges
        .filter((edge) => !hidden.has(edge.node.id))
        .map((edge) => (
          <StoryCard key={edge.node.id} story={edge.node} />
        ))}
      {next && (
        <div ref={sentinel} class="more">
          <button type="button" class="secondary" onClick={() => onNext(next)}>
            Load more stories
          </button>
        </div>
      )}
      {last && !connection.pageInfo.hasNextPage && after !== null && <p class="muted end">End of the list.</p>}
    </>
  );
}

function LiveBanner({ count, live, onShow }: { count: number; live: LiveState; onShow: () => void }) {
  return (
    <div class="live" aria-live="polite">
      {count > 0 && (
        <button type="button" class="banner" onClick={onShow}>
          {count} new {count === 1 ? 'story' : 'stories'} — show
        </button>
      )}
      {live.status === 'reconnecting' && <p class="muted">Connection lost: reconnecting…</p>}
      {live.status === 'unavailable' && (
        <p class="muted live-off">Live updates are unavailable: {live.reason} Reload the page to try again.</p>
      )}
      {live.status === 'behind' && (
        <p class="muted">
          More stories arrived while the connection was down than the page fetched:{' '}
          <button type="button" class="link-button" onClick={() => location.reload()}>
            reload
          </button>{' '}
          to see them all.
        </p>
      )}
    </div>
  );
}

export function Feed({ filters }: { filters: Filters }) {
  const key = JSON.stringify(filters);
  // Cursors belong to the filters they were read under: another view starts from its first page at once, never
  // asking for a page with a cursor of another ordering.
  const [paged, setPaged] = useState<{ key: string; cursors: (string | null)[] }>({ key, cursors: [null] });
  const cursors = paged.key === key ? paged.cursors : [null];
  const [pending, setPending] = useState<StorySummaryFragment[]>([]);
  const [inserted, setInserted] = useState<StorySummaryFragment[]>([]);
  // The ids each loaded page holds, by the cursor it starts after.
  const [pageIds, setPageIds] = useState<{ key: string; ids: Map<string | null, string[]> }>({ key, ids: new Map() });
  const pages = pageIds.key === key ? pageIds.ids : new Map<string | null, string[]>();
  const seen = useMemo(() => new Set([...pages.values()].flat()), [pages]);
  const seenRef = useRef(seen);
  seenRef.current = seen;

  useEffect(() => {
    setPending([]);
    setInserted([]);
  }, [key]);

  const onNext = useCallback(
    (cursor: string) =>
      setPaged((state) => {
        const list = state.key === key ? state.cursors : [null];
        return { key, cursors: list.includes(cursor) ? list : [...list, cursor] };
      }),
    [key],
  );
  const onRestart = useCallback(() => {
    setPaged({ key, cursors: [null] });
    window.scrollTo(0, 0);
  }, [key]);
  const onIds = useCallback(
    (after: string | null, ids: string[]) =>
      setPageIds((state) => {
        const map = new Map(state.key === key ? state.ids : []);
        map.set(after, ids);
        return { key, ids: map };
      }),
    [key],
  );
  const known = useCallback(
    () => new Set([...seenRef.current, ...pending.map((s) => s.id), ...inserted.map((s) => s.id)]),
    [pending, inserted],
  );
  const onStories = useCallback(
    (stories: StorySummaryFragment[]) =>
      setPending((list) => {
        const ids = new Set(list.map((s) => s.id));
        return [...stories.filter((s) => !ids.has(s.id) && !seenRef.current.has(s.id)), ...list];
      }),
    [],
  );
  const filter = useMemo(() => articleFilter(filters), [key]);
  const live = useLiveStories({ filter, known, onStories });

  // What each page must not repeat: the inserted stories and the pages before it.
  const hiddenBefore: ReadonlySet<string>[] = [];
  const hidden = new Set(inserted.map((s) => s.id));
  for (const after of cursors) {
    hiddenBefore.push(new Set(hidden));
    for (const id of pages.get(after) ?? []) hidden.add(id);
  }

  return (
    <section class="feed" aria-label="Stories">
      <LiveBanner
        count={pending.length}
        live={live}
        onShow={() => {
          setInserted((list) => {
            const ids = new Set(list.map((s) => s.id));
            // A waiting story the reader has since scrolled to stays where it is.
            return [...pending.filter((s) => !ids.has(s.id) && !seen.has(s.id)), ...list];
          });
          setPending([]);
        }}
      />
      {inserted.map((story) => (
        <StoryCard key={story.id} story={story} fresh />
      ))}
      {cursors.map((after, index) => (
        <FeedPage
          key={`${key}:${after}`}
          filters={filters}
          after={after}
          last={index === cursors.length - 1}
          hidden={hiddenBefore[index]!}
          onIds={onIds}
          onNext={onNext}
          onRestart={onRestart}
        />
      ))}
    </section>
  );
}
