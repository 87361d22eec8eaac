// The feed's filters as a form whose state is the URL: submitting (or changing a select) navigates to the new query
// string, so every view can be bookmarked and the back button undoes a filter.
import { useQuery } from '@urql/preact';
import type { JSX } from 'preact';
import { ProvidersQuery } from '../queries.js';
import { type Filters, filtersToSearch, hasFilters, navigate, SORTS, type Sort } from '../route.js';

export function FilterForm({ filters }: { filters: Filters }) {
  const [{ data }] = useQuery({ query: ProvidersQuery });
  const providers = data?.providers.edges.map((e) => e.node) ?? [];

  const apply = (form: HTMLFormElement) => {
    const value = (name: string) => String(new FormData(form).get(name) ?? '').trim();
    const next: Filters = {
      q: value('q'),
      topic: value('topic'),
      provider: value('provider'),
      from: value('from'),
      to: value('to'),
      minQuality: value('minQuality'),
      sort: value('sort') as Sort,
    };
    // A new search is read best match first; clearing it returns to newest first.
    if (next.q && !filters.q) next.sort = 'relevance';
    if (!next.q && next.sort === 'relevance') next.sort = 'newest';
    navigate(`/${filtersToSearch(next)}`);
  };
  const onSubmit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(event.currentTarget);
  };
  const onChange = (event: JSX.TargetedEvent<HTMLSelectElement>) => {
    if (event.currentTarget.form) apply(event.currentTarget.form);
  };

  return (
    <search class="filters" aria-label="Filter stories">
      <form class="filter-form" onSubmit={onSubmit} key={filtersToSearch(filters)}>
        <label class="search">
          <span>Search</span>
          <input type="search" name="q" defaultValue={filters.q} placeholder="Words in title, excerpt or text" />
        </label>
        <label>
          <span>Topic</span>
          <input type="text" name="topic" defaultValue={filters.topic} placeholder="e.g. elections" />
        </label>
        <label>
          <span>Provider</span>
          <select name="provider" value={filters.provider} onChange={onChange}>
            <option value="">All providers</option>
            {filters.provider && !providers.some((p) => p.domain === filters.provider) && (
              <option value={filters.provider}>{filters.provider}</option>
            )}
            {providers.map((p) => (
              <option key={p.domain} value={p.domain}>
                {p.name} ({p.articleCount})
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>From</span>
          <input type="date" name="from" defaultValue={filters.from} />
        </label>
        <label>
          <span>To</span>
          <input type="date" name="to" defaultValue={filters.to} />
        </label>
        <label>
          <span>Min. quality</span>
          <input type="number" name="minQuality" defaultValue={filters.minQuality} inputMode="numeric" step={1} />
        </label>
        <label>
          <span>Sort</span>
          <select name="sort" value={filters.sort} onChange={onChange}>
            {(Object.keys(SORTS) as Sort[])
              .filter((sort) => sort !== 'relevance' || filters.q)
              .map((sort) => (
                <option key={sort} value={sort}>
                  {SORTS[sort].label}
                </option>
              ))}
          </select>
        </label>
        <div class="filter-actions">
          <button type="submit">Apply</button>
          {hasFilters(filters) && (
            <button type="button" class="secondary" onClick={() => navigate('/')}>
              Clear
            </button>
          )}
        </div>
      </form>
    </search>
  );
}
