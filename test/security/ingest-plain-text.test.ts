// Issue 10, item 2: stripping an outlet's page furniture was quadratic in the number of inserts (a 1.6 MB
// page of 20k donation appeals blocked the event loop for 42 s). Every step of the plain-text parser now
// does work linear in the page, counted by the parser itself (work.ts), whatever the page repeats.
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/ingest/parse/index.js';
import { KNOWN_OUTLETS, type OutletProfile } from '../../src/ingest/parse/outlets.js';
import { parsePlainText } from '../../src/ingest/parse/plain-text.js';
import { expectLinearWork } from './ingest-growth.js';
import { growth, MAX_GROWTH } from './work-counter.js';

const HEADER = [
  'Stay up to date with notifications from The Independent',
  '',
  'Bridge to close for repairs',
  '',
  'Jane Doe',
  'Wednesday 4 January 2023 17:45 GMT',
  '',
].join('\n');
const APPEAL = [
  'Your support helps us to tell the story',
  '',
  'We need you.',
  '',
  'Your support makes all the difference.',
  '',
].join('\n');
const STORY = 'The council voted on Monday to close the bridge.\n\n';
const utf8 = (text: string) => new TextEncoder().encode(text);

/** A RegExp that counts how often the parser tests it: a measure the parser does not report itself. */
class CountingRegExp extends RegExp {
  static tests = 0;
  override test(text: string): boolean {
    CountingRegExp.tests++;
    return super.test(text);
  }
  override exec(text: string): RegExpExecArray | null {
    CountingRegExp.tests++;
    return super.exec(text);
  }
}
const counting = (pattern: RegExp) => new CountingRegExp(pattern.source, pattern.flags);
const COUNTING_OUTLETS: OutletProfile[] = KNOWN_OUTLETS.map((outlet) => ({
  ...outlet,
  signatures: outlet.signatures.map(counting),
  chromeLines: outlet.chromeLines.map(counting),
  footerStarts: outlet.footerStarts.map(counting),
  blocks: outlet.blocks.map((block) => ({ first: counting(block.first), last: counting(block.last) })),
}));

describe('plain-text parsing does linear work', () => {
  it('pattern tests, counted outside the parser, grow linearly with the number of appeals', () => {
    // Review finding: the parser's own counts said what it meant to do; this counts what it does. The
    // quadratic version (a findIndex from the top after every cut) fails here.
    const tests = [500, 1_000, 2_000, 4_000].map((n) => {
      CountingRegExp.tests = 0;
      parsePlainText(HEADER + (STORY + APPEAL).repeat(n), COUNTING_OUTLETS);
      return CountingRegExp.tests;
    });
    for (const ratio of growth(tests)) expect(ratio, tests.join(' -> ')).toBeLessThanOrEqual(MAX_GROWTH);
  });

  it('a page of n donation appeals, each between two paragraphs', () => {
    const counts = expectLinearWork(
      (n) => HEADER + (STORY + APPEAL).repeat(n),
      (text, work) => parseDocument(utf8(text), work),
      1_000,
    );
    // Before the fix the furniture step visited 3,022,008 lines at n = 1,000 and 4.0x more at each doubling.
    expect(counts.get('plain-text.furniture')![0]).toBeLessThan(30_000);
  });

  it('appeals that open and never close, then one that closes at the very end', () => {
    const opening = 'Your support helps us to tell the story\n\n';
    expectLinearWork(
      (n) => `${HEADER}${(STORY + opening).repeat(n)}Your support makes all the difference.\n`,
      (text, work) => parsePlainText(text, undefined, work),
      1_000,
    );
  });

  it('chrome lines, blank lines before the date line, and no outlet at all', () => {
    const chrome = 'Comments\n\nNotifications can be managed in browser preferences.\n';
    expectLinearWork(
      (n) => HEADER + (STORY + chrome).repeat(n),
      (text, work) => parsePlainText(text, undefined, work),
      1_000,
    );
    expectLinearWork(
      (n) => `Headline\n${'\n'.repeat(n)}Tuesday 23 August 2022 09:02 EDT\n\n${STORY.repeat(n)}`,
      (text, work) => parsePlainText(text, undefined, work),
      1_000,
    );
  });

  it('still strips exactly the complete appeals', () => {
    const raw = parsePlainText(
      `${HEADER + (STORY + APPEAL).repeat(3)}Your support helps us to tell the story\n\nKept: no end follows.\n`,
    );
    expect(raw.body).toBe(
      `${'The council voted on Monday to close the bridge.\n\n'.repeat(3)}Your support helps us to tell the story\n\nKept: no end follows.`,
    );
  });
});
