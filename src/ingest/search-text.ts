// The one search rule, applied by the application so that SQLite and PostgreSQL give the same answers: a
// text becomes a list of search tokens, and a query matches a story when every token of the query is a token
// of the story's title, excerpt or body. The databases only compare tokens (see src/db/search.ts).
//
// A token is a word as Intl.Segmenter (Unicode word boundaries, with ICU's dictionaries for Khmer, Lao and
// Burmese, written without spaces) finds it — except in Chinese, Japanese, Korean and Thai, indexed as pairs
// of characters (PAIRED_RUN below) — then:
// - NFKC (full-width letters and ligatures become plain ones) and lower case;
// - diacritics dropped from Latin and Greek letters (café = cafe, ΕΛΛΆΔΑ = ελλαδα), only stress accents from
//   Cyrillic ones (й, ё, ї stay letters of their own); Arabic harakat and tatweel and Hebrew points dropped,
//   Arabic/Persian alef, yeh and kaf variants unified; marks of other scripts (Devanagari vowel signs) stay;
// - split at anything that is not a letter, digit or mark ("covid-19" is "covid" and "19");
// - words of ASCII letters (after the diacritics went) reduced to their English Porter stem, whatever the
//   story's language (no per-language stemming: Spanish "general" and English "generation" are both "gener"), so that "marathons" finds
//   "marathon"; words with other letters match whole.
// Nothing is a stopword: "the" is a word like any other, so no query comes back empty because of one.
import { stemmer } from 'stemmer';

/** Longer "words" (base64, hashes) are not searchable: PostgreSQL would refuse them in a tsvector. */
export const MAX_TOKEN_CHARS = 64;
/** A query may have at most this many tokens (each one is a condition of the search statement). */
export const MAX_QUERY_TOKENS = 32;

const segmenter = new Intl.Segmenter('en', { granularity: 'word' });
const FOLDED_DIACRITICS = /([\p{Script=Latin}\p{Script=Greek}])\p{Mn}+/gu;
// Cyrillic loses only stress accents: a breve or diaeresis makes another letter (й is not и, ї not і, ё not е).
const CYRILLIC_STRESS = /(\p{Script=Cyrillic})[\u0300\u0301]+/gu;
// Arabic harakat, superscript alef and tatweel (U+0640), and Hebrew points and cantillation: optional in
// writing, so never part of a word. Then the letters written several ways: alef with hamza or madda is alef,
// Persian yeh and alef maksura are Arabic yeh, Persian kaf (keheh) is Arabic kaf.
const OPTIONAL_MARKS = /[\u064B-\u065F\u0670\u0640\u0591-\u05BD\u05BF\u05C1\u05C2\u05C4\u05C5\u05C7]/g;
const LETTER_VARIANTS: Readonly<Record<string, string>> = {
  '\u0623': '\u0627',
  '\u0625': '\u0627',
  '\u0622': '\u0627',
  '\u0649': '\u064A',
  '\u06CC': '\u064A',
  '\u06A9': '\u0643',
};
const VARIANT = /[\u0623\u0625\u0622\u0649\u06CC\u06A9]/g;
const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/u;
const ENGLISH_LETTERS = /^[a-z]+$/;

function normalizeWord(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(FOLDED_DIACRITICS, '$1')
    .replace(CYRILLIC_STRESS, '$1')
    .normalize('NFC')
    .replace(OPTIONAL_MARKS, '')
    .replace(VARIANT, (letter) => LETTER_VARIANTS[letter]!);
}

/**
 * Pieces of at most SEGMENT_CHARS characters, cut after whitespace where there is some in the piece's second
 * half. V8's segmenter slows down with the length of the string it walks (a 40,000-character text costs six
 * times a 10,000-character one), so it only ever walks short pieces: the work stays linear in the text. A
 * word is cut only inside a run of SEGMENT_CHARS / 2 characters without whitespace in a script without
 * pairs (Khmer, Lao or Burmese prose, a long identifier): Chinese, Japanese, Korean and Thai never get here.
 */
export const SEGMENT_CHARS = 256;
function* pieces(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + SEGMENT_CHARS, text.length);
    if (end < text.length) {
      let cut = end;
      while (cut > start + SEGMENT_CHARS / 2 && !/\s/.test(text[cut - 1]!)) cut--;
      if (cut > start + SEGMENT_CHARS / 2) end = cut;
      else if (/[\uD800-\uDBFF]/.test(text[end - 1]!)) end--; // never between the halves of a surrogate pair
    }
    yield text.slice(start, end);
    start = end;
  }
}

/**
 * Letters of the scripts written without spaces between words (Han, Hiragana, Katakana, Thai) and of Hangul,
 * whose words carry their particles (서울에서 is "in Seoul"). The segmenter's words there are dictionary
 * guesses that join shorter words (上海市政府 is one "word"), so a run of these letters is indexed as
 * overlapping pairs of characters plus each single character, and a query's run as its pairs (a single
 * character as itself): 上海 finds 上海市政府发布通知. Every pair must be in the story, not necessarily next
 * to each other, the same on both databases.
 */
const PAIRED_RUN = /(?:(?=[\p{L}\p{M}])[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Thai}])+/gu;

function pairTokens(run: string, tokens: string[], forQuery: boolean): void {
  const chars = [...run.toLowerCase()];
  if (chars.length === 1 || !forQuery) for (const char of chars) tokens.push(char);
  for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
}

/** The words of a piece, before stemming, as the segmenter finds them (empty strings may be among them). */
export function segmenterWords(piece: string): string[] {
  const words: string[] = [];
  for (const segment of segmenter.segment(piece)) {
    if (segment.isWordLike) words.push(...normalizeWord(segment.segment).split(NOT_WORD));
  }
  return words;
}

/** Text of ASCII characters only (a piece the segmenter can be spared, a token stored as it is). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range is meant
const ASCII = /^[\x00-\x7f]*$/;
const NOT_ASCII_WORD = /[^a-z0-9]+/;

/**
 * segmenterWords of an ASCII piece, without the segmenter: in ASCII, Unicode's word boundaries never fall inside
 * a run of letters and digits, and every other character splits a word anyway (NOT_WORD), so the words are the
 * runs themselves (test/ingest/search-text.test.ts compares the two). ICU's segmenter was most of the cost of
 * a related entry's search words, which a seed computes on its writing thread.
 */
export function asciiWords(piece: string): string[] {
  return piece.toLowerCase().split(NOT_ASCII_WORD);
}

function wordTokens(text: string, tokens: string[], forQuery: boolean): void {
  for (const piece of pieces(text)) {
    for (const part of ASCII.test(piece) ? asciiWords(piece) : segmenterWords(piece)) {
      if (part === '' || (part.length > MAX_TOKEN_CHARS && !forQuery)) continue;
      tokens.push(ENGLISH_LETTERS.test(part) ? stemmer(part) : part);
    }
  }
}

// Paired runs first (tokens keep text order within each kind only), then the rest with each run replaced by a
// space: one segmenter pass over it, however often scripts alternate ("a中a中…" would cost a call a letter).
function tokensOf(text: string, forQuery: boolean): string[] {
  const tokens: string[] = [];
  const normalized = text.normalize('NFKC');
  for (const run of normalized.matchAll(PAIRED_RUN)) pairTokens(run[0], tokens, forQuery);
  wordTokens(normalized.replace(PAIRED_RUN, ' '), tokens, forQuery);
  return tokens;
}

/** The search tokens of a text, in order (repeats kept: they count for ranking). */
export function searchTokens(text: string): string[] {
  return tokensOf(text, false);
}

/**
 * A token as the databases store it: ASCII letters and digits only, so that both engines see the same simple
 * words (PostgreSQL's parser silently drops letters its C library does not know — new CJK extensions, Kawi —
 * where SQLite keeps them). A token with any other character becomes `x` and the hex of its UTF-16 code
 * units (中国 -> x4e2d56fd); an ASCII token that starts with `x` gets another `x` in front, so no two tokens
 * ever share a stored form.
 */
export function storedToken(token: string): string {
  if (ASCII.test(token)) return token.startsWith('x') ? `x${token}` : token;
  let stored = 'x';
  for (let i = 0; i < token.length; i++) stored += token.charCodeAt(i).toString(16).padStart(4, '0');
  return stored;
}

/**
 * A search document keeps at most this many distinct words, and at most MAX_DISTINCT_TOKEN_CHARS characters of
 * distinct stored words; a word first met after either is reached is not indexed (repeats of kept words still
 * are). PostgreSQL refuses a tsvector whose distinct words pass 1 MiB ("string is too long for tsvector"):
 * title, excerpt and body together stay under 3 x 300,000 characters. A story of ordinary prose has a few
 * thousand distinct words; the caps cut only word lists and generated text.
 */
export const MAX_DISTINCT_TOKENS = 20_000;
export const MAX_DISTINCT_TOKEN_CHARS = 300_000;
/**
 * A word is kept at most this many times in a document: more would only add ranking weight, while a
 * 1,000,000-character Chinese body (two stored words a character, five to nine characters each) would
 * otherwise store 16 MB of search words. Bounds a document at MAX_DISTINCT_TOKENS x this many words.
 */
export const MAX_TOKEN_REPEATS = 16;

/** The stored search document of a text: its stored tokens separated by single spaces; null for no text. */
export function searchDocument(text: string | null | undefined): string | null {
  if (!text) return null;
  const kept = new Map<string, number>();
  let keptChars = 0;
  const tokens: string[] = [];
  for (const token of searchTokens(text)) {
    const stored = storedToken(token);
    const seen = kept.get(stored) ?? 0;
    if (seen === 0) {
      if (kept.size >= MAX_DISTINCT_TOKENS || keptChars + stored.length > MAX_DISTINCT_TOKEN_CHARS) continue;
      keptChars += stored.length;
    } else if (seen >= MAX_TOKEN_REPEATS) continue;
    kept.set(stored, seen + 1);
    tokens.push(stored);
  }
  return tokens.length ? tokens.join(' ') : null;
}

/**
 * The distinct tokens of a user's query: operators and quotes are just separators. All of them, however many
 * (the caller refuses more than MAX_QUERY_TOKENS), and words longer than MAX_TOKEN_CHARS too: no story has
 * such a word, so a query with one matches nothing, as "every word must match" says.
 */
export function queryTokens(query: string): string[] {
  return [...new Set(tokensOf(query, true))];
}
