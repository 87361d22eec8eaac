// Smartable API pages (api/**/index.json): `{ "page": n, "value": [article, ...], "nextPage": ... }`.
// Each entry of `value` is an article; fields the articles table has no use for (path, highlight,
// tags, locale, updatedDateTime, sourceUrl, featuredContent...) are ignored.
import { z } from 'zod';
import { IngestError } from '../types.js';
import { describeValue, rawFeedEntrySchema, type ParsedContent, type RawArticle } from './raw-article.js';
import { validate } from './validate.js';
import type { WorkCounter } from './work.js';

const feedPageSchema = z.object(
  {
    value: z.array(z.unknown(), {
      error: (issue) =>
        issue.input === undefined
          ? 'required (a JSON feed page lists its articles in "value")'
          : `expected a list of articles, got ${describeValue(issue.input)}`,
    }),
  },
  { error: (issue) => `a JSON feed page must be an object with a "value" list, got ${describeValue(issue.input)}` },
);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new IngestError(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Parses a JSON feed page into its raw articles, in page order. */
export function parseJsonFeed(text: string, work?: WorkCounter): ParsedContent {
  const page = validate(feedPageSchema, parseJson(text));
  work?.add('json-feed.values', page.value.length);
  const articles = page.value.map((entry, index): RawArticle => {
    const { categories, content, ...fields } = validate(rawFeedEntrySchema, entry, `value[${index}]`);
    return { ...fields, category: categories?.[0] ?? null, body: content ?? null };
  });
  return { kind: 'articles', articles };
}
