// The feed: pages of stories under the URL's filters, each page its own query keyed by the cursor before it, so
// scrolling adds a page without asking again for what is shown. New stories wait in a banner until the reader
// inserts them.
import { useQuery } from '@urql/preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { StorySummaryFragment } from '../gql/graphql.js';
import { useLiveStories } from '../live/use-live.js';
import { FeedQuery } from '../queries.js';
import { articleFilter, type Filters, hasFilters, navigate, SORTS } from '../route.js';
import { Empty, ErrorState, Loading } from './states.js';
import { StoryCard } from './story-card.js';

const PAGE_SIZE = 20;

interface PageProps {
  filters: Filters;
  after: string | null;
  last: boolean;
  seen: Set<string>;
  onNext: (cursor: string) => void;
}

function FeedPage({ filters, after, last, seen, onNext }: PageProps) {
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

  if (error) return <ErrorState error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
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
  for (const edge of connection.edges) seen.add(edge.node.id);
  return (
    <>
      {after === null && (
        <p class="muted count" aria-live="polite">
          {connection.totalCount} {connection.totalCount === 1 ? 'story' : 'stories'}
        </p>
      )}
      {connection.edges.map((edge) => (
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

function LiveBanner({ count, status, onShow }: { count: number; status: string; onShow: () => void }) {
  return (
    <div class="live" aria-live="polite">
      {count > 0 && (
        <button type="button" class="banner" onClick={onShow}>
          {count} new {count === 1 ? 'story' : 'stories'} — show
        </button>
      )}
      {status === 'reconnecting' && <p class="muted">Connection lost: reconnecting…</p>}
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
  const seen = useMemo(() => new Set<string>(), [key]);

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
  const known = useCallback(
    () => new Set([...seen, ...pending.map((s) => s.id), ...inserted.map((s) => s.id)]),
    [seen, pending, inserted],
  );
  const onStories = useCallback(
    (stories: StorySummaryFragment[]) =>
      setPending((list) => {
        const ids = new Set(list.map((s) => s.id));
        return [...stories.filter((s) => !ids.has(s.id) && !seen.has(s.id)), ...list];
      }),
    [seen],
  );
  const filter = useMemo(() => articleFilter(filters), [key]);
  const status = useLiveStories({ filter, known, onStories });

  return (
    <section class="feed" aria-label="Stories">
      <LiveBanner
        count={pending.length}
        status={status}
        onShow={() => {
          setInserted((list) => [...pending, ...list]);
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
          seen={seen}
          onNext={onNext}
        />
      ))}
    </section>
  );
}
