// Raw records -> ArticleRecords: trimmed text, clean domains, de-duplicated topics and related stories,
// and each story's identity key. Pure: no I/O. The parse layer has validated every field (raw-article.ts),
// so nothing here rejects a document but for text no database can store alike (storableText).
import { createHash } from 'node:crypto';
import { storyLanguage } from './language.js';
import type { RawArticle, RawDocument, RawImage, RawProvider, RawRelated } from './parse/raw-article.js';
import { topicKey } from './slug.js';
import {
  type ArticleRecord,
  type ImageRecord,
  type IngestDocument,
  IngestError,
  type ProviderRecord,
  type RelatedRecord,
} from './types.js';
import { normalizeDomain, urlIdentityKey } from './url.js';

/** Text as written, minus surrounding whitespace; empty text is no text. */
function cleanText(value: string | null | undefined): string | null {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
}

/** The identity of a story at a URL (see urlIdentityKey). */
function identityKeyForUrl(url: string): string {
  const key = urlIdentityKey(url);
  // The parse layer lets only http(s) URLs through: anything else here is a bug, not a bad document.
  if (key === null) throw new Error(`not an http(s) URL: ${JSON.stringify(url)}`);
  return key;
}

/** Identity of a scraped article without a URL: "text:" + sha256 hex of "domain\ntitle\nISO date" (empty parts for missing ones). */
export function textIdentityKey(providerDomain: string | null, title: string, publishedAt: Date | null): string {
  const digest = createHash('sha256').update(`${providerDomain ?? ''}\n${title}\n${publishedAt?.toISOString() ?? ''}`, 'utf8');
  return `text:${digest.digest('hex')}`;
}

function normalizeImages(images: readonly RawImage[] | null | undefined): ImageRecord[] {
  return (images ?? []).map((image) => ({
    url: image.url.trim(),
    width: image.width ?? null,
    height: image.height ?? null,
    isCached: image.isCached ?? null,
  }));
}

function normalizeProvider(provider: RawProvider | null | undefined): ProviderRecord | null {
  if (!provider) return null;
  return {
    name: provider.name.trim(),
    domain: normalizeDomain(provider.domain),
    images: normalizeImages(provider.images),
  };
}

/** Trimmed, inner whitespace collapsed, empty names dropped, duplicates by topicKey (case and width) dropped (first spelling wins). */
export function normalizeTopics(names: readonly string[] | null | undefined): string[] {
  const seen = new Set<string>();
  const topics: string[] = [];
  for (const raw of names ?? []) {
    const name = raw.replace(/\s+/g, ' ').trim();
    const key = topicKey(name);
    if (name === '' || seen.has(key)) continue;
    seen.add(key);
    topics.push(name);
  }
  return topics;
}

function normalizeRelated(story: RawRelated): RelatedRecord {
  const originalUrl = cleanText(story.originalUrl);
  // A related story is stored as a stub keyed by its URL; originalUrl stands in for a missing webUrl
  // (the parse layer requires one of them).
  const webUrl = cleanText(story.webUrl) ?? originalUrl ?? '';
  const title = story.title.trim();
  const excerpt = cleanText(story.excerpt);
  return {
    identityKey: identityKeyForUrl(webUrl),
    title,
    excerpt,
    publishedAt: story.publishedDateTime ?? null,
    originalUrl,
    webUrl,
    ampWebUrl: cleanText(story.ampWebUrl),
    cdnAmpWebUrl: cleanText(story.cdnAmpWebUrl),
    type: cleanText(story.type),
    quality: story.quality ?? null,
    heat: story.heat ?? null,
    language: storyLanguage({ title, excerpt }),
    provider: normalizeProvider(story.provider),
    images: normalizeImages(story.images),
  };
}

/** In file order, first occurrence of each identity kept, the article's own identity left out. */
function normalizeRelatedList(stories: readonly RawRelated[] | null | undefined, ownIdentityKey: string): RelatedRecord[] {
  const seen = new Set<string>([ownIdentityKey]);
  const related: RelatedRecord[] = [];
  (stories ?? []).forEach((story) => {
    const record = normalizeRelated(story);
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
  const title = raw.title.trim();
  const provider = normalizeProvider(raw.provider);
  const publishedAt = raw.publishedDateTime ?? null;
  const originalUrl = cleanText(raw.originalUrl);
  const webUrl = cleanText(raw.webUrl);
  const linkUrl = webUrl ?? originalUrl;
  const identityKey = linkUrl ? identityKeyForUrl(linkUrl) : textIdentityKey(provider?.domain ?? null, title, publishedAt);
  const excerpt = cleanText(raw.excerpt);
  const body = cleanText(raw.body);
  return {
    identityKey,
    title,
    excerpt,
    body,
    author: cleanText(raw.author),
    category: cleanText(raw.category),
    type: cleanText(raw.type),
    publishedAt,
    originalUrl,
    webUrl,
    ampWebUrl: cleanText(raw.ampWebUrl),
    cdnAmpWebUrl: cleanText(raw.cdnAmpWebUrl),
    quality: raw.quality ?? null,
    heat: raw.heat ?? null,
    published: raw.published ?? null,
    secured: cleanText(raw.secured),
    language: storyLanguage({ sourceTag: raw.locale ?? raw.language, title, excerpt, body }),
    provider,
    topics: normalizeTopics(raw.topics),
    images: normalizeImages(raw.images),
    related: normalizeRelatedList(raw.related, identityKey),
  };
}

/** An unpaired UTF-16 surrogate (YAML's "\uD800" escape makes one): not text in UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Refuses NUL characters and unpaired surrogates anywhere in a record, naming the field: SQLite would store
 * them and PostgreSQL refuses them (22021, 22P02), so the same file would leave different rows per database.
 */
function storableText(value: unknown, field: string): void {
  if (typeof value === 'string') {
    const nul = value.indexOf('\u0000');
    if (nul >= 0) throw new IngestError(`NUL character at position ${nul}: not storable text`, field);
    const lone = LONE_SURROGATE.exec(value);
    if (lone) throw new IngestError(`unpaired UTF-16 surrogate at position ${lone.index}: not storable text`, field);
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) storableText(item, `${field}[${i}]`);
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) storableText(item, field ? `${field}.${key}` : key);
  }
}

/** Normalizes every article of a parsed document; a skipped document stays skipped. */
export function normalizeDocument(raw: RawDocument): IngestDocument {
  if (raw.kind === 'skipped') return raw;
  for (const [i, article] of raw.articles.entries()) storableText(article, raw.articles.length > 1 ? `articles[${i}]` : '');
  return { kind: 'articles', format: raw.format, articles: raw.articles.map(normalizeArticle) };
}
