// Issue 10, items 3 and 8: what one document may carry. Each cap (src/ingest/parse/caps.ts) refuses a
// document with an IngestError naming the field and the limit, before anything is copied or stored; the
// samples the tests load, and the largest file of the corpus they imitate, stay far below every cap.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as caps from '../../src/ingest/parse/caps.js';
import { parseDocument, WorkTally } from '../../src/ingest/parse/index.js';
import { IngestError } from '../../src/ingest/types.js';
import { FIXTURE_CORPUS_DIR, listFiles, SAMPLE_DIRS } from '../helpers/fixtures.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const yamlString = (value: string) => JSON.stringify(value);
const article = (...lines: string[]) =>
  ['---', 'title: "A story"', 'webUrl: "https://example.com/story"', ...lines, '---', ''].join('\n');
const list = (n: number, item: string) => `[${Array(n).fill(item).join(', ')}]`;
const image = '{url: "https://example.com/i.jpg"}';
const url = (bytes: number) => `https://example.com/${'a'.repeat(bytes - 'https://example.com/'.length)}`;

function refusal(text: string): IngestError {
  try {
    parseDocument(utf8(text));
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error('the document was accepted');
}

describe('every cap refuses with the field and the limit, and accepts what is at the limit', () => {
  const cases: [name: string, atLimit: string, over: string, field: string, message: string][] = [
    [
      'images',
      article(`images: ${list(caps.MAX_IMAGES, image)}`),
      article(`images: ${list(caps.MAX_IMAGES + 1, image)}`),
      'images',
      `too many images: 51, the limit is ${caps.MAX_IMAGES}`,
    ],
    [
      'topics',
      article(`topics: ${list(caps.MAX_TOPICS, '"t"')}`),
      article(`topics: ${list(caps.MAX_TOPICS + 1, '"t"')}`),
      'topics',
      `the limit is ${caps.MAX_TOPICS}`,
    ],
    [
      'related',
      article(`related: ${list(caps.MAX_RELATED, '{title: "r", webUrl: "https://example.com/r"}')}`),
      article(`related: ${list(caps.MAX_RELATED + 1, '{title: "r", webUrl: "https://example.com/r"}')}`),
      'related',
      `too many related stories: 201, the limit is ${caps.MAX_RELATED}`,
    ],
    [
      'a related story’s images',
      article(`related: [{title: "r", webUrl: "https://example.com/r", images: ${list(caps.MAX_IMAGES, image)}}]`),
      article(`related: [{title: "r", webUrl: "https://example.com/r", images: ${list(caps.MAX_IMAGES + 1, image)}}]`),
      'related[0].images',
      'too many images',
    ],
    [
      'provider logos',
      article(`provider: {name: "P", domain: "p.com", images: ${list(caps.MAX_IMAGES, image)}}`),
      article(`provider: {name: "P", domain: "p.com", images: ${list(caps.MAX_IMAGES + 1, image)}}`),
      'provider.images',
      'too many images',
    ],
    [
      'title',
      article().replace('"A story"', yamlString('t'.repeat(caps.MAX_TITLE_CHARS))),
      article().replace('"A story"', yamlString('t'.repeat(caps.MAX_TITLE_CHARS + 1))),
      'title',
      `too long: 1001 characters, the limit is ${caps.MAX_TITLE_CHARS}`,
    ],
    [
      'excerpt',
      article(`excerpt: ${yamlString('e'.repeat(caps.MAX_EXCERPT_CHARS))}`),
      article(`excerpt: ${yamlString('e'.repeat(caps.MAX_EXCERPT_CHARS + 1))}`),
      'excerpt',
      `the limit is ${caps.MAX_EXCERPT_CHARS}`,
    ],
    [
      'body',
      article() + 'b'.repeat(caps.MAX_BODY_CHARS),
      article() + 'b'.repeat(caps.MAX_BODY_CHARS + 1),
      'body',
      `the limit is ${caps.MAX_BODY_CHARS}`,
    ],
    [
      'author',
      article(`author: ${yamlString('a'.repeat(caps.MAX_TEXT_CHARS))}`),
      article(`author: ${yamlString('a'.repeat(caps.MAX_TEXT_CHARS + 1))}`),
      'author',
      `the limit is ${caps.MAX_TEXT_CHARS}`,
    ],
    [
      'type',
      article(`type: ${yamlString('t'.repeat(caps.MAX_LABEL_CHARS))}`),
      article(`type: ${yamlString('t'.repeat(caps.MAX_LABEL_CHARS + 1))}`),
      'type',
      `the limit is ${caps.MAX_LABEL_CHARS}`,
    ],
    [
      'a topic name',
      article(`topics: [${yamlString('t'.repeat(caps.MAX_LABEL_CHARS))}]`),
      article(`topics: [${yamlString('t'.repeat(caps.MAX_LABEL_CHARS + 1))}]`),
      'topics[0]',
      `the limit is ${caps.MAX_LABEL_CHARS}`,
    ],
    [
      'webUrl (UTF-8 bytes)',
      article().replace('"https://example.com/story"', yamlString(url(caps.MAX_URL_BYTES))),
      article().replace('"https://example.com/story"', yamlString(`${url(caps.MAX_URL_BYTES - 1)}é`)),
      'webUrl',
      `too long: 2049 bytes, the limit is ${caps.MAX_URL_BYTES}`,
    ],
    [
      'an image URL',
      article(`images: [{url: ${yamlString(url(caps.MAX_URL_BYTES))}}]`),
      article(`images: [{url: ${yamlString(url(caps.MAX_URL_BYTES + 1))}}]`),
      'images[0].url',
      'bytes',
    ],
    [
      'quality (a 32-bit column)',
      article(`quality: ${caps.INT32_MAX}`),
      article('quality: 3000000000'),
      'quality',
      `expected an integer from ${caps.INT32_MIN} to ${caps.INT32_MAX} (a 32-bit column), got 3000000000`,
    ],
    ['heat, negative', article(`heat: ${caps.INT32_MIN}`), article(`heat: ${caps.INT32_MIN - 1}`), 'heat', 'a 32-bit column'],
    [
      'image width',
      article(`images: [{url: "https://example.com/i.jpg", width: ${caps.INT32_MAX}}]`),
      article('images: [{url: "https://example.com/i.jpg", width: 1e12}]'),
      'images[0].width',
      'expected a non-negative integer up to 2147483647',
    ],
    [
      'a related story’s quality',
      article(`related: [{title: "r", webUrl: "https://example.com/r", quality: ${caps.INT32_MAX}}]`),
      article('related: [{title: "r", webUrl: "https://example.com/r", quality: 9007199254740993}]'),
      'related[0].quality',
      'a 32-bit column',
    ],
    [
      'feed entries',
      JSON.stringify({ value: Array(caps.MAX_FEED_ENTRIES).fill({ title: 't', webUrl: 'https://example.com/t' }) }),
      JSON.stringify({ value: Array(caps.MAX_FEED_ENTRIES + 1).fill({ title: 't', webUrl: 'https://example.com/t' }) }),
      'value',
      `too many articles: 101, the limit is ${caps.MAX_FEED_ENTRIES} per page`,
    ],
    [
      'a feed entry’s heat',
      JSON.stringify({ value: [{ title: 't', webUrl: 'https://example.com/t', heat: caps.INT32_MAX }] }),
      JSON.stringify({ value: [{ title: 't', webUrl: 'https://example.com/t', heat: 2 ** 31 }] }),
      'value[0].heat',
      'a 32-bit column',
    ],
    // The root mapping, title, webUrl and the list itself are 4 values.
    [
      'values per document',
      article(`extra: ${list(caps.MAX_DOCUMENT_VALUES - 4, '1')}`),
      article(`extra: ${list(caps.MAX_DOCUMENT_VALUES - 3, '1')}`),
      'extra',
      `over ${caps.MAX_DOCUMENT_VALUES} values`,
    ],
  ];

  it.each(cases)('%s', (_, atLimit, over, field, message) => {
    expect(() => parseDocument(utf8(atLimit))).not.toThrow();
    const error = refusal(over);
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });
});

describe('the samples stay far below the caps', () => {
  it('every file of seeds/ and the fixture corpus parses, the largest holding under a tenth of the values cap', () => {
    const values = SAMPLE_DIRS.flatMap(listFiles).map((path) => {
      const work = new WorkTally();
      parseDocument(readFileSync(path), work);
      return work.of('validate');
    });
    expect(values.length).toBeGreaterThan(30);
    expect(Math.max(...values)).toBeLessThan(caps.MAX_DOCUMENT_VALUES / 10);
  });

  it('the 43 KB fixture with 46 related stories loads whole', () => {
    const parsed = parseDocument(
      readFileSync(
        join(FIXTURE_CORPUS_DIR, '_news', '2023-09-12-social-media-cant-stop-talking-about-dana-okafors-rain-boots.md'),
      ),
    );
    expect(parsed.kind === 'articles' && parsed.articles[0]!.related).toHaveLength(46);
  });
});
