// parseDocument end to end: the right format is picked by content, every field is validated (normalize
// trusts the result), and every broken input is refused with an IngestError that names the field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_BYTES, parseDocument } from '../../../src/ingest/parse/index.js';
import { expectIngestError, SEEDS_DIR, utf8 } from '../helpers.js';

const seed004 = readFileSync(join(SEEDS_DIR, '004_802b4129ae81b8f2.txt'), 'utf8');
const parseText = (text: string) => parseDocument(utf8(text));

describe('parseDocument', () => {
  it('detects the format from the content, not the file name', () => {
    expect(parseText(seed004).format).toBe('front-matter');
    expect(parseText('{"value": []}').format).toBe('json-feed');
    expect(parseText('Headline\n\nTuesday 23 August 2022 09:02 EDT\n\nStory.').format).toBe('plain-text');
  });

  it('reads a BOM-prefixed CRLF copy of a file exactly like the original', () => {
    const crlf = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(seed004.replace(/\n/g, '\r\n'))]);
    expect(parseDocument(crlf)).toStrictEqual(parseText(seed004));
  });

  it('reads timestamps as instants, quoted with an offset or unquoted (a YAML date)', () => {
    const articleOf = (text: string) => {
      const document = parseText(text);
      return document.kind === 'articles' ? document.articles[0] : undefined;
    };
    const quoted = articleOf(
      seed004.replace('publishedDateTime: 2021-02-13T14:49:00Z', 'publishedDateTime: "2021-03-30T11:23:00-07:00"'),
    );
    expect(quoted?.publishedDateTime).toEqual(new Date('2021-03-30T18:23:00.000Z'));
    expect(articleOf(seed004)?.publishedDateTime).toEqual(new Date('2021-02-13T14:49:00.000Z'));
  });

  it('reports feed entry problems with the entry index', () => {
    const feed = JSON.stringify({
      value: [
        { title: 'a', webUrl: 'https://a.com' },
        { title: 'b', webUrl: 'https://b.com', publishedDateTime: 'later' },
      ],
    });
    expectIngestError(() => parseText(feed), { field: 'value[1].publishedDateTime', message: 'ISO 8601' });
  });
});

describe('parseDocument rejects broken inputs', () => {
  const replace = (from: string | RegExp, to: string) => {
    const text = seed004.replace(from, to);
    expect(text).not.toBe(seed004);
    return text;
  };

  it('bad YAML', () => {
    expectIngestError(() => parseText(replace('quality: 121', 'quality: [121')), { message: 'invalid YAML in front matter' });
  });

  it('missing title', () => {
    expectIngestError(() => parseText(replace(/^title: .*\n/m, '')), { field: 'title', message: 'required' });
    expectIngestError(() => parseText(replace(/^title: .*$/m, 'title: "  "')), { field: 'title', message: 'required' });
  });

  it('quality "abc"', () => {
    expectIngestError(() => parseText(replace('quality: 121', 'quality: abc')), {
      field: 'quality',
      message: 'expected an integer, got "abc"',
    });
  });

  it('fractional or infinite numbers, negative sizes', () => {
    expectIngestError(() => parseText(replace('heat: -1', 'heat: 1.5')), {
      field: 'heat',
      message: 'expected an integer, got 1.5',
    });
    expectIngestError(() => parseText(replace('heat: -1', 'heat: .inf')), {
      field: 'heat',
      message: 'expected an integer, got Infinity',
    });
    expectIngestError(() => parseText(replace('width: 1200', 'width: -1200')), {
      field: 'images[0].width',
      message: 'non-negative integer',
    });
  });

  it('invalid URL', () => {
    expectIngestError(() => parseText(replace(/^webUrl: .*$/m, 'webUrl: "www.businessinsider.com/story"')), {
      field: 'webUrl',
      message: 'expected a URL (http or https), got "www.businessinsider.com/story"',
    });
    expectIngestError(() => parseText(replace('url: "https://i.insider.com', 'url: "file:///i.insider.com')), {
      field: 'images[0].url',
      message: 'expected a URL',
    });
    expectIngestError(() => parseText(replace('webUrl: "https://www.newsweek.com', 'webUrl: "newsweek:')), {
      field: 'related[2].webUrl',
      message: 'expected a URL',
    });
  });

  it('related entry without webUrl', () => {
    expectIngestError(() => parseText(replace(/^ {4}webUrl: "https:\/\/www\.chicagotribune\.com.*\n/m, '')), {
      field: 'related[1].webUrl',
      message: 'required',
    });
  });

  it('article without any URL', () => {
    expectIngestError(() => parseText(replace(/^(originalUrl|webUrl): .*\n/gm, '')), { field: 'webUrl', message: 'required' });
  });

  it('wrong types', () => {
    expectIngestError(() => parseText(replace('published: false', 'published: "no"')), {
      field: 'published',
      message: 'expected true or false, got "no"',
    });
    expectIngestError(() => parseText(replace('  - Mike Pence', '  - 2020')), {
      field: 'topics[1]',
      message: 'expected a string, got 2020',
    });
    expectIngestError(() => parseText(replace('publishedDateTime: 2021-02-13T14:49:00Z', 'publishedDateTime: 13/02/2021')), {
      field: 'publishedDateTime',
      message: 'expected an ISO 8601 timestamp',
    });
    expectIngestError(() => parseText(replace('  domain: businessinsider.com', '  domain: "Business Insider"')), {
      field: 'provider.domain',
      message: 'expected a domain name',
    });
  });

  it('lists further problems in the message', () => {
    const error = expectIngestError(() => parseText(replace('quality: 121', 'quality: abc').replace('heat: -1', 'heat: hot')), {
      field: 'quality',
      message: 'expected an integer, got "abc"',
    });
    expect(error.message).toContain('also: heat: expected an integer, got "hot"');
  });

  it('binary bytes', () => {
    expectIngestError(() => parseDocument(new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01])), { message: 'binary content' });
    expectIngestError(() => parseDocument(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), { message: 'not valid UTF-8' });
  });

  it('empty file', () => {
    expectIngestError(() => parseDocument(new Uint8Array()), { message: 'empty file' });
  });

  it('oversize file', () => {
    const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1).fill(0x20);
    expectIngestError(() => parseDocument(big), { message: `over the ${MAX_DOCUMENT_BYTES}-byte limit` });
  });

  it('JSON feed with a non-array value', () => {
    expectIngestError(() => parseText('{"page": 22, "value": {"title": "x"}}'), {
      field: 'value',
      message: 'expected a list of articles',
    });
    expectIngestError(() => parseText('{"page": 22, "value": null}'), {
      field: 'value',
      message: 'expected a list of articles, got null',
    });
  });

  it('unterminated front matter', () => {
    expectIngestError(() => parseText(seed004.replace(/\n---\n*$/, '\n')), { message: 'front matter is not terminated' });
  });

  it('plain text without a title or a date line', () => {
    expectIngestError(() => parseText('Just a note with no dateline.\n\nAnother line.'), {
      field: 'publishedAt',
      message: 'no date line',
    });
  });
});
