// Markdown/HTML files with YAML front matter (the Smartable format): a line "---", the YAML fields, a line
// "---", then the body (empty in the corpus). gray-matter splits the document and hands the YAML to our
// engine; three checks around it keep its work linear and its input YAML only:
// - The delimiters are checked first, in one pass: the opening line must be "---" exactly (gray-matter
//   would read a language after it, and "---js" is JavaScript its default engine evaluates), and the first
//   line that starts with "---" must be the closing one (gray-matter cuts at the first "\n---").
// - gray-matter strips YAML comments with /^\s*#[^\n]+/gm, whose work is quadratic in blank lines in a row
//   (80 KB of them took 10 s). That work is computed exactly beforehand, in one pass, and a front matter
//   that would cost more than a small multiple of its length is refused.
// - Every engine but ours refuses: the fields are only ever read by js-yaml with its CORE schema (strings,
//   numbers, booleans, null). No timestamps (an unquoted 2021-02-30 would silently become March 2; the
//   timestamp fields validate their text instead), no merge keys, no custom types, nesting capped. Aliases
//   are measured before anything copies them (measure.ts).
import matter from 'gray-matter';
import { CORE_SCHEMA, type LoadOptions, load } from 'js-yaml';
import { IngestError } from '../types.js';
import { MAX_NESTING } from './caps.js';
import { FRONT_MATTER_DELIMITER } from './detect.js';
import { nonArticleKind } from './kinds.js';
import { measureValues } from './measure.js';
import { linkedRawArticleSchema, type ParsedContent } from './raw-article.js';
import { validate } from './validate.js';
import type { WorkCounter } from './work.js';

/** gray-matter's comment-stripping work may take this many steps per character of front matter, plus a margin. */
const COMMENT_SCAN_STEPS_PER_CHAR = 2;
const COMMENT_SCAN_MARGIN = 4_096;

/** Checks the delimiter lines in one pass; returns the index of the "\n" that ends the YAML. */
function checkDelimiters(text: string, work?: WorkCounter): number {
  const lineEnd = (from: number) => {
    const end = text.indexOf('\n', from);
    return end < 0 ? text.length : end;
  };
  const openingEnd = lineEnd(0);
  const opening = text.slice(0, openingEnd).trimEnd();
  if (opening !== FRONT_MATTER_DELIMITER) {
    throw new IngestError(
      `front matter must open with a line "${FRONT_MATTER_DELIMITER}" and nothing else, got ${JSON.stringify(opening.slice(0, 40))}: only YAML is read`,
    );
  }
  let lines = 1;
  for (let start = openingEnd + 1; start < text.length; ) {
    const end = lineEnd(start);
    lines++;
    if (text.startsWith(FRONT_MATTER_DELIMITER, start)) {
      work?.add('front-matter.split', lines);
      if (text.slice(start, end).trimEnd() !== FRONT_MATTER_DELIMITER) {
        throw new IngestError(
          `front matter: line ${lines} starts with "${FRONT_MATTER_DELIMITER}" but is not the closing delimiter line`,
        );
      }
      return start - 1;
    }
    start = end + 1;
  }
  work?.add('front-matter.split', lines);
  // Reading to the end of the file instead would silently turn a whole document into YAML.
  throw new IngestError(`front matter is not terminated: no closing "${FRONT_MATTER_DELIMITER}" line after the first line`);
}

/** JavaScript's \s: what gray-matter's comment regex skips. */
function isRegexSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * The steps /^\s*#[^\n]+/gm takes on `yaml`: at every line start it scans the whitespace that follows, so n
 * blank lines in a row cost about n^2/2. Counted backwards, in one pass.
 */
function commentScanSteps(yaml: string): number {
  let steps = 0;
  let run = 0;
  for (let i = yaml.length - 1; i >= 0; i--) {
    run = isRegexSpace(yaml.charCodeAt(i)) ? run + 1 : 0;
    if (i === 0 || yaml.charCodeAt(i - 1) === 0x0a) steps += run + 1;
  }
  return steps;
}

/** Line (of the file) and column of a js-yaml error: gray-matter hands over the YAML from the end of the "---" line, so its lines are the file's. */
function describeYamlError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { reason, mark } = error as { reason?: string; mark?: { line: number; column: number } };
  if (reason && mark) return `${reason} at line ${mark.line + 1}, column ${mark.column + 1}`;
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
  const yamlEnd = checkDelimiters(text, work);
  const yaml = text.slice(text.indexOf('\n') + 1, yamlEnd);
  const steps = commentScanSteps(yaml);
  work?.add('front-matter.split', yaml.length);
  if (steps > COMMENT_SCAN_STEPS_PER_CHAR * yaml.length + COMMENT_SCAN_MARGIN) {
    throw new IngestError(
      'front matter holds too many blank lines in a row: remove them (reading them would take time quadratic in their number)',
    );
  }
  work?.add('front-matter.comments', steps);
  const refuse = (language: string) => () => {
    throw new IngestError(`front matter in ${language} is not read: only YAML is read`);
  };
  const file = matter(text, {
    language: 'yaml',
    engines: {
      yaml: (source: string) => readFields(source, work) as object,
      json: refuse('JSON'),
      javascript: refuse('JavaScript'),
      coffee: refuse('CoffeeScript'),
    },
  });
  // gray-matter's content starts right after the closing "---": drop the rest of that line.
  return { fields: file.data, body: file.content.replace(/^[ \t]*\n/, '') };
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
