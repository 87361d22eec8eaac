// One story of the feed: title, provider with logo, time, topics, lead image, excerpt, and its related stories on demand.
import { useId, useState } from 'preact/hooks';
import type { StorySummaryFragment } from '../gql/graphql.js';
import { onLinkClick, storyPath } from '../route.js';
import { ProviderLine, RemoteImage, Time, Topics } from './meta.js';
import { Relations } from './related.js';

export function StoryCard({ story, fresh = false }: { story: StorySummaryFragment; fresh?: boolean }) {
  const [open, setOpen] = useState(false);
  const relatedId = useId();
  const image = story.images[0];
  return (
    <article class={fresh ? 'card fresh' : 'card'} aria-labelledby={`${relatedId}-title`} data-id={story.id}>
      {image && <RemoteImage class="lead" src={image.url} width={image.width ?? undefined} height={image.height ?? undefined} />}
      <div class="card-body">
        <p class="meta">
          <ProviderLine provider={story.provider} /> · <Time value={story.publishedAt} />
          {story.quality != null && <span class="muted"> · quality {story.quality}</span>}
        </p>
        <h2 id={`${relatedId}-title`} class="title">
          <a href={storyPath(story.slug)} onClick={onLinkClick}>
            {story.title}
          </a>
        </h2>
        {story.excerpt && <p class="excerpt">{story.excerpt}</p>}
        <Topics topics={story.topics} />
        <button
          type="button"
          class="link-button"
          aria-expanded={open}
          aria-controls={relatedId}
          aria-label={`${open ? 'Hide' : 'Show'} stories related to ${story.title}`}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide related stories' : 'Related stories'}
        </button>
        {open && (
          <div id={relatedId}>
            <Relations id={story.id} depth={1} />
          </div>
        )}
      </div>
    </article>
  );
}
