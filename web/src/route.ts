// Where the reader is: the path (feed or story page) and the feed's filters, all in the URL so that a view can be
// bookmarked, shared and reloaded. History entries come from navigate(); back and forward re-render.
import { useEffect, useState } from 'preact/hooks';
import type { ArticleFilter, ArticleOrder } from './gql/graphql.js';

export type Sort = 'newest' | 'quality' | 'heat' | 'relevance';
export const SORTS: Record<Sort, { label: string; order: ArticleOrder }> = {
  newest: { label: 'Newest', order: 'PUBLISHED_AT_DESC' },
  quality: { label: 'Quality', order: 'QUALITY_DESC' },
  heat: { label: 'Heat', order: 'HEAT_DESC' },
  relevance: { label: 'Relevance', order: 'RELEVANCE' },
};

export interface Filters {
  topic: string;
  provider: string;
  /** Dates (YYYY-MM-DD), both days included. */
  from: string;
  to: string;
  minQuality: string;
  q: string;
  /** Relevance when searching, newest otherwise, unless the URL says. */
  sort: Sort;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  const text = (name: string) => params.get(name)?.trim() ?? '';
  const q = text('q');
  const sort = text('sort');
  const date = (name: string) => (DATE.test(text(name)) ? text(name) : '');
  return {
    topic: text('topic'),
    provider: text('provider'),
    from: date('from'),
    to: date('to'),
    minQuality: /^-?\d+$/.test(text('minQuality')) ? text('minQuality') : '',
    q,
    sort: sort in SORTS && (sort !== 'relevance' || q) ? (sort as Sort) : q ? 'relevance' : 'newest',
  };
}

/** The query string of these filters (defaults left out, so the plain feed is `/`). */
export function filtersToSearch(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'topic', 'provider', 'from', 'to', 'minQuality'] as const) {
    if (filters[key]) params.set(key, filters[key]);
  }
  if (filters.sort !== (filters.q ? 'relevance' : 'newest')) params.set('sort', filters.sort);
  const search = params.toString();
  return search ? `?${search}` : '';
}

function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString();
}

/** The API's filter: `to` is exclusive there, so the reader's last day runs to the next midnight (UTC). */
export function articleFilter(filters: Filters): ArticleFilter {
  return {
    ...(filters.topic && { topic: filters.topic }),
    ...(filters.provider && { providerDomain: filters.provider }),
    ...(filters.from && { from: `${filters.from}T00:00:00.000Z` }),
    ...(filters.to && { to: nextDay(filters.to) }),
    ...(filters.minQuality && { minQuality: Number(filters.minQuality) }),
    ...(filters.q && { search: filters.q }),
  };
}

export function hasFilters(filters: Filters): boolean {
  return filtersToSearch({ ...filters, sort: filters.q ? 'relevance' : 'newest' }) !== '';
}

export function navigate(href: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.dispatchEvent(new Event('news:navigate'));
  if (!replace) window.scrollTo(0, 0);
}

/** The current location, re-rendered on navigate() and on back/forward. */
export function useLocation(): { path: string; search: string } {
  const read = () => ({ path: location.pathname, search: location.search });
  const [where, setWhere] = useState(read);
  useEffect(() => {
    const update = () => setWhere(read());
    window.addEventListener('popstate', update);
    window.addEventListener('news:navigate', update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener('news:navigate', update);
    };
  }, []);
  return where;
}

/** An in-page link: plain <a href> (open in a new tab works), handled without a page load on a plain click. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(anchor.getAttribute('href') ?? '/');
}

export function storyPath(slug: string): string {
  return `/story/${encodeURIComponent(slug)}`;
}
