// Scraped article pages saved as plain text: a headline, an optional standfirst, a byline, a
// dateline, then the story, wrapped in the outlet's page furniture (see outlets.ts).
import { IngestError } from '../types.js';
import { isDateLine, parseDateLine } from './date-line.js';
import { KNOWN_OUTLETS, type OutletProfile } from './outlets.js';
import { rawArticleSchema, type RawArticle } from './raw-article.js';
import { validate } from './validate.js';

/** A headline longer than this is prose, not a title. */
export const MAX_TITLE_LENGTH = 300;
/** The dateline must come within this many non-blank lines after the headline. */
export const HEADER_LINES = 10;
/** Byline lines are short and are not sentences. */
const MAX_BYLINE_LENGTH = 100;

interface Line {
  /** The line as written, trimmed. */
  text: string;
  /** Whitespace (including non-breaking spaces) collapsed: what outlet patterns are matched against. */
  canon: string;
}

const isBlank = (line: Line) => line.text === '';
const matchesAny = (line: Line, patterns: readonly RegExp[]) => patterns.some((pattern) => pattern.test(line.canon));
const isSentence = (line: Line) => /[.!?…:;"'”’)\]]$/.test(line.text);

function identifyOutlet(lines: readonly Line[], outlets: readonly OutletProfile[]): OutletProfile | null {
  return outlets.find((outlet) => lines.some((line) => matchesAny(line, outlet.signatures))) ?? null;
}

/** Drops the outlet's footer, chrome lines and inserted blocks, keeping blank lines (paragraph breaks). */
function stripFurniture(lines: readonly Line[], outlet: OutletProfile): Line[] {
  const footer = lines.findIndex((line) => matchesAny(line, outlet.footerStarts));
  let kept = (footer >= 0 ? lines.slice(0, footer) : [...lines]).filter((line) => !matchesAny(line, outlet.chromeLines));
  for (const block of outlet.blocks) {
    for (;;) {
      const first = kept.findIndex((line) => block.first.test(line.canon));
      const last = first < 0 ? -1 : kept.findIndex((line, i) => i > first && block.last.test(line.canon));
      // An insert whose end is missing is left in place: cutting to the end could eat the story.
      if (last < 0) break;
      kept = [...kept.slice(0, first), ...kept.slice(last + 1)];
    }
  }
  return kept;
}

/** Consecutive non-blank lines, each group joined by "\n". */
function paragraphs(lines: readonly Line[]): string[] {
  const groups: string[][] = [[]];
  for (const line of lines) {
    if (isBlank(line)) groups.push([]);
    else groups[groups.length - 1]!.push(line.text);
  }
  return groups.filter((group) => group.length > 0).map((group) => group.join('\n'));
}

interface Header {
  title: string;
  standfirst: string | null;
  author: string | null;
  publishedAt: Date;
  /** Index of the first line after the dateline. */
  bodyStart: number;
}

function readHeader(lines: readonly Line[]): Header {
  const titleIndex = lines.findIndex((line) => !isBlank(line));
  const titleLine = lines[titleIndex];
  if (!titleLine) throw new IngestError('plain text has no content besides page furniture');
  if (isDateLine(titleLine.text)) throw new IngestError('plain text has no title: the first line is the date line', 'title');
  if (titleLine.text.length > MAX_TITLE_LENGTH) {
    throw new IngestError(`plain text has no recognizable title: the first line is ${titleLine.text.length} characters long`, 'title');
  }
  let dateIndex = -1;
  let seen = 0;
  for (let i = titleIndex + 1; i < lines.length && seen < HEADER_LINES && dateIndex < 0; i++) {
    if (isBlank(lines[i]!)) continue;
    seen++;
    if (isDateLine(lines[i]!.text)) dateIndex = i;
  }
  if (dateIndex < 0) {
    throw new IngestError(
      `plain text has no date line (like "Tuesday 23 August 2022 09:02 EDT") within ${HEADER_LINES} lines after the title`,
      'publishedAt',
    );
  }
  // The byline sits directly above the dateline, with no blank line between them.
  let bylineStart = dateIndex;
  while (bylineStart - 1 > titleIndex) {
    const line = lines[bylineStart - 1]!;
    if (isBlank(line) || isSentence(line) || line.text.length > MAX_BYLINE_LENGTH) break;
    bylineStart--;
  }
  const bylines = lines.slice(bylineStart, dateIndex).map((line) => line.text.replace(/^By\s+/, ''));
  const standfirst = paragraphs(lines.slice(titleIndex + 1, bylineStart)).join('\n\n');
  return {
    title: titleLine.text,
    standfirst: standfirst || null,
    author: bylines.length ? bylines.join(', ') : null,
    publishedAt: parseDateLine(lines[dateIndex]!.text)!,
    bodyStart: dateIndex + 1,
  };
}

function readBody(lines: readonly Line[], outlet: OutletProfile | null): string | null {
  let body = lines;
  if (outlet?.leadingCaption) {
    const first = body.findIndex((line) => !isBlank(line));
    const opening = body[first];
    // Never drop the only text there is.
    if (opening && !isSentence(opening) && body.slice(first + 1).some((line) => !isBlank(line))) {
      body = body.slice(first + 1);
    }
  }
  return paragraphs(body).join('\n\n') || null;
}

/** Parses a scraped page. `outlets` is the table of known outlets' page furniture. */
export function parsePlainText(text: string, outlets: readonly OutletProfile[] = KNOWN_OUTLETS): RawArticle {
  const allLines = text.split('\n').map((raw): Line => ({ text: raw.trim(), canon: raw.replace(/\s+/g, ' ').trim() }));
  const outlet = identifyOutlet(allLines, outlets);
  const lines = outlet ? stripFurniture(allLines, outlet) : allLines;
  const header = readHeader(lines);
  return validate(rawArticleSchema, {
    title: header.title,
    excerpt: header.standfirst,
    author: header.author,
    publishedDateTime: header.publishedAt,
    body: readBody(lines.slice(header.bodyStart), outlet),
    provider: outlet ? { name: outlet.name, domain: outlet.domain, images: [] } : null,
  });
}
