import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normalizeArticle, normalizeDocument, normalizeTopics, textIdentityKey } from '../../src/ingest/normalize.js';
import type { RawArticle, RawRelated } from '../../src/ingest/parse/raw-article.js';

const related = (webUrl: string, title = webUrl): RawRelated => ({ title, webUrl });

const raw = (fields: Partial<RawArticle> = {}): RawArticle => ({
  title: '  A “quoted” story \n',
  webUrl: ' https://Example.COM/story?id=7#comments ',
  ...fields,
});

describe('normalizeArticle', () => {
  it('keys a URL article by its normalized webUrl and keeps the trimmed URL as given', () => {
    const article = normalizeArticle(raw());
    expect(article.identityKey).toBe('https://example.com/story?id=7');
    expect(article.webUrl).toBe('https://Example.COM/story?id=7#comments');
    expect(article.title).toBe('A “quoted” story');
  });

  it('falls back to originalUrl for the identity when there is no webUrl', () => {
    const article = normalizeArticle(raw({ webUrl: null, originalUrl: 'https://YouTube.com/watch?v=tTeRPt4c1lw' }));
    expect(article.identityKey).toBe('https://youtube.com/watch?v=tTeRPt4c1lw');
    expect(article.webUrl).toBeNull();
  });

  it('keys an article without URLs by a hash of provider domain, title and date', () => {
    const article = normalizeArticle(
      raw({
        webUrl: null,
        provider: { name: 'The Independent', domain: 'independent.co.uk' },
        publishedDateTime: new Date('2022-08-23T13:02:00Z'),
      }),
    );
    const digest = createHash('sha256').update('independent.co.uk\nA “quoted” story\n2022-08-23T13:02:00.000Z').digest('hex');
    expect(article.identityKey).toBe(`text:${digest}`);
    expect(textIdentityKey('independent.co.uk', 'A “quoted” story', new Date('2022-08-23T13:02:00Z'))).toBe(`text:${digest}`);
  });

  it('keeps the instant the parse layer read, and null for none', () => {
    expect(normalizeArticle(raw({ publishedDateTime: new Date('2021-02-13T14:49:00Z') })).publishedAt?.toISOString()).toBe(
      '2021-02-13T14:49:00.000Z',
    );
    expect(normalizeArticle(raw()).publishedAt).toBeNull();
  });

  it('trims text, keeps inner text as written, and turns empty text into null', () => {
    const article = normalizeArticle(
      raw({ excerpt: ' .@ junk first… then text.\n    \n', body: '\r\n', author: '', type: ' ', secured: ' a;b ' }),
    );
    expect(article.excerpt).toBe('.@ junk first… then text.');
    expect(article.body).toBeNull();
    expect(article.author).toBeNull();
    expect(article.type).toBeNull();
    expect(article.secured).toBe('a;b');
  });

  it('lower-cases provider domains and drops "www."', () => {
    const article = normalizeArticle(raw({ provider: { name: ' The Guardian ', domain: 'WWW.TheGuardian.com', images: null } }));
    expect(article.provider).toEqual({ name: 'The Guardian', domain: 'theguardian.com', images: [] });
  });

  it('de-duplicates topics case-insensitively after collapsing whitespace, first spelling wins', () => {
    expect(normalizeTopics([' Mike  Pence ', 'Election', 'mike pence', 'ELECTION', '  ', 'Donald\tTrump'])).toEqual([
      'Mike Pence',
      'Election',
      'Donald Trump',
    ]);
    expect(normalizeArticle(raw({ topics: null })).topics).toEqual([]);
  });

  it('de-duplicates related stories by identity (first wins) and drops the article itself', () => {
    const article = normalizeArticle(
      raw({
        related: [
          related('https://EXAMPLE.com/story?id=7', 'self, different host case'),
          related('https://b.com/1', 'first b'),
          related('https://B.com/1#x', 'second b'),
          related('https://b.com/1/', 'different path'),
          { title: 'original only', originalUrl: 'https://c.com/2' },
        ],
      }),
    );
    expect(article.related.map((r) => [r.identityKey, r.title, r.webUrl])).toEqual([
      ['https://b.com/1', 'first b', 'https://b.com/1'],
      ['https://b.com/1/', 'different path', 'https://b.com/1/'],
      ['https://c.com/2', 'original only', 'https://c.com/2'],
    ]);
  });

  it('fills absent optional fields with null and absent lists with []', () => {
    expect(normalizeArticle(raw({ images: [{ url: 'https://a.com/i.jpg' }] }))).toMatchObject({
      quality: null,
      heat: null,
      published: null,
      category: null,
      provider: null,
      topics: [],
      related: [],
      images: [{ url: 'https://a.com/i.jpg', width: null, height: null, isCached: null }],
    });
  });
});

describe('normalizeDocument', () => {
  it('normalizes every article of a document, in order, and passes a skipped one through', () => {
    const skipped = { kind: 'skipped', format: 'front-matter', skippedKind: 'event' } as const;
    expect(normalizeDocument(skipped)).toEqual(skipped);
    const document = normalizeDocument({
      kind: 'articles',
      format: 'json-feed',
      articles: [raw(), raw({ webUrl: 'https://b.com/2' })],
    });
    expect(document).toMatchObject({
      kind: 'articles',
      format: 'json-feed',
      articles: [{ identityKey: 'https://example.com/story?id=7' }, { identityKey: 'https://b.com/2' }],
    });
  });
});
