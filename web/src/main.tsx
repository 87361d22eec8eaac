// The dashboard's entry: one urql client for the page, and the two views (feed, story page) by path.
import { Provider } from '@urql/preact';
import { render } from 'preact';
import { createNewsClient } from './client.js';
import { Feed } from './components/feed.js';
import { FilterForm } from './components/filters.js';
import { StoryPage } from './components/story-page.js';
import { Trending } from './components/trending.js';
import { onLinkClick, parseFilters, useLocation } from './route.js';

function App() {
  const { path, search } = useLocation();
  const story = /^\/story\/([^/]+)\/?$/.exec(path);
  return (
    <>
      <a class="skip" href="#main">
        Skip to stories
      </a>
      <header class="top">
        <a class="brand" href="/" onClick={onLinkClick}>
          News dashboard
        </a>
        <a class="muted" href="/graphql">
          GraphQL API
        </a>
      </header>
      {story ? <StoryPage slug={decodeURIComponent(story[1]!)} /> : <Home filters={parseFilters(search)} />}
    </>
  );
}

function Home({ filters }: { filters: ReturnType<typeof parseFilters> }) {
  return (
    <div class="layout">
      <FilterForm filters={filters} />
      <main id="main" tabIndex={-1}>
        <h1 class="visually-hidden">Stories</h1>
        <Feed filters={filters} />
      </main>
      <aside>
        <Trending />
      </aside>
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
