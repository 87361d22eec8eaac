// The dashboard's entry: one urql client for the page, and the two views (feed, story page) by path.
import { Provider } from '@urql/preact';
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { createNewsClient } from './client.js';
import { Feed } from './components/feed.js';
import { FilterForm } from './components/filters.js';
import { StoryNotFound, StoryPage } from './components/story-page.js';
import { Trending } from './components/trending.js';
import { decodeSlug, focusMainHeading, invalidParams, onLinkClick, parseFilters, useLocation } from './route.js';

/** GraphiQL answers at /graphql only where the server enables it (src/server/dashboard.ts writes the flag). */
const graphiql = document.querySelector('meta[name="news-graphiql"]')?.getAttribute('content') === 'on';

function App() {
  const { path, search } = useLocation();
  const story = /^\/story\/([^/]+)\/?$/.exec(path);
  const slug = story ? decodeSlug(story[1]!) : null;
  useEffect(focusMainHeading, [path, search]);
  return (
    <>
      <a class="skip" href="#main">
        Skip to stories
      </a>
      <header class="top">
        <a class="brand" href="/" onClick={onLinkClick}>
          News dashboard
        </a>
        {graphiql && (
          <a class="muted" href="/graphql">
            GraphQL API
          </a>
        )}
      </header>
      {story ? slug === null ? <StoryNotFound address={story[1]!} /> : <StoryPage slug={slug} /> : <Home search={search} />}
    </>
  );
}

function Home({ search }: { search: string }) {
  const filters = parseFilters(search);
  const problems = invalidParams(search);
  useEffect(() => {
    document.title = 'News dashboard';
  }, []);
  return (
    <div class="layout">
      <FilterForm filters={filters} />
      <main id="main" tabIndex={-1}>
        <h1 class="visually-hidden">Stories</h1>
        {problems.length > 0 && (
          <p class="state error" role="alert">
            Left out of this view: {problems.join('; ')}.
          </p>
        )}
        {/* Before the feed, which scrolls on without end: on a phone the chart would be out of reach below it.
            Wider screens place it beside the feed (style.css). */}
        <aside>
          <Trending />
        </aside>
        <Feed filters={filters} />
      </main>
    </div>
  );
}

const client = createNewsClient();
const root = document.getElementById('app')!;
root.textContent = ''; // the page's "Loading…" line: Preact would otherwise try to reuse it
render(
  <Provider value={client}>
    <App />
  </Provider>,
  root,
);
