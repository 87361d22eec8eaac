// Related stories as a tree the reader opens level by level, three levels deep: each level asks the API for the
// relations of one story only (its summary is on screen already), and urql's cache answers a level opened before.
import { useQuery } from '@urql/preact';
import { useId, useState } from 'preact/hooks';
import type { RelatedStoryFragment } from '../gql/graphql.js';
import { RelationsQuery } from '../queries.js';
import { onLinkClick, storyPath } from '../route.js';
import { Time } from './meta.js';
import { ErrorState, Loading } from './states.js';

export const MAX_DEPTH = 3;

function RelatedItem({ story, depth }: { story: RelatedStoryFragment; depth: number }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <li class="related-item" data-depth={depth}>
      <div class="related-line">
        <a class="related-title" href={storyPath(story.slug)} onClick={onLinkClick}>
          {story.title}
        </a>
        <span class="muted">
          {story.provider?.name ?? 'Unknown provider'} · <Time value={story.publishedAt} />
        </span>
        {depth < MAX_DEPTH && (
          <button
            type="button"
            class="link-button"
            aria-expanded={open}
            aria-controls={id}
            aria-label={`${open ? 'Hide' : 'Show'} stories related to ${story.title}`}
            onClick={() => setOpen(!open)}
          >
            {open ? 'Hide related' : 'Related'}
          </button>
        )}
      </div>
      {open && (
        <div id={id}>
          <Relations id={story.id} depth={depth + 1} />
        </div>
      )}
    </li>
  );
}

function RelationList({
  label,
  stories,
  total,
  depth,
}: {
  label: string;
  stories: RelatedStoryFragment[];
  total: number;
  depth: number;
}) {
  if (!stories.length) return null;
  return (
    <section class="relation" aria-label={`${label} (level ${depth})`}>
      <h3>
        {label} <span class="muted">({total})</span>
      </h3>
      <ul class="related-list">
        {stories.map((story) => (
          <RelatedItem key={story.id} story={story} depth={depth} />
        ))}
      </ul>
    </section>
  );
}

/** The stories `id` lists as related, and those that list it ("listed as related by"), at `depth` (1…3). */
export function Relations({ id, depth }: { id: string; depth: number }) {
  const [{ data, fetching, error }, refetch] = useQuery({ query: RelationsQuery, variables: { id } });
  if (fetching && !data) return <Loading>Loading related stories…</Loading>;
  if (error) return <ErrorState error={error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  const node = data?.node;
  if (!node || !('related' in node)) return <p class="muted">This story is no longer available.</p>;
  const related = node.related.edges.map((e) => e.node);
  const relatedTo = node.relatedTo.edges.map((e) => e.node);
  if (!related.length && !relatedTo.length) return <p class="muted">No related stories.</p>;
  return (
    <div class="relations" data-level={depth}>
      <RelationList label="Related stories" stories={related} total={node.related.totalCount} depth={depth} />
      <RelationList label="Listed as related by" stories={relatedTo} total={node.relatedTo.totalCount} depth={depth} />
    </div>
  );
}
