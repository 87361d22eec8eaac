// Issue 10, item 3 and the ingest items it asks to keep: what a front matter or a JSON feed page can make the
// parser do. YAML aliases are measured at every use before anything copies them, one document's values,
// nesting and lists are capped with an error naming the field, code in front matter never runs, no key
// reaches Object.prototype, and unquoted timestamps are never silently changed.
import { analyse } from 'scslre';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENT_VALUES, MAX_IMAGES, MAX_NESTING } from '../../src/ingest/parse/caps.js';
import { DATE_LINE, parseDateLine } from '../../src/ingest/parse/date-line.js';
import { parseFrontMatter } from '../../src/ingest/parse/front-matter.js';
import { parseDocument } from '../../src/ingest/parse/index.js';
import { KNOWN_OUTLETS } from '../../src/ingest/parse/outlets.js';
import { documentFromBytes } from '../../src/ingest/pipeline.js';
import { IngestError } from '../../src/ingest/types.js';
import { expectLinearWork } from './ingest-growth.js';

const utf8 = (text: string) => new TextEncoder().encode(text);
const parseText = (text: string, work?: Parameters<typeof parseDocument>[1]) => parseDocument(utf8(text), work);
const article = (...lines: string[]) =>
  ['---', 'title: "A story"', 'webUrl: "https://example.com/story"', ...lines, '---', ''].join('\n');

/** The IngestError `action` throws. */
function ingestError(action: () => unknown): IngestError {
  try {
    action();
  } catch (error) {
    if (error instanceof IngestError) return error;
    throw error;
  }
  throw new Error('expected an IngestError, nothing was thrown');
}

describe('YAML aliases are counted at every use, before anything copies them', () => {
  const image = 'img: &i {url: "https://example.com/i.jpg", width: 1, height: 1, isCached: true}';
  const aliasList = (n: number) => `[${Array(n).fill('*i').join(', ')}]`;

  it('a list of n aliases: refused with the field and the cap, in work linear in n', () => {
    expectLinearWork((n) => article(image, `images: ${aliasList(n)}`), parseText, 1_000);
    const tooMany = ingestError(() => parseText(article(image, `images: ${aliasList(1_000)}`)));
    expect(tooMany.field).toBe('images');
    expect(tooMany.message).toContain(`too many images: 1000, the limit is ${MAX_IMAGES}`);
    // 100,000 aliases of a 5-value image: over the document's values before any image is validated.
    const huge = ingestError(() => parseText(article(image, `images: ${aliasList(100_000)}`)));
    expect(huge.field).toBe('images');
    expect(huge.message).toContain(`over ${MAX_DOCUMENT_VALUES} values`);
  });

  it('aliases at every level the schema descends (related -> images): quadratic expansion, linear work', () => {
    // k related stories, each the same story with k images: k^2 image copies from O(k) bytes.
    const doc = (k: number) =>
      article(
        image,
        `story: &s {title: "S", webUrl: "https://example.com/s", images: ${aliasList(k)}}`,
        `related: [${Array(k).fill('*s').join(', ')}]`,
      );
    const counts = expectLinearWork(doc, parseText, 500);
    expect(counts.has('validate')).toBe(false); // refused before the schemas see a single value
    expect(ingestError(() => parseText(doc(500))).field).toBe('related');
  });

  it('a billion laughs: each level doubles the one before; refused, and the walk is linear in the levels', () => {
    const laughs = (levels: number) => {
      const lines = ['l0: &l0 ["lol", "lol"]'];
      for (let i = 1; i <= levels; i++) lines.push(`l${i}: &l${i} [*l${i - 1}, *l${i - 1}]`);
      return article(...lines, `topics: *l${levels}`);
    };
    expectLinearWork(laughs, parseText, 10); // 10 to 80 levels: 2^81 strings once expanded
    const error = ingestError(() => parseText(laughs(80)));
    expect(error.message).toContain(`over ${MAX_DOCUMENT_VALUES} values`);
  });

  it('an alias inside the value it names is refused, not walked forever', () => {
    const error = ingestError(() =>
      parseText(article('related: &r [{title: "x", webUrl: "https://example.com/x", images: *r}]')),
    );
    expect(error.field).toBe('related');
    expect(error.message).toContain('an alias refers to a value that contains it');
  });

  it('plain repetition without aliases counts too (a feed page, a front matter)', () => {
    expectLinearWork(
      (n) => JSON.stringify({ value: [{ title: 'x', webUrl: 'https://example.com', topics: Array(n).fill('t') }] }),
      parseText,
      10_000,
    );
    expectLinearWork((n) => article(`topics: [${Array(n).fill('t').join(', ')}]`), parseText, 10_000);
  });
});

describe('deep nesting is refused before any recursion gets deep', () => {
  it('YAML flow and block nesting', () => {
    const flow = (n: number) => article(`images: ${'['.repeat(n)}${']'.repeat(n)}`);
    expectLinearWork(flow, parseText, 10_000);
    expect(ingestError(() => parseText(flow(100_000))).message).toContain(`nesting exceeded maxDepth (${MAX_NESTING})`);
    const block = Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
    expect(ingestError(() => parseText(article(block))).message).toMatch(
      /invalid YAML in front matter: nesting exceeded maxDepth/,
    );
  });

  it('JSON nesting (JSON.parse takes any depth; the measure stops at the cap)', () => {
    const deep = (n: number) => `{"value": [], "x": ${'['.repeat(n)}${']'.repeat(n)}}`;
    expectLinearWork(deep, parseText, 10_000);
    const error = ingestError(() => parseText(deep(1_000_000)));
    expect(error).toMatchObject({ field: 'x' });
    expect(error.message).toContain(`nested deeper than ${MAX_NESTING} levels`);
  });
});

describe('front matter never runs code', () => {
  it.each(['js', 'javascript', 'coffee', ' js', 'JavaScript'])('"---%s" front matter is not evaluated', (language) => {
    const globals = globalThis as { __ingestPwned?: unknown };
    const text = `---${language}\n{ title: (globalThis.__ingestPwned = "yes"), webUrl: "https://example.com" }\n---\n`;
    expect(() => parseText(text)).toThrow(IngestError);
    expect(ingestError(() => parseFrontMatter(text)).message).toContain('only YAML is read');
    expect(globals.__ingestPwned).toBeUndefined();
  });

  it('YAML tags that other loaders turn into functions or objects stay refused', () => {
    for (const tag of [
      '!!js/function "function () { return 1 }"',
      '!!js/regexp /x/',
      '!!binary aGVsbG8=',
      '!!timestamp 2021-01-01',
    ]) {
      expect(ingestError(() => parseText(article(`excerpt: ${tag}`))).message).toMatch(
        /invalid YAML in front matter: unknown tag/,
      );
    }
  });
});

describe('no key reaches Object.prototype', () => {
  it('__proto__ and constructor keys in front matter, related entries and feed entries', () => {
    const yaml = article(
      '__proto__: {polluted: "yaml"}',
      'constructor: {prototype: {polluted: "yaml"}}',
      'related: [{title: "r", webUrl: "https://example.com/r", __proto__: {polluted: "related"}}]',
    );
    const feed =
      '{"__proto__": {"polluted": "feed"}, "value": [{"title": "x", "webUrl": "https://example.com/x", "__proto__": {"polluted": "entry"}, "provider": {"name": "P", "domain": "p.com", "__proto__": {"polluted": "provider"}}}]}';
    for (const text of [yaml, feed]) {
      const document = documentFromBytes(utf8(text));
      expect(document.kind).toBe('articles');
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    }
  });
});

describe('unquoted YAML timestamps are read as written, or refused', () => {
  const publishedAt = (value: string) => {
    const parsed = parseText(article(`publishedDateTime: ${value}`));
    return parsed.kind === 'articles' ? parsed.articles[0]!.publishedDateTime : undefined;
  };

  it('valid ones keep their instant, unquoted or quoted', () => {
    expect(publishedAt('2021-02-13T14:49:00Z')).toEqual(new Date('2021-02-13T14:49:00Z'));
    expect(publishedAt('"2021-02-13T15:49:00+01:00"')).toEqual(new Date('2021-02-13T14:49:00Z'));
    expect(publishedAt('2021-02-13')).toEqual(new Date('2021-02-13T00:00:00Z'));
  });

  it.each([
    ['2021-02-30T10:00:00Z', 'not a real date and time: "2021-02-30T10:00:00Z"'],
    ['2021-02-30', 'not a real date and time'],
    ['0050-01-01T00:00:00Z', 'expected a timestamp in the years 1000 to 9999, got "0050-01-01T00:00:00Z"'],
    ['"0050-01-01T00:00:00Z"', 'years 1000 to 9999'],
    ['10000-01-01T00:00:00Z', 'an ISO 8601 timestamp'],
  ])('%s is refused, not adjusted', (value, message) => {
    const error = ingestError(() => publishedAt(value));
    expect(error.field).toBe('publishedDateTime');
    expect(error.message).toContain(message);
  });

  it('date lines of scraped pages too', () => {
    expect(() => parseDateLine('Friday 30 February 2021 10:00 GMT')).toThrow(/impossible date/);
    expect(() => parseDateLine('Saturday 1 January 0050 10:00 GMT')).toThrow(/a year outside 1000 to 9999/);
  });
});

describe('the parse layer’s regular expressions cannot backtrack super-linearly', () => {
  // scslre finds the inputs (runs of one character) that make a backtracking engine take super-linear time.
  const patterns = [
    DATE_LINE,
    ...KNOWN_OUTLETS.flatMap((o) => [
      ...o.signatures,
      ...o.chromeLines,
      ...o.footerStarts,
      ...o.blocks.flatMap((b) => [b.first, b.last]),
    ]),
  ];

  it.each(patterns.map((pattern) => [String(pattern).slice(0, 70), pattern] as const))('%s', (_, pattern) => {
    expect(analyse(pattern).reports).toEqual([]);
  });

  it('while the checker does report the comment-stripping regex gray-matter runs on every front matter', () => {
    expect(analyse(/^\s*#[^\n]+/gm).reports.length).toBeGreaterThan(0);
  });
});

describe('gray-matter reads front matter in linear work', () => {
  it('blank lines in a row, where its comment regex is quadratic, are refused before it runs', () => {
    const blankLines = (n: number) => article(...Array<string>(n).fill(''));
    const counts = expectLinearWork(blankLines, parseText, 1_000);
    expect(counts.has('front-matter.comments')).toBe(false); // refused before gray-matter sees it
    expect(ingestError(() => parseText(blankLines(1_000))).message).toContain('too many blank lines in a row');
    // Indented blank lines too: the regex skips any whitespace, newlines included.
    expect(ingestError(() => parseText(article(...Array<string>(1_000).fill('    ')))).message).toContain(
      'too many blank lines in a row',
    );
  });

  it('ordinary front matter with comments and a few blank lines reads, and the regex work is counted', () => {
    const commented = (n: number) =>
      article(...Array.from({ length: n }, (_, i) => (i % 3 === 0 ? '' : `# note ${i}`)), 'excerpt: "kept"');
    const counts = expectLinearWork(commented, parseText, 200);
    expect(counts.get('front-matter.comments')?.every((steps) => steps > 0)).toBe(true);
    const document = parseFrontMatter(commented(200));
    expect(document).toMatchObject({ kind: 'articles', articles: [{ title: 'A story', excerpt: 'kept' }] });
  });

  it('a line starting with "---" before the closing one is refused (gray-matter would cut the YAML there)', () => {
    expect(ingestError(() => parseText(article('----', 'excerpt: "x"'))).message).toContain('is not the closing delimiter line');
  });
});
