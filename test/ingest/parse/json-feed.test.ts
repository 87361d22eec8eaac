import { describe, expect, it } from 'vitest';
import { parseJsonFeed } from '../../../src/ingest/parse/json-feed.js';
import { expectIngestError } from '../helpers.js';

const entry = (fields: Record<string, unknown>) => ({
  path: '_news/x.md',
  title: 'A story',
  webUrl: 'https://example.com/a',
  highlight: null,
  tags: null,
  locale: 'en-us',
  ...fields,
});
const feed = (value: unknown) => JSON.stringify({ page: 1, value, nextPage: null });

describe('parseJsonFeed', () => {
  it('turns every entry of `value` into an article, in order', () => {
    const parsed = parseJsonFeed(feed([entry({ title: 'One' }), entry({ title: 'Two', webUrl: 'https://example.com/b' })]));
    expect(parsed.kind === 'articles' && parsed.articles.map((a) => a.title)).toEqual(['One', 'Two']);
  });

  it('maps categories[0] to category and content to body, ignoring feed-only fields', () => {
    const parsed = parseJsonFeed(
      feed([entry({ categories: ['news', 'politics'], content: '\r\n', publishedDateTime: '2021-03-30T11:23:00-07:00' })]),
    );
    if (parsed.kind !== 'articles') throw new Error('expected articles');
    const [article] = parsed.articles;
    expect(article).toMatchObject({ category: 'news', body: '\r\n', publishedDateTime: new Date('2021-03-30T18:23:00Z') });
    expect(article).not.toHaveProperty('path');
    expect(article).not.toHaveProperty('highlight');
    expect(article).not.toHaveProperty('categories');
  });

  it('gives no category when categories is missing or empty', () => {
    const parsed = parseJsonFeed(feed([entry({ categories: [] }), entry({ webUrl: 'https://example.com/b' })]));
    expect(parsed.kind === 'articles' && parsed.articles.map((a) => a.category)).toEqual([null, null]);
  });

  it('accepts an empty page', () => {
    expect(parseJsonFeed(feed([]))).toEqual({ kind: 'articles', articles: [] });
  });

  it('rejects pages without a `value` list', () => {
    expectIngestError(() => parseJsonFeed(feed({ title: 'x' })), {
      field: 'value',
      message: 'expected a list of articles, got a mapping',
    });
    expectIngestError(() => parseJsonFeed('{"page": 1}'), { field: 'value', message: 'required' });
    expectIngestError(() => parseJsonFeed('{"page": 1, '), { message: 'invalid JSON' });
  });

  it('names the entry in errors', () => {
    expectIngestError(() => parseJsonFeed(feed([entry({}), entry({ title: undefined })])), {
      field: 'value[1].title',
      message: 'required',
    });
    expectIngestError(() => parseJsonFeed(feed([entry({ heat: '75' })])), {
      field: 'value[0].heat',
      message: 'expected an integer, got "75"',
    });
    expectIngestError(() => parseJsonFeed(feed([7])), { field: 'value[0]', message: 'expected a mapping, got 7' });
  });
});
