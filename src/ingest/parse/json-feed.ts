// Smartable API pages (api/**/index.json): `{ "page": n, "value": [article, ...], "nextPage": ... }`.
// Each entry of `value` is an article; fields the articles table has no use for (path, highlight,
// tags, updatedDateTime, sourceUrl, featuredContent...) are ignored.
import { z } from 'zod';
import { IngestError } from '../types.js';
import { MAX_FEED_ENTRIES } from './caps.js';
import { measureValues } from './measure.js';
import { describeValue, type ParsedContent, type RawArticle, rawFeedEntrySchema } from './raw-article.js';
import { validate } from './validate.js';
import type { WorkCounter } from './work.js';

const feedPageSchema = z.object(
  {
    value: z
      .array(z.unknown(), {
        error: (issue) =>
          issue.input === undefined
            ? 'required (a JSON feed page lists its articles in "value")'
            : `expected a list of articles, got ${describeValue(issue.input)}`,
      })
      .max(MAX_FEED_ENTRIES, {
        error: (issue) => `too many articles: ${(issue.input as unknown[]).length}, the limit is ${MAX_FEED_ENTRIES} per page`,
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
  const json = parseJson(text);
  // Measured whether or not work is counted: `work?.add(measure(...))` would skip the measure without a counter.
  const values = measureValues(json, 'json-feed.values', work);
  work?.add('validate', values);
  const page = validate(feedPageSchema, json);
  const articles = page.value.map((entry, index): RawArticle => {
    const { categories, content, ...fields } = validate(rawFeedEntrySchema, entry, `value[${index}]`);
    return { ...fields, category: categories?.[0] ?? null, body: content ?? null };
  });
  return { kind: 'articles', articles };
}
