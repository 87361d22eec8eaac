// Trending topics over a window the reader picks, as an SVG bar chart; each bar filters the feed by its topic.
import { useQuery } from '@urql/preact';
import { useMemo, useState } from 'preact/hooks';
import { TrendingQuery } from '../queries.js';
import { filtersToSearch, navigate, parseFilters } from '../route.js';
import { Empty, ErrorState, Loading } from './states.js';

const WINDOWS = { all: 'All time', '365': 'Past year', '30': 'Past 30 days', '7': 'Past 7 days' } as const;
type Window = keyof typeof WINDOWS;

const ROW = 26;
const LABEL = 130;
const WIDTH = 320;

export function Trending() {
  const [window, setWindow] = useState<Window>('all');
  const variables = useMemo(() => {
    if (window === 'all') return { limit: 10 };
    // Whole hours, so that the variables (and urql's cache key) do not change on every render.
    const now = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
    return { limit: 10, from: new Date(now - Number(window) * 86_400_000).toISOString() };
  }, [window]);
  const [{ data, fetching, error }] = useQuery({ query: TrendingQuery, variables });
  const topics = data?.trendingTopics ?? [];
  const max = Math.max(1, ...topics.map((t) => t.articleCount));

  return (
    <section class="trending" aria-labelledby="trending-title">
      <div class="trending-head">
        <h2 id="trending-title">Trending topics</h2>
        <label>
          <span class="visually-hidden">Window</span>
          <select value={window} onChange={(e) => setWindow(e.currentTarget.value as Window)}>
            {(Object.keys(WINDOWS) as Window[]).map((w) => (
              <option key={w} value={w}>
                {WINDOWS[w]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error ? (
        <ErrorState error={error} />
      ) : fetching && !data ? (
        <Loading>Loading trending topics…</Loading>
      ) : topics.length === 0 ? (
        <Empty>
          <p>No stories were published in this window.</p>
        </Empty>
      ) : (
        <svg class="chart" viewBox={`0 0 ${WIDTH} ${topics.length * ROW}`} aria-labelledby="trending-chart-title">
          <title id="trending-chart-title">{`Trending topics, ${WINDOWS[window]}`}</title>
          {topics.map((t, i) => {
            const width = Math.max(2, ((WIDTH - LABEL - 40) * t.articleCount) / max);
            const href = `/${filtersToSearch({ ...parseFilters(''), topic: t.topic.slug })}`;
            return (
              <g key={t.topic.slug} transform={`translate(0 ${i * ROW})`}>
                <a
                  href={href}
                  aria-label={`${t.topic.name}: ${t.articleCount} ${t.articleCount === 1 ? 'story' : 'stories'}`}
                  onClick={(event) => {
                    event.preventDefault();
                    navigate(href);
                  }}
                >
                  <text x={LABEL - 8} y={ROW / 2 + 4} text-anchor="end" class="bar-label">
                    {t.topic.name.length > 18 ? `${t.topic.name.slice(0, 17)}…` : t.topic.name}
                  </text>
                  <rect x={LABEL} y={4} width={width} height={ROW - 8} rx={3} class="bar" />
                  <text x={LABEL + width + 6} y={ROW / 2 + 4} class="bar-value">
                    {t.articleCount}
                  </text>
                </a>
              </g>
            );
          })}
        </svg>
      )}
    </section>
  );
}
