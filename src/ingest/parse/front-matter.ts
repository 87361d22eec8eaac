// Markdown/HTML files with YAML front matter (the Smartable format). The YAML holds the fields; the
// text after the closing "---" is the body (empty in the corpus).
import matter from 'gray-matter';
import { IngestError } from '../types.js';
import { FRONT_MATTER_DELIMITER } from './detect.js';
import { nonArticleKind } from './kinds.js';
import { linkedRawArticleSchema, type ParsedContent } from './raw-article.js';
import { validate } from './validate.js';
import type { WorkCounter } from './work.js';

// gray-matter reads to the end of the file when the closing line is missing, which would
// silently turn a whole document into YAML: insist on it.
function assertTerminated(text: string, work?: WorkCounter): void {
  const lines = text.split('\n');
  const closing = lines.findIndex((line, i) => i > 0 && line.trimEnd() === FRONT_MATTER_DELIMITER);
  work?.add('front-matter.split', closing < 0 ? lines.length : closing + 1);
  const closed = closing > 0;
  if (!closed) {
    throw new IngestError(`front matter is not terminated: no closing "${FRONT_MATTER_DELIMITER}" line after the first line`);
  }
}

function readFrontMatter(text: string): { fields: unknown; body: string } {
  try {
    // A fresh options object every call: without options gray-matter answers from a cache keyed by
    // content and hands back the same (mutable) data object to every caller.
    const file = matter(text, { language: 'yaml' });
    return { fields: file.data, body: file.content };
  } catch (error) {
    // js-yaml messages start with the problem and its line/column (lines counted from the file's first line).
    const detail = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new IngestError(`invalid YAML in front matter: ${detail}`);
  }
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/** Parses a front-matter document into one raw article, or says which non-article kind it is. */
export function parseFrontMatter(text: string, work?: WorkCounter): ParsedContent {
  assertTerminated(text, work);
  const { fields, body } = readFrontMatter(text);
  if (!isMapping(fields)) {
    throw new IngestError(`front matter must be a mapping of fields, got ${Array.isArray(fields) ? 'a list' : 'a scalar'}`);
  }
  const skippedKind = nonArticleKind(fields);
  if (skippedKind) return { kind: 'skipped', skippedKind };
  // The body comes from the text after the front matter, never from a `body` key in the YAML.
  const article = validate(linkedRawArticleSchema, { ...fields, body });
  return { kind: 'articles', articles: [article] };
}
