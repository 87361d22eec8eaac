// Article.language: the BCP 47 primary language subtag of a story. A source that states its locale
// (the Smartable feed's `locale`, a front matter `locale` or `language`) is taken at its word when the value
// is a usable language tag (anything else is ignored, never an error: detection fills in); otherwise the
// language is detected from title, excerpt and body by franc (trigram statistics over 186 languages,
// pure JavaScript, no data to download). franc answers in ISO 639-3; we answer in BCP 47, which uses the
// two-letter ISO 639-1 code where one exists (eng -> en) and the macrolanguage's code for franc's individual
// languages (cmn -> zh, arb -> ar). franc is asked to choose only among languages that have such a code:
// without that limit it names short English news Scots now and then. franc's ranking is computed by
// trigram-languages.ts from franc's own models, answer for answer, without francAll's per-call overhead.
import { iso6393To1 } from 'iso-639-3';
import { createLanguageRanker } from './trigram-languages.js';

/**
 * Below this many letters no language is detected: the statistics of a shorter text are noise, and null
 * says "unknown" honestly. A letter is a base letter with its marks (a Devanagari syllable's vowel sign too).
 * This is the floor for scripts that franc maps to one language by the script alone (Greek, Thai, Korean…).
 */
export const MIN_DETECTION_LETTERS = 16;
/**
 * Where trigram statistics must choose among languages of one script (Latin, Cyrillic, Arabic, Devanagari…),
 * a text needs this many letters, and the runner-up must score below MIN_DETECTION_MARGIN of the winner's
 * score, else null. Measured on 4,117 English sentences cut to their first words holding at least N letters
 * (bench/language-accuracy.ts): from 60 letters, 92% are called English, 7% null and 0.8% another language;
 * at 16 letters without the margin (the earlier rule) about a third were wrong ("Senate passes budget bill"
 * read as French). Other languages were checked only on the fixtures (test/fixtures/world).
 */
export const MIN_TRIGRAM_LETTERS = 60;
export const MIN_DETECTION_MARGIN = 0.95;
/**
 * Only the start of a long text is read: a language shows in its first few thousand characters. Letters and
 * scripts are counted over all of it; franc's ranking reads its first 2,048 characters.
 */
export const DETECTION_SAMPLE_CHARS = 4000;

/** franc's individual languages whose BCP 47 tag is their macrolanguage's two-letter code. */
const MACROLANGUAGE_MEMBERS: Readonly<Record<string, string>> = {
  arb: 'ar',
  azj: 'az',
  ckb: 'ku',
  cmn: 'zh',
  ekk: 'et',
  khk: 'mn',
  knc: 'kr',
  lvs: 'lv',
  npi: 'ne',
  pbu: 'ps',
  pes: 'fa',
  plt: 'mg',
  prs: 'fa',
  quy: 'qu',
  quz: 'qu',
  swh: 'sw',
  uzn: 'uz',
  ydd: 'yi',
  zlm: 'ms',
  als: 'sq',
  ayr: 'ay',
};

export function bcp47FromIso6393(code: string): string | undefined {
  return MACROLANGUAGE_MEMBERS[code] ?? iso6393To1[code];
}

/** The ISO 639-3 codes franc may answer with: those with a two-letter BCP 47 tag. */
export const LANGUAGE_CANDIDATES: readonly string[] = [
  ...new Set([...Object.keys(iso6393To1), ...Object.keys(MACROLANGUAGE_MEMBERS)]),
];
/** `francAll(sample, { minLength: 1, only: LANGUAGE_CANDIDATES })`, computed once per script, not per call. */
const rankCandidates = createLanguageRanker(LANGUAGE_CANDIDATES);

/** Codes the same language has under two names: Norwegian as written is Bokmål (franc says `nob`, feeds `no`). */
const SAME_LANGUAGE: Readonly<Record<string, string>> = { no: 'nb' };

/**
 * The primary language subtag of a BCP 47 tag ("en-US" -> "en", "zh-Hant-TW" -> "zh"), lower case and in the
 * form Intl's canonicalization gives (`tl` -> `fil`, `iw` -> `he`, `eng` -> `en`; and `no` -> `nb`). The
 * POSIX form `en_US` is read as `en-US`. Null for "und" (undetermined). Throws RangeError when `tag` is not
 * a language tag naming a language code of 2 or 3 letters.
 */
export function primaryLanguage(tag: string): string | null {
  const [canonical] = Intl.getCanonicalLocales(tag.trim().replaceAll('_', '-'));
  // Intl.Locale gives no language for "und".
  const language = canonical ? new Intl.Locale(canonical).language?.toLowerCase() : undefined;
  if (language === undefined || language === 'und') return null;
  // Well-formed tags may start with 5 to 8 letters ("english" parses), but no such language is registered.
  if (!/^[a-z]{2,3}$/.test(language)) throw new RangeError(`not an ISO 639 language code: ${language}`);
  return SAME_LANGUAGE[language] ?? language;
}

/** Longer values are no language tag (the longest registered ones have a few dozen characters). */
const MAX_TAG_CHARS = 100;

/**
 * The language a source states, or null when the value is not a usable language tag (a name like "English",
 * a list, a number): such a value is ignored and the language detected, never a reason to refuse the file.
 */
export function statedLanguage(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_TAG_CHARS) return null;
  try {
    return primaryLanguage(value);
  } catch {
    return null;
  }
}

/**
 * A text whose letters are not at least this share in one script is in several languages (a headline in
 * English, Chinese and Russian): no single answer would be true, so none is given.
 */
export const MIN_DOMINANT_SCRIPT_SHARE = 0.75;

// Han, kana and Hangul count as one: Japanese and Korean text mixes them with Han by nature.
const SCRIPTS: readonly RegExp[] = [
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u,
  ...['Latin', 'Cyrillic', 'Greek', 'Arabic', 'Hebrew', 'Devanagari', 'Thai'].map((s) => new RegExp(`\\p{Script=${s}}`, 'u')),
];

// Per code point: bits 0-3 its SCRIPTS index (SCRIPTS.length: none), bit 4 a letter (\p{L}), bit 5 a mark
// (\p{M}), bit 6 computed. Filled as code points are met: the regexes run once per code point, not per letter.
const LETTER = 16;
const MARK = 32;
const COMPUTED = 64;
const bmpClasses = new Uint8Array(0x10000);
const astralClasses = new Map<number, number>();

function codePointClass(codePoint: number): number {
  const cached = codePoint < 0x10000 ? bmpClasses[codePoint]! || undefined : astralClasses.get(codePoint);
  if (cached !== undefined) return cached;
  const char = String.fromCodePoint(codePoint);
  const index = SCRIPTS.findIndex((script) => script.test(char));
  const value =
    (index === -1 ? SCRIPTS.length : index) | (/\p{L}/u.test(char) ? LETTER : 0) | (/\p{M}/u.test(char) ? MARK : 0) | COMPUTED;
  if (codePoint < 0x10000) bmpClasses[codePoint] = value;
  else astralClasses.set(codePoint, value);
  return value;
}

/**
 * Letters (marks included) of the sample, and how many of them the most used script holds: the letters are
 * the matches of `\p{L}\p{M}*`, and a letter's script the first of SCRIPTS that any of its code points is in.
 */
function scriptCounts(sample: string): { letters: number; dominant: number } {
  const counts = new Array<number>(SCRIPTS.length + 1).fill(0);
  let letters = 0;
  let script = -1; // of the letter being read, -1 between letters
  for (let i = 0; i < sample.length; i++) {
    // A surrogate pair is one code point; a lone surrogate is its own code unit.
    const codePoint = sample.codePointAt(i)!;
    if (codePoint > 0xffff) i++;
    const value = codePointClass(codePoint);
    if (script !== -1 && value & MARK) {
      script = Math.min(script, value & 15);
      continue;
    }
    if (script !== -1) counts[script]!++;
    script = value & LETTER ? value & 15 : -1;
    if (script !== -1) letters++;
  }
  if (script !== -1) counts[script]!++;
  return { letters, dominant: Math.max(...counts) };
}

/**
 * The detected language of a text (BCP 47 primary subtag), or null when it is too short, mixes scripts
 * without one holding MIN_DOMINANT_SCRIPT_SHARE of its letters, or is undetermined.
 */
export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, DETECTION_SAMPLE_CHARS);
  const { letters, dominant } = scriptCounts(sample);
  if (letters < MIN_DETECTION_LETTERS || dominant < letters * MIN_DOMINANT_SCRIPT_SHARE) return null;
  // The ranking (francAll's) scores the winner 1; one answer alone means the script named the language.
  const [best, runnerUp] = rankCandidates(sample, 2);
  if (!best || best[0] === 'und') return null;
  if (runnerUp && (letters < MIN_TRIGRAM_LETTERS || runnerUp[1] > MIN_DETECTION_MARGIN)) return null;
  return answerFor(best[0]);
}

/** franc's answer as a BCP 47 primary subtag; remembered, as Intl's canonicalization is not free. */
const answers = new Map<string, string | null>();
function answerFor(code: string): string | null {
  let answer = answers.get(code);
  if (answer === undefined) {
    const tag = bcp47FromIso6393(code);
    answer = tag ? primaryLanguage(tag) : null;
    answers.set(code, answer);
  }
  return answer;
}

/** A story's language: the source's tag when it gives one, else detected from its title, excerpt and body. */
export function storyLanguage(story: {
  sourceTag?: unknown;
  title: string;
  excerpt?: string | null;
  body?: string | null;
}): string | null {
  const stated = statedLanguage(story.sourceTag);
  if (stated) return stated;
  return detectLanguage([story.title, story.excerpt, story.body].filter(Boolean).join('\n'));
}
