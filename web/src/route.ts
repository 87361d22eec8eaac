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

/** A calendar day that exists (2024-02-30 and 2024-13-45 do not). */
export function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
}

const WHOLE_NUMBER = /^-?\d{1,9}$/;

/**
 * What the address asks for that the page cannot show, in the reader's words (each such parameter is left out of the
 * view instead of reaching the API).
 */
export function invalidParams(search: string): string[] {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  for (const name of ['from', 'to']) {
    const value = params.get(name)?.trim();
    if (value && !isDate(value)) problems.push(`${name} “${value}” is not a date (YYYY-MM-DD)`);
  }
  const quality = params.get('minQuality')?.trim();
  if (quality && !WHOLE_NUMBER.test(quality)) problems.push(`minQuality “${quality}” is not a whole number`);
  const sort = params.get('sort')?.trim();
  if (sort && !Object.hasOwn(SORTS, sort)) problems.push(`sort “${sort}” is not one of ${Object.keys(SORTS).join(', ')}`);
  return problems;
}

export function parseFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  const text = (name: string) => params.get(name)?.trim() ?? '';
  const q = text('q');
  const sort = text('sort');
  const date = (name: string) => (isDate(text(name)) ? text(name) : '');
  return {
    topic: text('topic'),
    provider: text('provider'),
    from: date('from'),
    to: date('to'),
    minQuality: WHOLE_NUMBER.test(text('minQuality')) ? text('minQuality') : '',
    q,
    sort: Object.hasOwn(SORTS, sort) && (sort !== 'relevance' || q) ? (sort as Sort) : q ? 'relevance' : 'newest',
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

/** The reader's midnight starting `date` (plus `days`), as an instant: days are the reader's, as the times shown. */
function localMidnight(date: string, days = 0): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, day + days).toISOString();
}

/** The API's filter: `to` is exclusive there, so the reader's last day runs to the next (local) midnight. */
export function articleFilter(filters: Filters): ArticleFilter {
  return {
    ...(filters.topic && { topic: filters.topic }),
    ...(filters.provider && { providerDomain: filters.provider }),
    ...(filters.from && { from: localMidnight(filters.from) }),
    ...(filters.to && { to: localMidnight(filters.to, 1) }),
    ...(filters.minQuality && { minQuality: Number(filters.minQuality) }),
    ...(filters.q && { search: filters.q }),
  };
}

export function hasFilters(filters: Filters): boolean {
  return filtersToSearch({ ...filters, sort: filters.q ? 'relevance' : 'newest' }) !== '';
}

/** Set when an in-page navigation changed the view: its main heading takes the focus once it is on screen. */
let headingFocusPending = false;

/** Moves the focus to the view's main heading after an in-page navigation, as a page load would reset it. */
export function focusMainHeading(): void {
  const heading = headingFocusPending ? document.querySelector<HTMLElement>('main h1') : null;
  if (!heading) return;
  headingFocusPending = false;
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
}

export function navigate(href: string, { replace = false } = {}): void {
  if (!replace && new URL(href, location.href).pathname !== location.pathname) headingFocusPending = true;
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
    // Back and forward move the focus as a page load would.
    const back = () => {
      headingFocusPending = true;
      update();
    };
    window.addEventListener('popstate', back);
    window.addEventListener('news:navigate', update);
    return () => {
      window.removeEventListener('popstate', back);
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

/** The slug of a /story/<slug> path; null for an address that is not valid percent-encoding. */
export function decodeSlug(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

export function storyPath(slug: string): string {
  return `/story/${encodeURIComponent(slug)}`;
}
