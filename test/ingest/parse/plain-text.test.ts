import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../bench/prng.js';
import { type OutletProfile, THE_INDEPENDENT } from '../../../src/ingest/parse/outlets.js';
import { parsePlainText } from '../../../src/ingest/parse/plain-text.js';
import { documentFromBytes } from '../../../src/ingest/pipeline.js';
import { expectIngestError, utf8 } from '../helpers.js';

const STORY = [
  'The council voted on Monday to close the bridge for repairs.',
  'Engineers said the work would take “at least six months”.',
  'Residents were told to use the ferry, according to the council.',
];
const APPEAL = [
  'Your support helps us to tell the story',
  '',
  'From reproductive rights to climate change to Big Tech, The Independent is on the ground when the story is developing.',
  '',
  'Your support makes all the difference.',
];
const FOOTER = [
  'Join our commenting forum',
  '',
  'Join thought-provoking conversations, follow other Independent readers and see their replies',
  '',
  'Comments',
];

interface PageOptions {
  dateLine?: string;
  byline?: string[];
  standfirst?: string[];
  caption?: string | null;
  appeal?: boolean;
  independentChrome?: boolean;
}

// An Independent-style page; each option removes or swaps one part, so each variant tests one rule.
function page(options: PageOptions = {}): string {
  const {
    dateLine = 'Wednesday 4 January 2023 17:45 GMT',
    byline = ['Jane Doe'],
    standfirst = ['Bridge shut for six months.'],
  } = options;
  const { caption = 'Drone footage shows the bridge', appeal = true, independentChrome = true } = options;
  const lines = [
    ...(independentChrome
      ? [
          'Stay up to date with notifications from The\u00a0Independent',
          '',
          'Notifications can be managed in browser preferences.',
          '',
        ]
      : []),
    'Bridge to close for repairs',
    '',
    ...standfirst.flatMap((paragraph) => [paragraph, '']),
    ...byline,
    dateLine,
    ...(independentChrome ? ['Comments'] : []),
    ...(caption ? [caption, ''] : []),
    ...(appeal ? [...APPEAL, ''] : []),
    ...STORY.flatMap((paragraph) => [paragraph, '']),
    ...(independentChrome ? FOOTER : []),
  ];
  return lines.join('\n');
}

const BOILERPLATE = [
  'notifications',
  'Notifications',
  'Comments',
  'Drone footage',
  'Your support',
  'commenting forum',
  'thought-provoking',
];

describe('parsePlainText', () => {
  it('reads header fields and strips The Independent’s page furniture', () => {
    const raw = parsePlainText(page());
    expect(raw.title).toBe('Bridge to close for repairs');
    expect(raw.excerpt).toBe('Bridge shut for six months.');
    expect(raw.author).toBe('Jane Doe');
    expect(raw.publishedDateTime).toEqual(new Date('2023-01-04T17:45:00Z'));
    expect(raw.provider).toEqual({ name: 'The Independent', domain: 'independent.co.uk', images: [] });
    expect(raw.body).toBe(STORY.join('\n\n'));
  });

  it('handles another zone, a "By" byline and a multi-paragraph standfirst', () => {
    const raw = parsePlainText(
      page({ dateLine: 'Monday 3 July 2023 08:15 BST', byline: ['By Sam Smith'], standfirst: ['First part.', 'Second part.'] }),
    );
    expect(raw.publishedDateTime).toEqual(new Date('2023-07-03T07:15:00Z'));
    expect(raw.author).toBe('Sam Smith');
    expect(raw.excerpt).toBe('First part.\n\nSecond part.');
  });

  it('works without a donation block', () => {
    const raw = parsePlainText(page({ appeal: false }));
    expect(raw.body).toBe(STORY.join('\n\n'));
    for (const text of BOILERPLATE) expect(raw.body).not.toContain(text);
  });

  it('keeps a story that opens with a sentence (no caption to drop)', () => {
    expect(parsePlainText(page({ caption: null })).body).toBe(STORY.join('\n\n'));
  });

  it('leaves provider null and the text untouched for an unknown outlet', () => {
    const raw = parsePlainText(page({ independentChrome: false, appeal: false, caption: null }));
    expect(raw.provider).toBeNull();
    expect(raw.title).toBe('Bridge to close for repairs');
    expect(raw.body).toBe(STORY.join('\n\n'));
  });

  it('gives an unknown outlet’s article a text identity without a domain', () => {
    const doc = documentFromBytes(utf8(page({ independentChrome: false, appeal: false, caption: null })));
    const digest = createHash('sha256').update('\nBridge to close for repairs\n2023-01-04T17:45:00.000Z').digest('hex');
    expect(doc.kind === 'articles' && doc.articles[0]?.identityKey).toBe(`text:${digest}`);
  });

  it('takes the outlet table as data, so more outlets can be added', () => {
    const gazette: OutletProfile = {
      ...THE_INDEPENDENT,
      name: 'The Gazette',
      domain: 'gazette.example',
      signatures: [/^Read more at The Gazette$/],
      chromeLines: [/^Share this article$/],
      blocks: [],
      footerStarts: [/^Read more at The Gazette$/],
      leadingCaption: false,
    };
    const text = [
      'Bridge to close',
      '',
      'Jane Doe',
      '4 January 2023 17:45 GMT',
      'Share this article',
      ...STORY,
      'Read more at The Gazette',
      'Sign up',
    ].join('\n');
    const raw = parsePlainText(text, [THE_INDEPENDENT, gazette]);
    expect(raw.provider).toEqual({ name: 'The Gazette', domain: 'gazette.example', images: [] });
    expect(raw.body).toBe(STORY.join('\n'));
    expect(parsePlainText(text).provider).toBeNull();
  });

  it('leaves the author null when the dateline has no byline above it', () => {
    const raw = parsePlainText(page({ byline: [] }));
    expect(raw.author).toBeNull();
    expect(raw.excerpt).toBe('Bridge shut for six months.');
  });

  it('rejects text without a title', () => {
    expectIngestError(() => parsePlainText('Tuesday 23 August 2022 09:02 EDT\n\nSome story.'), {
      field: 'title',
      message: 'no title',
    });
    expectIngestError(() => parsePlainText(`${'word '.repeat(100)}\nTuesday 23 August 2022 09:02 EDT\n`), {
      field: 'title',
      message: 'no recognizable title',
    });
    expectIngestError(() => parsePlainText(['Stay up to date with notifications from The Independent', 'Comments'].join('\n')), {
      message: 'no content besides page furniture',
    });
  });

  it('rejects text without a date line near the top', () => {
    expectIngestError(() => parsePlainText('A headline\n\nSome story without any date.\n'), {
      field: 'publishedAt',
      message: 'no date line',
    });
    const late = [
      'A headline',
      ...Array.from({ length: 12 }, (_, i) => `Paragraph ${i}.`),
      'Tuesday 23 August 2022 09:02 EDT',
    ].join('\n\n');
    expectIngestError(() => parsePlainText(late), { field: 'publishedAt', message: 'no date line' });
  });

  it('drops inserts in one pass exactly as the former repeated search did (random pages)', () => {
    const [first, last] = [APPEAL[0]!, APPEAL.at(-1)!];
    // The former rule, kept as the oracle: find the first opening line, then the first closing line after it,
    // cut both and everything between, search again from the top; stop at an opening that never closes.
    const reference = (lines: string[]) => {
      let kept = [...lines];
      for (;;) {
        const open = kept.indexOf(first);
        const close = open < 0 ? -1 : kept.findIndex((line, i) => i > open && line === last);
        if (close < 0) return kept;
        kept = [...kept.slice(0, open), ...kept.slice(close + 1)];
      }
    };
    const paragraphsOf = (lines: string[]) =>
      lines
        .join('\n')
        .split(/\n{2,}/)
        .map((p) => p.replace(/^\n+|\n+$/g, ''))
        .filter(Boolean)
        .join('\n\n');
    const random = mulberry32(10);
    const alphabet = [first, last, '', 'A plain sentence.', 'Another one.'];
    for (let run = 0; run < 300; run++) {
      const body = [
        'Opening sentence.',
        '',
        ...Array.from({ length: Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]!),
      ];
      const raw = parsePlainText(
        page({ appeal: false, caption: null, independentChrome: false })
          .replace(STORY.join('\n\n'), body.join('\n'))
          .concat('\nThe Independent is trusted by readers'),
      );
      const expected = paragraphsOf(reference(body.concat(['', 'The Independent is trusted by readers'])));
      expect(raw.body, body.join(' | ')).toBe(expected);
    }
  });
});
