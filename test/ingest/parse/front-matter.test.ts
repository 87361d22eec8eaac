import { describe, expect, it } from 'vitest';
import { parseFrontMatter } from '../../../src/ingest/parse/front-matter.js';
import { expectIngestError } from '../helpers.js';

const ARTICLE = [
  '---',
  'title: "A story"',
  'webUrl: "https://example.com/story"',
  'publishedDateTime: 2021-02-13T14:49:00Z',
  'quoted: "2021-02-13T14:49:00Z"',
  'type: article',
  '---',
  '',
].join('\n');

const withFields = (...lines: string[]) => ['---', ...lines, '---', ''].join('\n');

describe('parseFrontMatter', () => {
  it('reads an article, unquoted timestamps included', () => {
    const parsed = parseFrontMatter(ARTICLE);
    expect(parsed.kind).toBe('articles');
    if (parsed.kind !== 'articles') return;
    expect(parsed.articles).toHaveLength(1);
    expect(parsed.articles[0]).toMatchObject({
      title: 'A story',
      webUrl: 'https://example.com/story',
      type: 'article',
      body: '',
    });
    expect(parsed.articles[0]?.publishedDateTime).toEqual(new Date('2021-02-13T14:49:00Z'));
  });

  it('takes the text after the front matter as the body', () => {
    const parsed = parseFrontMatter(`${ARTICLE}Some **markdown** body.\n`);
    expect(parsed.kind === 'articles' && parsed.articles[0]?.body).toBe('Some **markdown** body.\n');
  });

  it('returns a fresh object on every call, even for the same text', () => {
    const text = withFields('title: "Same text"', 'webUrl: "https://example.com/same"');
    const first = parseFrontMatter(text);
    const second = parseFrontMatter(text);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });

  it.each([
    ['conference', 'event'],
    ['event', 'event'],
    ['profile', 'profile'],
    ['"Profile"', 'profile'],
    ['collection', 'collection'],
  ])('skips type %s as a %s', (type, kind) => {
    expect(parseFrontMatter(withFields('title: "X"', `type: ${type}`))).toEqual({ kind: 'skipped', skippedKind: kind });
  });

  it('skips a named entry without a title, whatever its type', () => {
    expect(parseFrontMatter(withFields('name: "Somebody"', 'type: person'))).toEqual({ kind: 'skipped', skippedKind: 'entity' });
    expect(parseFrontMatter(withFields('name: "Somebody"'))).toEqual({ kind: 'skipped', skippedKind: 'entity' });
  });

  it('treats videos, other types and an empty type as articles', () => {
    for (const type of ['video', 'article', 'podcast', '']) {
      const parsed = parseFrontMatter(withFields('title: "X"', 'originalUrl: https://example.com/x', `type: ${type}`));
      expect(parsed.kind).toBe('articles');
      expect(parsed.kind === 'articles' && parsed.articles[0]?.type).toBe(type === '' ? null : type);
    }
  });

  it('rejects unterminated front matter instead of reading the whole file as YAML', () => {
    expectIngestError(() => parseFrontMatter('---\ntitle: x\nwebUrl: https://example.com\n\nBody text.\n'), {
      message: 'front matter is not terminated',
    });
  });

  it('rejects bad YAML with its position', () => {
    expectIngestError(() => parseFrontMatter(withFields('title: "x', 'webUrl: https://example.com')), {
      message: 'invalid YAML in front matter',
    });
    expectIngestError(() => parseFrontMatter(withFields('title: x', '  webUrl: https://example.com')), { message: 'at line 3' });
    expectIngestError(() => parseFrontMatter(withFields('title: x', 'title: y')), {
      message: 'duplicated mapping key at line 3, column 1',
    });
  });

  it('rejects front matter that is not a mapping', () => {
    expectIngestError(() => parseFrontMatter(withFields('- a', '- b')), { message: 'must be a mapping of fields, got a list' });
    expectIngestError(() => parseFrontMatter(withFields('just words')), { message: 'got a scalar' });
  });
});
