// The raw record every parser produces: a file's fields, checked for shape and type, not yet
// normalized. This is the one place a document's fields are validated (normalize trusts its output);
// error messages name the field and say what was expected and what was found.
import { z } from 'zod';
import { statedLanguage } from '../language.js';
import { isSupportedInstant, looksLikeTimestamp, parseTimestamp, SUPPORTED_YEARS } from '../timestamp.js';
import type { DocumentFormat } from '../types.js';
import { isDomainName, isHttpUrl } from '../url.js';
import * as caps from './caps.js';

/** How a found value is quoted in error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return `the date ${Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

// A missing key reaches zod as undefined: that is "required", anything else is a wrong value.
const expected = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'required' : `expected ${what}, got ${describeValue(issue.input)}`;

const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

const tooLong = (max: number, unit: string, length: (value: string) => number) => (issue: { input?: unknown }) =>
  `too long: ${length(String(issue.input))} ${unit}, the limit is ${max}`;
// Text of at most `max` characters; the length is checked first, so a huge value costs nothing more.
const text = (max: number) =>
  z.string({ error: expected('a string') }).max(max, { error: tooLong(max, 'characters', (v) => v.length), abort: true });
const requiredText = (max: number) => text(max).refine((value) => value.trim() !== '', { error: 'required (the text is empty)' });
const optionalText = (max: number) => text(max).nullish();
// Integers as their columns hold them (32-bit), so that every stored value can be read, sorted and paged.
const integerIn = (what: string, min: number, range: string) =>
  z
    .number({ error: expected(what) })
    .refine(Number.isInteger, { error: expected(what), abort: true })
    .refine((value) => value >= min && value <= caps.INT32_MAX, { error: expected(`${what} ${range} (a 32-bit column)`) });
const integer = () => integerIn('an integer', caps.INT32_MIN, `from ${caps.INT32_MIN} to ${caps.INT32_MAX}`);
const size = () => integerIn('a non-negative integer', 0, `up to ${caps.INT32_MAX}`);
const flag = () => z.boolean({ error: expected('true or false') });
const utf8Bytes = (value: string) => Buffer.byteLength(value, 'utf8');
const httpUrl = () =>
  z
    .string({ error: expected('a string') })
    .refine((value) => utf8Bytes(value) <= caps.MAX_URL_BYTES, {
      error: tooLong(caps.MAX_URL_BYTES, 'bytes', utf8Bytes),
      abort: true,
    })
    .refine(isHttpUrl, { error: expected('a URL (http or https)') });
// An empty URL field means "no URL", like an absent one.
const optionalUrl = () => z.preprocess(blankToNull, httpUrl().nullish());
const domain = () => text(caps.MAX_DOMAIN_CHARS).refine(isDomainName, { error: expected('a domain name like "example.com"') });
// Timestamps are text: ISO 8601 with a zone, or a date alone. A string that has the shape but names no real
// instant (2021-02-30) or falls outside the years every part of the system handles is refused, not adjusted.
const expectedTimestamp = expected('an ISO 8601 timestamp with a time zone (e.g. "2021-02-13T14:49:00Z")');
const timestamp = () =>
  z.unknown().transform((value, ctx) => {
    const instant = typeof value === 'string' || value instanceof Date ? parseTimestamp(value) : null;
    if (instant && isSupportedInstant(instant)) return instant;
    const found = describeValue(value);
    const message = instant
      ? `expected a timestamp in the years ${SUPPORTED_YEARS.min} to ${SUPPORTED_YEARS.max}, got ${found}`
      : typeof value === 'string' && looksLikeTimestamp(value)
        ? `not a real date and time: ${found}`
        : expectedTimestamp({ input: value });
    ctx.addIssue({ code: 'custom', message, input: value });
    return z.NEVER;
  });
// A list of at most `max` items; the length is checked before any item.
const list = <T extends z.ZodType>(item: T, max: number, noun: string) =>
  z
    .unknown()
    .superRefine((value, ctx) => {
      if (Array.isArray(value) && value.length > max) {
        ctx.addIssue({ code: 'custom', message: `too many ${noun}: ${value.length}, the limit is ${max}`, input: value });
      }
    })
    .pipe(z.array(item, { error: expected('a list') }));
// A stated language that is no usable tag ("English", a list) is ignored, not an error: the text tells.
const languageTag = () =>
  z
    .unknown()
    .transform((value) => statedLanguage(value))
    .optional();
const mapping = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: expected('a mapping') });

export const rawImageSchema = mapping({
  url: httpUrl(),
  width: size().nullish(),
  height: size().nullish(),
  isCached: flag().nullish(),
});

const images = () => list(rawImageSchema, caps.MAX_IMAGES, 'images').nullish();

export const rawProviderSchema = mapping({
  name: requiredText(caps.MAX_TEXT_CHARS),
  domain: domain(),
  images: images(),
});

/** Fields an article shares with the stories its `related` list describes. */
const storyShape = {
  title: requiredText(caps.MAX_TITLE_CHARS),
  excerpt: optionalText(caps.MAX_EXCERPT_CHARS),
  publishedDateTime: timestamp().nullish(),
  originalUrl: optionalUrl(),
  webUrl: optionalUrl(),
  ampWebUrl: optionalUrl(),
  cdnAmpWebUrl: optionalUrl(),
  type: optionalText(caps.MAX_LABEL_CHARS),
  quality: integer().nullish(),
  heat: integer().nullish(),
  provider: rawProviderSchema.nullish(),
  images: images(),
};

// A story is identified by its URL: without webUrl (or originalUrl as a fallback) it cannot be stored.
function requireUrl(story: { webUrl?: string | null; originalUrl?: string | null }, ctx: z.RefinementCtx): void {
  if (!story.webUrl && !story.originalUrl) {
    ctx.addIssue({ code: 'custom', path: ['webUrl'], message: 'required (neither webUrl nor originalUrl is set)' });
  }
}

export const rawRelatedSchema = mapping(storyShape).superRefine(requireUrl);

const articleShape = {
  ...storyShape,
  body: optionalText(caps.MAX_BODY_CHARS),
  author: optionalText(caps.MAX_TEXT_CHARS),
  category: optionalText(caps.MAX_LABEL_CHARS),
  published: flag().nullish(),
  secured: optionalText(caps.MAX_TEXT_CHARS),
  topics: list(text(caps.MAX_LABEL_CHARS), caps.MAX_TOPICS, 'topics').nullish(),
  related: list(rawRelatedSchema, caps.MAX_RELATED, 'related stories').nullish(),
  // The story's language as the source states it (the Smartable feed's `locale`; `language` in front matter).
  locale: languageTag(),
  language: languageTag(),
};

/** Any article, including scraped text that has no URL. */
export const rawArticleSchema = mapping(articleShape);

/** Articles from Smartable files and feeds, which always point at a URL. */
export const linkedRawArticleSchema = rawArticleSchema.superRefine(requireUrl);

/** JSON feed entries name two fields differently: `categories` (first one used) for category, `content` for body. */
export const rawFeedEntrySchema = rawArticleSchema
  .omit({ body: true, category: true })
  .extend({
    content: optionalText(caps.MAX_BODY_CHARS),
    categories: list(text(caps.MAX_LABEL_CHARS), caps.MAX_TOPICS, 'categories').nullish(),
  })
  .superRefine(requireUrl);

export type RawImage = z.output<typeof rawImageSchema>;
export type RawProvider = z.output<typeof rawProviderSchema>;
export type RawRelated = z.output<typeof rawRelatedSchema>;
export type RawArticle = z.output<typeof rawArticleSchema>;

/** What a parser makes of one file: raw articles, or a well-formed non-article to skip. */
export type ParsedContent = { kind: 'articles'; articles: RawArticle[] } | { kind: 'skipped'; skippedKind: string };

/** A whole document as the parse layer returns it: its format and its parsed content. */
export type RawDocument = ParsedContent & { format: DocumentFormat };
