// The raw record every parser produces: a file's fields, checked for shape and type, not yet
// normalized. This is the one place a document's fields are validated (normalize trusts its output);
// error messages name the field and say what was expected and what was found.
import { z } from 'zod';
import { isDomainName, isHttpUrl } from '../url.js';
import { parseTimestamp } from '../timestamp.js';
import type { DocumentFormat } from '../types.js';

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

const text = () => z.string({ error: expected('a string') });
const requiredText = () => text().refine((value) => value.trim() !== '', { error: 'required (the text is empty)' });
const optionalText = () => text().nullish();
const integer = () => z.number({ error: expected('an integer') }).int({ error: expected('an integer') });
const size = () =>
  z
    .number({ error: expected('a non-negative integer') })
    .int({ error: expected('a non-negative integer') })
    .min(0, { error: expected('a non-negative integer') });
const flag = () => z.boolean({ error: expected('true or false') });
const httpUrl = () => text().refine(isHttpUrl, { error: expected('a URL (http or https)') });
// An empty URL field means "no URL", like an absent one.
const optionalUrl = () => z.preprocess(blankToNull, httpUrl().nullish());
const domain = () => text().refine(isDomainName, { error: expected('a domain name like "example.com"') });
// js-yaml turns unquoted timestamps into Dates; quoted ones and JSON stay strings. Either way the field
// comes out as the instant it denotes.
const expectedTimestamp = expected('an ISO 8601 timestamp with a time zone (e.g. "2021-02-13T14:49:00Z")');
const timestamp = () =>
  z.unknown().transform((value, ctx) => {
    const instant = typeof value === 'string' || value instanceof Date ? parseTimestamp(value) : null;
    if (instant) return instant;
    ctx.addIssue({ code: 'custom', message: expectedTimestamp({ input: value }), input: value });
    return z.NEVER;
  });
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: expected('a list') });
const mapping = <T extends z.ZodRawShape>(shape: T) => z.object(shape, { error: expected('a mapping') });

export const rawImageSchema = mapping({
  url: httpUrl(),
  width: size().nullish(),
  height: size().nullish(),
  isCached: flag().nullish(),
});

export const rawProviderSchema = mapping({
  name: requiredText(),
  domain: domain(),
  images: list(rawImageSchema).nullish(),
});

/** Fields an article shares with the stories its `related` list describes. */
const storyShape = {
  title: requiredText(),
  excerpt: optionalText(),
  publishedDateTime: timestamp().nullish(),
  originalUrl: optionalUrl(),
  webUrl: optionalUrl(),
  ampWebUrl: optionalUrl(),
  cdnAmpWebUrl: optionalUrl(),
  type: optionalText(),
  quality: integer().nullish(),
  heat: integer().nullish(),
  provider: rawProviderSchema.nullish(),
  images: list(rawImageSchema).nullish(),
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
  body: optionalText(),
  author: optionalText(),
  category: optionalText(),
  published: flag().nullish(),
  secured: optionalText(),
  topics: list(text()).nullish(),
  related: list(rawRelatedSchema).nullish(),
};

/** Any article, including scraped text that has no URL. */
export const rawArticleSchema = mapping(articleShape);

/** Articles from Smartable files and feeds, which always point at a URL. */
export const linkedRawArticleSchema = rawArticleSchema.superRefine(requireUrl);

/** JSON feed entries name two fields differently: `categories` (first one used) for category, `content` for body. */
export const rawFeedEntrySchema = rawArticleSchema
  .omit({ body: true, category: true })
  .extend({ content: optionalText(), categories: list(text()).nullish() })
  .superRefine(requireUrl);

export type RawImage = z.output<typeof rawImageSchema>;
export type RawProvider = z.output<typeof rawProviderSchema>;
export type RawRelated = z.output<typeof rawRelatedSchema>;
export type RawArticle = z.output<typeof rawArticleSchema>;

/** What a parser makes of one file: raw articles, or a well-formed non-article to skip. */
export type ParsedContent = { kind: 'articles'; articles: RawArticle[] } | { kind: 'skipped'; skippedKind: string };

/** A whole document as the parse layer returns it: its format and its parsed content. */
export type RawDocument = ParsedContent & { format: DocumentFormat };
