// Every file of the SmartableAI/election sample corpus, checked against an independent reading of
// the same file (the `yaml` package for front matter, JSON.parse for the feed page).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { documentFromBytes } from '../../src/ingest/pipeline.js';
import type { ArticleRecord, IngestDocument } from '../../src/ingest/types.js';
import { CORPUS_DIR, utf8 } from './helpers.js';

// What the independent readings look at, as the YAML and JSON readers give it: no validation of their own.
interface LooseImage {
  url?: unknown;
  width?: unknown;
  height?: unknown;
}
interface LooseStory {
  title?: unknown;
  excerpt?: unknown;
  publishedDateTime?: unknown;
  webUrl?: string;
  originalUrl?: string;
  ampWebUrl?: unknown;
  cdnAmpWebUrl?: unknown;
  type?: unknown;
  quality?: unknown;
  heat?: unknown;
  provider?: { name?: unknown; domain: string; images?: unknown[] };
  images?: LooseImage[];
}
interface LooseArticle extends LooseStory {
  category?: unknown;
  categories?: string[];
  published?: unknown;
  secured?: unknown;
  topics?: unknown[];
  related?: LooseStory[];
}

const files = readdirSync(CORPUS_DIR).sort();
const read = (file: string) => readFileSync(join(CORPUS_DIR, file));
const articlesOf = (document: IngestDocument): ArticleRecord[] => (document.kind === 'articles' ? document.articles : []);

// From the corpus README (source directories), not from the classification rule under test.
const EXPECTED_SKIPS: Record<string, string> = {
  '2020-08-17-democratic-natinoal-convention.md': 'event',
  '2020-09-29-first-presidential-debate.md': 'event',
  '2020-11-03-election-day-2020.md': 'event',
  'john-barrasso.md': 'profile',
  'kamala-harris.md': 'profile',
  'republican-senators.md': 'collection',
  'usagov-voter-registration.md': 'collection',
};
const FEED_FILE = 'api-news-donald-trump-page-22_index.json';
const articleFiles = files.filter((file) => !(file in EXPECTED_SKIPS) && file !== FEED_FILE);

function frontMatterFields(file: string): LooseArticle {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(read(file).toString('utf8'));
  if (!match?.[1]) throw new Error(`${file}: no front matter`);
  return YAML.parse(match[1]) as LooseArticle;
}

// The independent reading applies the documented rules itself; records are compared as they are.
const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const domain = (value: string) => value.trim().toLowerCase().replace(/^www\./, '');
const asIs = (value: unknown) => value ?? null;

/** The comparable view of a story read independently from a file. */
function expectedStory(story: LooseStory) {
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
    provider: story.provider ? { name: text(story.provider.name), domain: domain(story.provider.domain), logos: story.provider.images?.length ?? 0 } : null,
    images: (story.images ?? []).map((image) => [image.url, image.width ?? null, image.height ?? null]),
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
    provider: story.provider ? { name: story.provider.name, domain: story.provider.domain, logos: story.provider.images.length } : null,
    images: story.images.map((image) => [image.url, image.width, image.height]),
  };
}

function expectedArticle(fields: LooseArticle) {
  const ownUrl = fields.webUrl ?? fields.originalUrl;
  const seen = new Set([ownUrl]);
  const related = (fields.related ?? []).filter((story) => !seen.has(story.webUrl) && seen.add(story.webUrl));
  return {
    ...expectedStory(fields),
    category: asIs(fields.category),
    originalUrl: text(fields.originalUrl),
    published: asIs(fields.published),
    secured: asIs(fields.secured),
    topics: fields.topics ?? [],
    related: related.map(expectedStory),
  };
}

function actualArticle(article: ArticleRecord) {
  const { category, originalUrl, published, secured, topics, related } = article;
  return { ...actualStory(article), category, originalUrl, published, secured, topics, related: related.map(actualStory) };
}

describe('election corpus', () => {
  it('holds the 60 files the README describes', () => {
    expect(files).toHaveLength(60);
    expect(articleFiles).toHaveLength(52);
  });

  it.each(Object.entries(EXPECTED_SKIPS))('skips %s as %s', (file, kind) => {
    expect(documentFromBytes(read(file))).toEqual({ kind: 'skipped', format: 'front-matter', skippedKind: kind });
  });

  it.each(articleFiles)('%s parses like an independent YAML reading', (file) => {
    const document = documentFromBytes(read(file));
    expect(document).toMatchObject({ kind: 'articles', format: 'front-matter' });
    const [article, ...rest] = articlesOf(document);
    expect(rest).toHaveLength(0);
    const fields = frontMatterFields(file);
    expect(actualArticle(article!)).toStrictEqual(expectedArticle(fields));
    expect(article!.body).toBeNull();
    expect(article!.identityKey).toBe(String(fields.webUrl ?? fields.originalUrl).trim());
  });

  it('yields every entry of the JSON feed page', () => {
    const document = documentFromBytes(read(FEED_FILE));
    expect(document).toMatchObject({ kind: 'articles', format: 'json-feed' });
    const entries = (JSON.parse(read(FEED_FILE).toString('utf8')) as { value: LooseArticle[] }).value;
    expect(entries).toHaveLength(2);
    expect(articlesOf(document).map(actualArticle)).toStrictEqual(
      entries.map((entry) => ({ ...expectedArticle(entry), category: entry.categories?.[0] })),
    );
    expect(articlesOf(document).map((a) => a.body)).toEqual([null, null]);
  });

  it('reads the CRLF file exactly like its LF version', () => {
    const file = '2020-10-20-demi-lovatos-new-song-commander-in-chief-lets-trumps-enablers-off-too-easy.md';
    const bytes = read(file);
    expect(bytes.includes('\r\n')).toBe(true);
    const fromCrlf = documentFromBytes(bytes);
    expect(fromCrlf).toStrictEqual(documentFromBytes(utf8(bytes.toString('utf8').replace(/\r\n/g, '\n'))));
    expect(JSON.stringify(fromCrlf)).not.toContain('\\r');
  });

  it('matches the README’s corpus-wide counts', () => {
    const news = articleFiles.filter((file) => !file.startsWith('usagov-')).flatMap((file) => articlesOf(documentFromBytes(read(file))));
    expect(news).toHaveLength(50);
    expect(news.filter((a) => a.published === false)).toHaveLength(12);
    expect(new Set(news.map((a) => a.provider?.domain)).size).toBe(22);
    expect(articleFiles.filter((file) => frontMatterFields(file).related)).toHaveLength(23);
  });

  it('drops self-links: an article whose only related story is itself ends with none', () => {
    const file = '2021-04-07-a-complete-ripoff-campaign-finance-experts-puzzled-and-stunned-by-trump-camps-reported-money-bomb-ploy.md';
    expect(frontMatterFields(file).related).toHaveLength(1);
    expect(articlesOf(documentFromBytes(read(file)))[0]?.related).toEqual([]);
  });

  it('gives the same story the same identity across files (archive copy, feed entry)', () => {
    const key = (file: string, index = 0) => articlesOf(documentFromBytes(read(file)))[index]?.identityKey;
    const portland = '2020-08-31-trump-praises-right-wing-supporters-rails-against-protesters-after-unrest-in-portland.md';
    expect(key(`archive-news_${portland}`)).toBe(key(`news_${portland}`));
    expect(key(FEED_FILE, 0)).toBe(key('2021-03-31-donald-trump-uses-new-website-to-rewrite-history-of-his-presidency.md'));
    expect(key(FEED_FILE, 1)).toBe(key('2021-03-31-the-latest-trump-blasts-fauci-and-birx-as-self-promoters.md'));
  });
});
