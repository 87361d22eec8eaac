// The fixture corpus (test/fixtures/corpus, invented content in the Smartable site's layout): first, that it
// still reproduces every quirk of the real SmartableAI/election files (read from the raw bytes, so "cleaning"
// a fixture fails here); then, that every file parses like an independent reading of it (the `yaml` package
// for front matter, JSON.parse for the feed page), as test/ingest/corpus.test.ts checks the real corpus.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentFromBytes } from '../../src/ingest/pipeline.js';
import { FIXTURE_CORPUS_DIR, type Loose, listFiles, readFrontMatter } from '../helpers/fixtures.js';
import { actualArticle, articlesOf, expectedArticle } from '../helpers/independent-reading.js';
import { utf8 } from './helpers.js';

const files = listFiles(FIXTURE_CORPUS_DIR).map((path) => relative(FIXTURE_CORPUS_DIR, path));
const read = (file: string) => readFileSync(join(FIXTURE_CORPUS_DIR, file));
const raw = (file: string) => read(file).toString('utf8');
const fields = (file: string): Loose => readFrontMatter(read(file)) ?? {};

// From the site's layout (its source directories), not from the classification rule under test.
const SKIPPED_DIRECTORIES: [string, string][] = [
  ['_events/', 'event'],
  ['_people/collections/', 'collection'],
  ['_people/', 'profile'],
  ['_learning/collections/', 'collection'],
];
const skippedKind = (file: string) => SKIPPED_DIRECTORIES.find(([dir]) => file.startsWith(dir))?.[1];
const feedFiles = files.filter((file) => file.startsWith('api/'));
const skippedFiles = files.filter((file) => skippedKind(file));
const articleFiles = files.filter((file) => !skippedKind(file) && !feedFiles.includes(file));
const newsFiles = files.filter((file) => file.startsWith('_news/') || file.startsWith('_archive/news/'));
const news = newsFiles.map(fields);
const feedEntries = (file: string) => (JSON.parse(raw(file)) as Loose).value as Loose[];

describe('the fixture corpus reproduces the real corpus’s quirks', () => {
  it('is laid out like the site: news, archived news, events, people, learning items and API pages', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(files.length).toBeLessThanOrEqual(40);
    for (const dir of [
      '_news/',
      '_archive/news/',
      '_events/',
      '_people/',
      '_people/collections/',
      '_learning/videos/',
      '_learning/articles/',
      '_learning/collections/',
      'api/',
    ]) {
      expect(
        files.some((file) => file.startsWith(dir)),
        dir,
      ).toBe(true);
    }
  });

  it('has exactly one file with CRLF line endings, and no other carriage return', () => {
    const crlf = files.filter((file) => read(file).includes('\r\n'));
    expect(crlf).toHaveLength(1);
    expect(raw(crlf[0]!).replace(/\r\n/g, '')).not.toContain('\r');
  });

  it('keeps one story in both _news/ and _archive/news/: same name and webUrl, other quality, heat and published', () => {
    const archived = files.filter((file) => file.startsWith('_archive/news/'));
    expect(archived.length).toBeGreaterThan(0);
    for (const file of archived) {
      const current = fields(file.replace('_archive/news/', '_news/'));
      const old = fields(file);
      expect(old.webUrl).toBe(current.webUrl);
      expect([old.quality, old.heat, old.published]).not.toEqual([current.quality, current.heat, current.published]);
      expect(old.quality).not.toBe(current.quality);
    }
  });

  it('has a JSON feed page whose entries name news files by path, with offset timestamps for the same instants', () => {
    expect(feedFiles).toHaveLength(1);
    const page = JSON.parse(raw(feedFiles[0]!)) as Loose;
    expect(Object.keys(page)).toEqual(['page', 'value', 'nextPage']);
    const entries = page.value as Loose[];
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const told = entries.filter((entry) => existsSync(join(FIXTURE_CORPUS_DIR, entry.path)));
    expect(told.length).toBeGreaterThanOrEqual(2);
    for (const entry of told) {
      const file = fields(entry.path);
      expect(entry.webUrl).toBe(file.webUrl);
      expect(entry.publishedDateTime).toMatch(/[+-]\d\d:\d\d$/);
      expect(new Date(entry.publishedDateTime).getTime()).toBe(new Date(file.publishedDateTime).getTime());
      expect(entry.content).toBe('\r\n');
      expect(entry.quality).toBeUndefined();
    }
    // An entry whose file is not in the fixtures, like a feed page of the real site.
    expect(told.length).toBeLessThan(entries.length);
  });

  it('has events, profiles and collections that are not articles, and learning items that are', () => {
    expect(files.filter((file) => file.startsWith('_events/')).map((file) => fields(file).type)).toEqual([
      'conference',
      'conference',
      'conference',
    ]);
    expect(files.filter((file) => /^_people\/[^/]+$/.test(file)).map((file) => fields(file).type)).toEqual([
      'profile',
      'profile',
    ]);
    expect(fields(files.find((file) => file.startsWith('_people/collections/'))!).items.length).toBeGreaterThan(1);
    const learning = files.filter((file) => file.startsWith('_learning/')).map(fields);
    expect(learning.map((item) => item.type).sort()).toEqual(['collection', 'video', null].sort());
    // The learning article's `type:` is there, and empty.
    expect(raw(files.find((file) => file.startsWith('_learning/articles/'))!)).toMatch(/^type: $/m);
  });

  it('has long related lists, a repeated related URL, and self-links (alone and among others)', () => {
    const lists = news
      .filter((story) => story.related)
      .map((story) => ({ own: story.webUrl, urls: (story.related as Loose[]).map((r) => r.webUrl) }));
    expect(Math.max(...lists.map((list) => list.urls.length))).toBeGreaterThan(40);
    expect(lists.filter((list) => list.urls.length >= 20).length).toBeGreaterThanOrEqual(3);
    expect(lists.some((list) => new Set(list.urls).size < list.urls.length)).toBe(true);
    expect(lists.some((list) => list.urls.length === 1 && list.urls[0] === list.own)).toBe(true);
    expect(lists.some((list) => list.urls.length > 1 && list.urls.includes(list.own))).toBe(true);
    expect(news.filter((story) => !story.related).length).toBeGreaterThan(3);
  });

  it('has the optional fields missing on some files and present on others', () => {
    const some = (predicate: (story: Loose) => boolean) => news.some(predicate) && !news.every(predicate);
    expect(some((story) => 'ampWebUrl' in story)).toBe(true);
    expect(some((story) => 'cdnAmpWebUrl' in story)).toBe(true);
    expect(some((story) => Boolean(story.provider.images))).toBe(true);
    expect(some((story) => Boolean(story.images))).toBe(true);
    const related = news.flatMap((story) => (story.related ?? []) as Loose[]);
    expect(related.some((r) => !r.ampWebUrl) && related.some((r) => r.ampWebUrl)).toBe(true);
    expect(related.some((r) => !r.images) && related.some((r) => r.images)).toBe(true);
    expect(related.some((r) => !r.excerpt)).toBe(true);
    expect(related.some((r) => String(r.webUrl).startsWith('http://'))).toBe(true);
    // Events, the people collection, the learning article and the feed carry no `secured`.
    for (const file of [
      ...files.filter(
        (f) => f.startsWith('_events/') || f.startsWith('_people/collections/') || f.startsWith('_learning/articles/'),
      ),
      ...feedFiles,
    ]) {
      expect(raw(file), file).not.toContain('secured');
    }
    expect(news.every((story) => /^[A-Za-z0-9+/=]+;[A-Za-z0-9+/=]+$/.test(story.secured))).toBe(true);
  });

  it('writes text the way the site does: double quotes with \\" escapes and literal \\n, curly quotes and dashes, unquoted UTC timestamps', () => {
    const texts = newsFiles.map(raw);
    expect(texts.filter((text) => /^(title|excerpt): ".*\\".*"$/m.test(text)).length).toBeGreaterThan(2);
    expect(texts.filter((text) => /^excerpt: ".*\\n.*"$/m.test(text)).length).toBeGreaterThan(2);
    expect(texts.filter((text) => /[‘’“”—–]/.test(text)).length).toBeGreaterThan(5);
    expect(texts.every((text) => /^publishedDateTime: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\r?$/m.test(text))).toBe(true);
    expect(texts.every((text) => text.endsWith('---\n\n') || text.endsWith('---\r\n\r\n'))).toBe(true);
  });

  it('has published and unpublished news, several outlets and topics, quality and heat with ties and gaps', () => {
    expect(news.filter((story) => story.published === false).length).toBeGreaterThan(3);
    expect(news.filter((story) => story.published === true).length).toBeGreaterThan(3);
    expect(new Set(news.map((story) => story.provider.domain)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(news.flatMap((story) => story.topics)).size).toBeGreaterThanOrEqual(6);
    expect(news.every((story) => story.topics[0] === 'Election')).toBe(true);
    const heats = news.map((story) => story.heat);
    expect(heats.filter((heat) => heat === -1).length).toBeGreaterThan(3);
    expect(new Set(news.map((story) => story.quality)).size).toBeLessThan(news.length);
    // Stories published on both sides of a year boundary (the date filters' tests cut there).
    expect(new Set(news.map((story) => new Date(story.publishedDateTime).getUTCFullYear())).size).toBeGreaterThan(1);
  });

  it('has one large file', () => {
    const sizes = files.map((file) => statSync(join(FIXTURE_CORPUS_DIR, file)).size);
    expect(Math.max(...sizes)).toBeGreaterThan(40_000);
  });
});

describe('every fixture file parses like an independent reading', () => {
  it.each(skippedFiles)('skips %s as its directory says', (file) => {
    expect(documentFromBytes(read(file))).toEqual({ kind: 'skipped', format: 'front-matter', skippedKind: skippedKind(file) });
  });

  it.each(articleFiles)('%s', (file) => {
    const document = documentFromBytes(read(file));
    expect(document).toMatchObject({ kind: 'articles', format: 'front-matter' });
    const [article, ...rest] = articlesOf(document);
    expect(rest).toHaveLength(0);
    expect(actualArticle(article!)).toStrictEqual(expectedArticle(fields(file)));
    expect(article!.body).toBeNull();
    // The corpus is English news, and its files state no locale: detected.
    expect(article!.language).toBe('en');
    expect(article!.identityKey).toBe(String(fields(file).webUrl ?? fields(file).originalUrl).trim());
  });

  it.each(feedFiles)('%s yields every entry, in page order', (file) => {
    const document = documentFromBytes(read(file));
    expect(document).toMatchObject({ kind: 'articles', format: 'json-feed' });
    expect(articlesOf(document).map(actualArticle)).toStrictEqual(feedEntries(file).map(expectedArticle));
    expect(articlesOf(document).every((article) => article.body === null)).toBe(true);
    // Each entry's language is the primary subtag of its `locale` ("en-us" -> "en").
    expect(articlesOf(document).map((article) => article.language)).toEqual(
      feedEntries(file).map((entry) => String(entry.locale).split('-')[0]!.toLowerCase()),
    );
  });

  it('reads the CRLF file exactly like its LF version', () => {
    const file = files.find((f) => read(f).includes('\r\n'))!;
    const fromCrlf = documentFromBytes(read(file));
    expect(fromCrlf).toStrictEqual(documentFromBytes(utf8(raw(file).replace(/\r\n/g, '\n'))));
    expect(JSON.stringify(fromCrlf)).not.toContain('\\r');
  });

  it('gives one story the same identity in every file that tells it (archive copy, feed entry)', () => {
    const key = (file: string, index = 0) => articlesOf(documentFromBytes(read(file)))[index]?.identityKey;
    for (const file of files.filter((f) => f.startsWith('_archive/news/')))
      expect(key(file)).toBe(key(file.replace('_archive/news/', '_news/')));
    for (const file of feedFiles) {
      feedEntries(file).forEach((entry, index) => {
        if (existsSync(join(FIXTURE_CORPUS_DIR, entry.path))) expect(key(file, index), entry.path).toBe(key(entry.path));
      });
    }
  });
});
