// A story's own page, /story/<slug>: the whole article, its images, its related graph and links to the original.
// A former slug still finds the story (the API resolves aliases); the address then changes to the current one.
import { useQuery } from '@urql/preact';
import { useEffect } from 'preact/hooks';
import { StoryQuery } from '../queries.js';
import { focusMainHeading, navigate, onLinkClick, storyPath } from '../route.js';
import { ProviderLine, RemoteImage, Time, Topics } from './meta.js';
import { Relations } from './related.js';
import { Empty, ErrorState, Loading } from './states.js';

/** The body as paragraphs of plain text: Markdown is shown as written, never interpreted as HTML. */
function Body({ text }: { text: string }) {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <div class="body">
      {paragraphs.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
    </div>
  );
}

const Back = () => (
  <p>
    <a href="/" onClick={onLinkClick}>
      ← All stories
    </a>
  </p>
);

/** An address that is no valid percent-encoding names no story (and is never sent to the API). */
export function StoryNotFound({ address }: { address: string }) {
  useEffect(() => {
    document.title = 'Story not found — News dashboard';
  }, []);
  return (
    <main id="main" class="story">
      <Back />
      <h1>Story not found</h1>
      <Empty>
        <p>No story has the address “{address}”.</p>
      </Empty>
    </main>
  );
}

export function StoryPage({ slug }: { slug: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: StoryQuery, variables: { slug } });
  const story = data?.article;

  useEffect(() => {
    if (story && story.slug !== slug) navigate(storyPath(story.slug), { replace: true });
  }, [story, slug]);
  useEffect(() => {
    document.title = story ? `${story.title} — News dashboard` : 'News dashboard';
    focusMainHeading(); // its heading is on screen once the story is
  }, [story, fetching]);

  const back = <Back />;
  if (error)
    return (
      <main id="main" class="story">
        {back}
        <ErrorState error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />
      </main>
    );
  if (!story) {
    return (
      <main id="main" class="story">
        {back}
        {fetching ? (
          <Loading>Loading the story…</Loading>
        ) : (
          <>
            <h1>Story not found</h1>
            <Empty>
              <p>No story has the address “{slug}”.</p>
            </Empty>
          </>
        )}
      </main>
    );
  }
  const original = story.originalUrl ?? story.webUrl;
  return (
    <main id="main" class="story">
      {back}
      <article aria-labelledby="story-title">
        <p class="meta">
          <ProviderLine provider={story.provider} /> · <Time value={story.publishedAt} />
          {story.author && <span> · {story.author}</span>}
        </p>
        <h1 id="story-title">{story.title}</h1>
        <Topics topics={story.topics} />
        {story.excerpt && <p class="standfirst">{story.excerpt}</p>}
        {story.gallery.length > 0 && (
          <div class="gallery">
            {story.gallery.map((image) => (
              <RemoteImage
                key={image.url}
                class="story-image"
                src={image.url}
                width={image.width ?? undefined}
                height={image.height ?? undefined}
              />
            ))}
          </div>
        )}
        {story.body ? (
          <Body text={story.body} />
        ) : (
          <p class="muted">The text of this story is not stored; read it at its source.</p>
        )}
        {original && (
          <p>
            <a href={original} rel="noopener noreferrer" target="_blank">
              Read the original{story.provider ? ` at ${story.provider.name}` : ''}
            </a>
            {story.webUrl && story.originalUrl && story.webUrl !== story.originalUrl && (
              <>
                {' · '}
                <a href={story.webUrl} rel="noopener noreferrer" target="_blank">
                  Aggregator page
                </a>
              </>
            )}
          </p>
        )}
      </article>
      <section aria-labelledby="graph-title">
        <h2 id="graph-title">Related stories</h2>
        <Relations id={story.id} depth={1} />
      </section>
    </main>
  );
}
