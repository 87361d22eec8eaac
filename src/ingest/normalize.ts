// Raw fields -> ArticleRecord: trimmed text, validated URLs, UTC instants, clean domains, de-duplicated
// topics and related stories, and each story's identity key. Pure: no I/O.
import { createHash } from 'node:crypto';
import type { RawArticle, RawImage, RawProvider, RawRelated } from './parse/raw-article.js';
import { parseTimestamp } from './timestamp.js';
import { IngestError, type ArticleRecord, type ImageRecord, type ProviderRecord, type RelatedRecord } from './types.js';
import { normalizeDomain, urlIdentityKey } from './url.js';

export { slugify, topicSlug } from './slug.js';

/** Text as written, minus surrounding whitespace; empty text is no text. */
function cleanText(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
}

function cleanUrl(value: string | null | undefined, field: string): string | null {
  const url = cleanText(value);
  if (url !== null && urlIdentityKey(url) === null) {
    throw new IngestError(`expected a URL (http or https), got ${JSON.stringify(url)}`, field);
  }
  return url;
}

function toDate(value: Date | string | null | undefined, field: string): Date | null {
  if (value === null || value === undefined) return null;
  const date = parseTimestamp(value);
  if (!date) throw new IngestError(`expected an ISO 8601 timestamp with a time zone, got ${JSON.stringify(String(value))}`, field);
  return date;
}

/** The identity of a story at a URL (see urlIdentityKey); throws for a non-http(s) URL. */
export function identityKeyForUrl(url: string, field = 'webUrl'): string {
  const key = urlIdentityKey(url);
  if (key === null) throw new IngestError(`expected a URL (http or https), got ${JSON.stringify(url)}`, field);
  return key;
}

/** Identity of a scraped article without a URL: "text:" + sha256 hex of "domain\ntitle\nISO date" (empty parts for missing ones). */
export function textIdentityKey(providerDomain: string | null, title: string, publishedAt: Date | null): string {
  const digest = createHash('sha256').update(`${providerDomain ?? ''}\n${title}\n${publishedAt?.toISOString() ?? ''}`, 'utf8');
  return `text:${digest.digest('hex')}`;
}

function normalizeImages(images: readonly RawImage[] | null | undefined, field: string): ImageRecord[] {
  return (images ?? []).map((image, i) => ({
    url: cleanUrl(image.url, `${field}[${i}].url`) ?? '',
    width: image.width ?? null,
    height: image.height ?? null,
    isCached: image.isCached ?? null,
  }));
}

function normalizeProvider(provider: RawProvider | null | undefined, field: string): ProviderRecord | null {
  if (!provider) return null;
  return {
    name: provider.name.trim(),
    domain: normalizeDomain(provider.domain),
    images: normalizeImages(provider.images, `${field}.images`),
  };
}

/** Trimmed, inner whitespace collapsed, empty names dropped, case-insensitive duplicates dropped (first spelling wins). */
export function normalizeTopics(names: readonly string[] | null | undefined): string[] {
  const seen = new Set<string>();
  const topics: string[] = [];
  for (const raw of names ?? []) {
    const name = raw.replace(/\s+/g, ' ').trim();
    const key = name.toLowerCase();
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    topics.push(name);
  }
  return topics;
}

function normalizeRelated(story: RawRelated, field: string): RelatedRecord {
  const originalUrl = cleanUrl(story.originalUrl, `${field}.originalUrl`);
  // A related story is stored as a stub keyed by its URL; originalUrl stands in for a missing webUrl.
  const webUrl = cleanUrl(story.webUrl, `${field}.webUrl`) ?? originalUrl;
  if (webUrl === null) throw new IngestError('required (neither webUrl nor originalUrl is set)', `${field}.webUrl`);
  return {
    identityKey: identityKeyForUrl(webUrl, `${field}.webUrl`),
    title: story.title.trim(),
    excerpt: cleanText(story.excerpt),
    publishedAt: toDate(story.publishedDateTime, `${field}.publishedDateTime`),
    originalUrl,
    webUrl,
    ampWebUrl: cleanUrl(story.ampWebUrl, `${field}.ampWebUrl`),
    cdnAmpWebUrl: cleanUrl(story.cdnAmpWebUrl, `${field}.cdnAmpWebUrl`),
    type: cleanText(story.type),
    quality: story.quality ?? null,
    heat: story.heat ?? null,
    provider: normalizeProvider(story.provider, `${field}.provider`),
    images: normalizeImages(story.images, `${field}.images`),
  };
}

/** In file order, first occurrence of each identity kept, the article's own identity left out. */
function normalizeRelatedList(stories: readonly RawRelated[] | null | undefined, ownIdentityKey: string): RelatedRecord[] {
  const seen = new Set<string>([ownIdentityKey]);
  const related: RelatedRecord[] = [];
  (stories ?? []).forEach((story, i) => {
    const record = normalizeRelated(story, `related[${i}]`);
    if (seen.has(record.identityKey)) return;
    seen.add(record.identityKey);
    related.push(record);
  });
  return related;
}

/**
 * Normalizes one raw article. Its identity is its webUrl (or originalUrl when it has no webUrl),
 * normalized; an article with neither (scraped text) gets a "text:" key from provider, title and date.
 */
export function normalizeArticle(raw: RawArticle): ArticleRecord {
  const title = cleanText(raw.title);
  if (title === null) throw new IngestError('required (the text is empty)', 'title');
  const provider = normalizeProvider(raw.provider, 'provider');
  const publishedAt = toDate(raw.publishedDateTime, 'publishedDateTime');
  const originalUrl = cleanUrl(raw.originalUrl, 'originalUrl');
  const webUrl = cleanUrl(raw.webUrl, 'webUrl');
  const linkUrl = webUrl ?? originalUrl;
  const identityKey = linkUrl
    ? identityKeyForUrl(linkUrl, webUrl ? 'webUrl' : 'originalUrl')
    : textIdentityKey(provider?.domain ?? null, title, publishedAt);
  return {
    identityKey,
    title,
    excerpt: cleanText(raw.excerpt),
    body: cleanText(raw.body),
    author: cleanText(raw.author),
    category: cleanText(raw.category),
    type: cleanText(raw.type),
    publishedAt,
    originalUrl,
    webUrl,
    ampWebUrl: cleanUrl(raw.ampWebUrl, 'ampWebUrl'),
    cdnAmpWebUrl: cleanUrl(raw.cdnAmpWebUrl, 'cdnAmpWebUrl'),
    quality: raw.quality ?? null,
    heat: raw.heat ?? null,
    published: raw.published ?? null,
    secured: cleanText(raw.secured),
    provider,
    topics: normalizeTopics(raw.topics),
    images: normalizeImages(raw.images, 'images'),
    related: normalizeRelatedList(raw.related, identityKey),
  };
}
