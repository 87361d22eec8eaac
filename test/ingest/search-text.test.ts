// The search rule's words (src/ingest/search-text.ts): what the databases index and what queries look for.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  asciiWords,
  MAX_TOKEN_CHARS,
  MAX_TOKEN_REPEATS,
  queryTokens,
  SEGMENT_CHARS,
  searchDocument,
  searchTokens,
  segmenterWords,
  storedToken,
} from '../../src/ingest/search-text.js';
import { FIXTURE_CORPUS_DIR } from '../helpers/fixtures.js';

// Spaces of several kinds, as long texts have them.
const i18nSpaces = ' \n\u00a0';

describe('search tokens', () => {
  it('indexes text without spaces as its characters and their pairs, and queries it by pairs', () => {
    expect(searchTokens('東京で初雪')).toEqual(['東', '京', 'で', '初', '雪', '東京', '京で', 'で初', '初雪']);
    expect(searchTokens('G20峰会 서울에서')).toEqual(['峰', '会', '峰会', '서', '울', '에', '서', '서울', '울에', '에서', 'g20']);
    expect(queryTokens('上海市')).toEqual(['上海', '海市']);
    expect(queryTokens('市')).toEqual(['市']);
  });

  it('folds case, width, Latin and Greek diacritics, Cyrillic stress, Arabic and Hebrew vowel marks and letter variants', () => {
    expect(searchTokens('CAFÉ ｃａｆｅ Ελλάδα ЁЛКА Ки́їв')).toEqual(['cafe', 'cafe', 'ελλαδα', 'ёлка', 'київ']);
    expect(searchTokens('مُحَمَّد أَحمد مـصـر ایران کتاب שָׁלוֹם')).toEqual(['محمد', 'احمد', 'مصر', 'ايران', 'كتاب', 'שלום']);
    expect(searchTokens('तैयारी')).toEqual(['तैयारी']);
  });

  it('stems English words, keeps stopwords, and splits at what is not a letter, digit or mark', () => {
    expect(searchTokens('The Ferries, COVID-19')).toEqual(['the', 'ferri', 'covid', '19']);
  });

  it('reads a long text in pieces without cutting a word that whitespace delimits', () => {
    const words = Array.from({ length: 3 * SEGMENT_CHARS }, (_, i) => `Wörd${i}`);
    const text = words.join(i18nSpaces);
    expect(text.length).toBeGreaterThan(10 * SEGMENT_CHARS);
    expect(searchTokens(text)).toEqual(words.map((w) => w.toLowerCase().replace('ö', 'o')));
    // Without whitespace (Chinese prose), pieces are cut at SEGMENT_CHARS; surrogate pairs stay whole.
    const emoji = '😀中'.repeat(SEGMENT_CHARS);
    expect(searchTokens(emoji)).toEqual(Array(SEGMENT_CHARS).fill('中'));
  });

  it('reads a run of a million Han characters, and text alternating scripts, in one pass each', () => {
    const han = searchTokens('中'.repeat(1_000_000));
    expect(han).toHaveLength(1_999_999);
    expect(searchTokens('a中'.repeat(1000))).toEqual([...Array(1000).fill('中'), ...Array(1000).fill('a')]);
  });

  it(`keeps a word at most ${MAX_TOKEN_REPEATS} times in a document`, () => {
    expect(searchDocument('harbor '.repeat(100))!.split(' ')).toHaveLength(MAX_TOKEN_REPEATS);
    const han = searchDocument('中国'.repeat(500_000))!;
    expect(han.split(' ')).toHaveLength(4 * MAX_TOKEN_REPEATS); // 中, 国, 中国, 国中
  });

  it('stores every token as ASCII letters and digits, never two tokens alike', () => {
    expect(searchDocument('The 中国 xylophone x4e2d56fd')).toBe('x4e2d x56fd x4e2d56fd the xxylophon xx4e2d56fd');
    expect(storedToken('\u{31350}')).toBe('xd884df50');
  });

  it('drops overlong tokens and reads query syntax as separators', () => {
    expect(searchTokens(`a${'x'.repeat(MAX_TOKEN_CHARS)} b`)).toEqual(['b']);
    expect(queryTokens('"harbor" OR -season* harbor')).toEqual(['harbor', 'or', 'season']);
    // The caller refuses more than MAX_QUERY_TOKENS; a query's overlong word is kept, so that it matches nothing.
    expect(queryTokens(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))).toHaveLength(40);
    expect(queryTokens(`a${'x'.repeat(MAX_TOKEN_CHARS)} b`)).toEqual([`a${'x'.repeat(MAX_TOKEN_CHARS)}`, 'b']);
    expect(searchDocument('📉 —')).toBeNull();
  });
});

describe('words of ASCII text without the segmenter', () => {
  const nonEmpty = (words: string[]) => words.filter((w) => w !== '');

  it("are the segmenter's words, on the fixture corpus and on random ASCII", () => {
    const texts: string[] = [];
    for (const name of readdirSync(FIXTURE_CORPUS_DIR, { recursive: true, encoding: 'utf8' })) {
      if (!name.endsWith('.md')) continue;
      const text = readFileSync(join(FIXTURE_CORPUS_DIR, name), 'utf8');
      // biome-ignore lint/suspicious/noControlCharactersInRegex: non-ASCII characters become spaces
      texts.push(...text.replace(/[^\x00-\x7f]/g, ' ').split(/\n{2,}/));
    }
    expect(texts.length).toBeGreaterThan(20);
    // Letters, digits and every separator the word-boundary rules treat apart: apostrophes, periods, commas,
    // colons, underscores (ExtendNumLet), CR LF, other controls, in every arrangement a seeded generator gives.
    const alphabet = 'aZ9 \'.,:;_-\r\n\t\u0000\u001f\u007f"@#/';
    let state = 20201103;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = 1 + Math.floor(random() * 24);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      texts.push(text);
    }
    texts.push("don't U.S. 3.14 1,000 e.g. foo_bar a:b x--y CAN'T 'quoted' 12:30 v2.0.1");
    for (const text of texts) expect(nonEmpty(asciiWords(text)), JSON.stringify(text)).toEqual(nonEmpty(segmenterWords(text)));
  });

  it('differ where the text is not ASCII (a negative control: the comparison can fail)', () => {
    expect(nonEmpty(asciiWords('café'))).not.toEqual(nonEmpty(segmenterWords('café')));
  });
});
