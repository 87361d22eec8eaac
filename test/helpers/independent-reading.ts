// What a Smartable file should yield, read independently of the pipeline (the `yaml` package for front
// matter, JSON.parse for feed pages) and applying the documented rules itself: the expected view, and the
// same view taken as is from a parsed record, for the corpus fidelity tests to compare.
import type { ArticleRecord, IngestDocument } from '../../src/ingest/types.js';
import { TRACKING_PARAMETERS } from '../../src/ingest/url.js';
import type { Loose } from './fixtures.js';

export const articlesOf = (document: IngestDocument): ArticleRecord[] => (document.kind === 'articles' ? document.articles : []);

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const domain = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/^www\./, '');
const asIs = (value: unknown) => value ?? null;

/** The comparable view of a story read independently from a file. */
function expectedStory(story: Loose) {
  return {
    title: text(story.title),
    excerpt: text(story.excerpt),
    publishedAt: story.publishedDateTime ? new Date(String(story.publishedDateTime)).toISOString() : null,
    webUrl: text(story.webUrl),
    ampWebUrl: text(story.ampWebUrl),
    cdnAmpWebUrl: text(story.cdnAmpWebUrl),
    type: text(story.type),
    quality: story.quality ?? null,
    heat: story.heat ?? null,
    provider: story.provider
      ? { name: text(story.provider.name), domain: domain(story.provider.domain), logos: story.provider.images?.length ?? 0 }
      : null,
    images: (story.images ?? []).map((image: Loose) => [image.url, image.width ?? null, image.height ?? null]),
  };
}

/** The same view of a normalized record, taken as is. */
function actualStory(story: ArticleRecord | ArticleRecord['related'][number]) {
  return {
    title: story.title,
    excerpt: story.excerpt,
    publishedAt: story.publishedAt?.toISOString() ?? null,
    webUrl: story.webUrl,
    ampWebUrl: story.ampWebUrl,
    cdnAmpWebUrl: story.cdnAmpWebUrl,
    type: story.type,
    quality: story.quality,
    heat: story.heat,
    provider: story.provider
      ? { name: story.provider.name, domain: story.provider.domain, logos: story.provider.images.length }
      : null,
    images: story.images.map((image) => [image.url, image.width, image.height]),
  };
}

/**
 * The documented story identity of a URL, applied here with the WHATWG URL parser: host lower-cased, no
 * fragment, no default port, no tracking parameter (`utm_*` and the documented list, the only thing taken
 * from the code under test: it is data).
 */
function storyKey(url: string): string {
  const parsed = new URL(url.trim());
  parsed.hash = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (name.toLowerCase().startsWith('utm_') || TRACKING_PARAMETERS.has(name.toLowerCase())) parsed.searchParams.delete(name);
  }
  return parsed.href;
}

/** An article's fields (front matter, or a feed entry with its `categories`) as the pipeline should record them. */
export function expectedArticle(fields: Loose) {
  const ownUrl = fields.webUrl ?? fields.originalUrl;
  // Related stories in file order, the first entry of each story, never the article itself.
  const seen = new Set<string>([storyKey(ownUrl)]);
  const related = (fields.related ?? []).filter((story: Loose) => {
    const key = storyKey(story.webUrl);
    return !seen.has(key) && seen.add(key);
  });
  return {
    ...expectedStory(fields),
    category: asIs(fields.category ?? fields.categories?.[0]),
    originalUrl: text(fields.originalUrl),
    published: asIs(fields.published),
    secured: asIs(fields.secured),
    topics: fields.topics ?? [],
    related: related.map(expectedStory),
  };
}

export function actualArticle(article: ArticleRecord) {
  const { category, originalUrl, published, secured, topics, related } = article;
  return { ...actualStory(article), category, originalUrl, published, secured, topics, related: related.map(actualStory) };
}
