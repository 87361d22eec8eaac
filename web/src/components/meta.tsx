// Small pieces every story shows: its provider with logo, its time, its topics.
import type { StorySummaryFragment } from '../gql/graphql.js';
import { filtersToSearch, onLinkClick, parseFilters } from '../route.js';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function Time({ value }: { value: string | null }) {
  if (!value) return <span class="time">undated</span>;
  return (
    <time class="time" dateTime={value}>
      {dateFormat.format(new Date(value))}
    </time>
  );
}

/**
 * A remote image that hides itself when its host does not answer (publishers' images come and go). Only HTTPS images
 * are shown: the page's policy (img-src https: data:) would refuse a cleartext one with a console error.
 */
export function RemoteImage({
  src,
  class: className,
  width,
  height,
}: {
  src: string;
  class: string;
  width?: number;
  height?: number;
}) {
  if (!/^https:\/\//i.test(src)) return null;
  return (
    <img
      class={className}
      src={src}
      alt=""
      loading="lazy"
      decoding="async"
      referrerpolicy="no-referrer"
      width={width}
      height={height}
      onError={(event) => {
        (event.currentTarget as HTMLImageElement).hidden = true;
      }}
    />
  );
}

export function ProviderLine({ provider }: { provider: StorySummaryFragment['provider'] }) {
  if (!provider) return <span class="provider">Unknown provider</span>;
  const logo = provider.images[0]?.url;
  return (
    <span class="provider">
      {logo && <RemoteImage class="logo" src={logo} width={16} height={16} />}
      <span class="provider-name">{provider.name}</span>
    </span>
  );
}

/** Topic chips: links that filter the feed by the topic. */
export function Topics({ topics }: { topics: StorySummaryFragment['topics'] }) {
  if (!topics.length) return null;
  return (
    <ul class="topics" aria-label="Topics">
      {topics.map((topic) => (
        <li key={topic.slug}>
          <a
            class="chip"
            href={`/${filtersToSearch({ ...parseFilters(''), topic: topic.slug })}`}
            onClick={onLinkClick}
            aria-label={`Stories about ${topic.name}`}
          >
            {topic.name}
          </a>
        </li>
      ))}
    </ul>
  );
}
