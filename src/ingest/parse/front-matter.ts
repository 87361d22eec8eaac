// Markdown/HTML files with YAML front matter (the Smartable format): a line "---", the YAML fields, a line
// "---", then the body (empty in the corpus).
//
// The split is ours, one pass over the lines. gray-matter (used before) strips YAML comments with a regex
// that is quadratic in blank lines (80 KB of them took 10 s), and reads a language after the opening
// delimiter: "---js" front matter is JavaScript it evaluates. Here the opening line must be "---" exactly, and
// the fields are only ever read by js-yaml with its CORE schema: strings, numbers, booleans and null. No
// timestamps (an unquoted 2021-02-30 would silently become March 2; the timestamp fields validate their
// text instead), no merge keys, no custom types, nesting capped. Aliases are measured before anything copies
// them (measure.ts).
import { CORE_SCHEMA, load, type LoadOptions } from 'js-yaml';
import { IngestError } from '../types.js';
import { MAX_NESTING } from './caps.js';
import { FRONT_MATTER_DELIMITER } from './detect.js';
import { nonArticleKind } from './kinds.js';
import { measureValues } from './measure.js';
import { linkedRawArticleSchema, type ParsedContent } from './raw-article.js';
import { validate } from './validate.js';
import type { WorkCounter } from './work.js';

/** The YAML between the delimiter lines, and the text after the closing one. */
function splitFrontMatter(text: string, work?: WorkCounter): { yaml: string; body: string } {
  const lineEnd = (from: number) => {
    const end = text.indexOf('\n', from);
    return end < 0 ? text.length : end;
  };
  const openingEnd = lineEnd(0);
  const opening = text.slice(0, openingEnd).trimEnd();
  if (opening !== FRONT_MATTER_DELIMITER) {
    throw new IngestError(`front matter must open with a line "${FRONT_MATTER_DELIMITER}" and nothing else, got ${JSON.stringify(opening.slice(0, 40))}: only YAML is read`);
  }
  let lines = 1;
  for (let start = openingEnd + 1; start < text.length; ) {
    const end = lineEnd(start);
    lines++;
    if (text.slice(start, end).trimEnd() === FRONT_MATTER_DELIMITER) {
      work?.add('front-matter.split', lines);
      return { yaml: text.slice(openingEnd + 1, start), body: text.slice(end + 1) };
    }
    start = end + 1;
  }
  work?.add('front-matter.split', lines);
  // Reading to the end of the file instead would silently turn a whole document into YAML.
  throw new IngestError(`front matter is not terminated: no closing "${FRONT_MATTER_DELIMITER}" line after the first line`);
}

/** Line (of the file) and column of a js-yaml error, whose positions count from the first YAML line. */
function describeYamlError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { reason, mark } = error as { reason?: string; mark?: { line: number; column: number } };
  if (reason && mark) return `${reason} at line ${mark.line + 2}, column ${mark.column + 1}`;
  return error.message.split('\n')[0] ?? error.message;
}

/** js-yaml 4.3's options; @types/js-yaml 4.0.9 predates maxDepth. */
interface YamlOptions extends LoadOptions {
  maxDepth: number;
}

function readFields(yaml: string, work?: WorkCounter): unknown {
  let fields: unknown;
  try {
    // json: false makes duplicate keys an error; maxDepth refuses deep nesting while parsing, before the
    // parser's own recursion could get anywhere near the stack's end.
    fields = load(yaml, { schema: CORE_SCHEMA, json: false, maxDepth: MAX_NESTING } as YamlOptions);
  } catch (error) {
    throw new IngestError(`invalid YAML in front matter: ${describeYamlError(error)}`);
  }
  // Nothing but comments or blank lines: no fields.
  if (fields === undefined || fields === null) return {};
  // Measured whether or not work is counted: `work?.add(measure(...))` would skip the measure without a counter.
  const values = measureValues(fields, 'front-matter.yaml', work);
  work?.add('validate', values);
  return fields;
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A front-matter document's fields, as YAML gives them (measured, not validated), and its body. */
export function readFrontMatter(text: string, work?: WorkCounter): { fields: unknown; body: string } {
  const { yaml, body } = splitFrontMatter(text, work);
  return { fields: readFields(yaml, work), body };
}

/** Parses a front-matter document into one raw article, or says which non-article kind it is. */
export function parseFrontMatter(text: string, work?: WorkCounter): ParsedContent {
  const { fields, body } = readFrontMatter(text, work);
  if (!isMapping(fields)) {
    throw new IngestError(`front matter must be a mapping of fields, got ${Array.isArray(fields) ? 'a list' : 'a scalar'}`);
  }
  const skippedKind = nonArticleKind(fields);
  if (skippedKind) return { kind: 'skipped', skippedKind };
  // The body comes from the text after the front matter, never from a `body` key in the YAML.
  const article = validate(linkedRawArticleSchema, { ...fields, body });
  return { kind: 'articles', articles: [article] };
}
