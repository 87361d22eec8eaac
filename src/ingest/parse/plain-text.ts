// Scraped article pages saved as plain text: a headline, an optional standfirst, a byline, a
// dateline, then the story, wrapped in the outlet's page furniture (see outlets.ts).
import { IngestError } from '../types.js';
import { isDateLine, parseDateLine } from './date-line.js';
import { KNOWN_OUTLETS, type OutletProfile } from './outlets.js';
import { type RawArticle, rawArticleSchema } from './raw-article.js';
import { validate } from './validate.js';
import type { WorkCounter } from './work.js';

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

function identifyOutlet(lines: readonly Line[], outlets: readonly OutletProfile[], work?: WorkCounter): OutletProfile | null {
  for (const outlet of outlets) {
    const at = lines.findIndex((line) => matchesAny(line, outlet.signatures));
    work?.add('plain-text.outlet', at < 0 ? lines.length : at + 1);
    if (at >= 0) return outlet;
  }
  return null;
}

/**
 * Drops the outlet's footer, chrome lines and inserted blocks, keeping blank lines (paragraph breaks). Each
 * kind of furniture takes one pass over the lines: a page with thousands of inserts costs no more per line
 * than a page with one.
 */
function stripFurniture(lines: readonly Line[], outlet: OutletProfile, work?: WorkCounter): Line[] {
  const footer = lines.findIndex((line) => matchesAny(line, outlet.footerStarts));
  work?.add('plain-text.furniture', footer < 0 ? lines.length : footer + 1);
  let kept = (footer >= 0 ? lines.slice(0, footer) : lines).filter((line) => !matchesAny(line, outlet.chromeLines));
  work?.add('plain-text.furniture', footer < 0 ? lines.length : footer);
  for (const block of outlet.blocks) kept = dropInserts(kept, block, work);
  return kept;
}

/**
 * Drops every insert of one kind in a single pass: from a line matching `first` to the next line after it
 * matching `last`, inclusive. An insert whose end is missing is left in place: cutting to the end could eat
 * the story.
 */
function dropInserts(lines: readonly Line[], block: OutletProfile['blocks'][number], work?: WorkCounter): Line[] {
  const kept: Line[] = [];
  let openedAt = -1; // where the insert being read starts in `kept`, or -1 outside an insert
  for (const line of lines) {
    work?.add('plain-text.furniture', 1);
    if (openedAt >= 0 && block.last.test(line.canon)) {
      kept.length = openedAt;
      openedAt = -1;
      continue;
    }
    if (openedAt < 0 && block.first.test(line.canon)) openedAt = kept.length;
    kept.push(line);
  }
  return kept;
}

/** Consecutive non-blank lines, each group joined by "\n". */
function paragraphs(lines: readonly Line[], work?: WorkCounter): string[] {
  work?.add('plain-text.body', lines.length);
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

function readHeader(lines: readonly Line[], work?: WorkCounter): Header {
  const titleIndex = lines.findIndex((line) => !isBlank(line));
  work?.add('plain-text.header', titleIndex < 0 ? lines.length : titleIndex + 1);
  const titleLine = lines[titleIndex];
  if (!titleLine) throw new IngestError('plain text has no content besides page furniture');
  if (isDateLine(titleLine.text)) throw new IngestError('plain text has no title: the first line is the date line', 'title');
  if (titleLine.text.length > MAX_TITLE_LENGTH) {
    throw new IngestError(
      `plain text has no recognizable title: the first line is ${titleLine.text.length} characters long`,
      'title',
    );
  }
  let dateIndex = -1;
  let seen = 0;
  for (let i = titleIndex + 1; i < lines.length && seen < HEADER_LINES && dateIndex < 0; i++) {
    work?.add('plain-text.header', 1);
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
    work?.add('plain-text.header', 1);
    const line = lines[bylineStart - 1]!;
    if (isBlank(line) || isSentence(line) || line.text.length > MAX_BYLINE_LENGTH) break;
    bylineStart--;
  }
  const bylines = lines.slice(bylineStart, dateIndex).map((line) => line.text.replace(/^By\s+/, ''));
  const standfirst = paragraphs(lines.slice(titleIndex + 1, bylineStart), work).join('\n\n');
  return {
    title: titleLine.text,
    standfirst: standfirst || null,
    author: bylines.length ? bylines.join(', ') : null,
    publishedAt: parseDateLine(lines[dateIndex]!.text)!,
    bodyStart: dateIndex + 1,
  };
}

function readBody(lines: readonly Line[], outlet: OutletProfile | null, work?: WorkCounter): string | null {
  let body = lines;
  if (outlet?.leadingCaption) {
    const first = body.findIndex((line) => !isBlank(line));
    const opening = body[first];
    const next = first + 1 + body.slice(first + 1).findIndex((line) => !isBlank(line));
    work?.add('plain-text.body', Math.max(first, next) + 1);
    // Never drop the only text there is.
    if (opening && !isSentence(opening) && next > first) body = body.slice(first + 1);
  }
  return paragraphs(body, work).join('\n\n') || null;
}

/** Parses a scraped page. `outlets` is the table of known outlets' page furniture. */
export function parsePlainText(text: string, outlets: readonly OutletProfile[] = KNOWN_OUTLETS, work?: WorkCounter): RawArticle {
  const allLines = text.split('\n').map((raw): Line => ({ text: raw.trim(), canon: raw.replace(/\s+/g, ' ').trim() }));
  work?.add('plain-text.lines', allLines.length);
  const outlet = identifyOutlet(allLines, outlets, work);
  const lines = outlet ? stripFurniture(allLines, outlet, work) : allLines;
  const header = readHeader(lines, work);
  return validate(rawArticleSchema, {
    title: header.title,
    excerpt: header.standfirst,
    author: header.author,
    publishedDateTime: header.publishedAt,
    body: readBody(lines.slice(header.bodyStart), outlet, work),
    provider: outlet ? { name: outlet.name, domain: outlet.domain, images: [] } : null,
  });
}
