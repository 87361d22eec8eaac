// Article.language: the BCP 47 primary language subtag of a story. A source that states its locale
// (the Smartable feed's `locale`, a front matter `locale` or `language`) is taken at its word; otherwise the
// language is detected from title, excerpt and body by franc (trigram statistics over 187 languages,
// pure JavaScript, no data to download). franc answers in ISO 639-3; we answer in BCP 47, which uses the
// two-letter ISO 639-1 code where one exists (eng -> en) and the macrolanguage's code for franc's individual
// languages (cmn -> zh, arb -> ar). franc is asked to choose only among languages that have such a code:
// without that limit it names short English news Scots now and then.
import { franc } from 'franc';
import { iso6393To1 } from 'iso-639-3';

/**
 * Below this many letters (marks included: Devanagari vowel signs are marks) no language is detected: the
 * statistics of a shorter text are noise, and null says "unknown" honestly.
 */
export const MIN_DETECTION_LETTERS = 16;
/** Only the start of a long text is read: a language shows in its first few thousand characters. */
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

function bcp47FromIso6393(code: string): string | undefined {
  return MACROLANGUAGE_MEMBERS[code] ?? iso6393To1[code];
}

/** The ISO 639-3 codes franc may answer with: those with a two-letter BCP 47 tag. */
const CANDIDATES = [...new Set([...Object.keys(iso6393To1), ...Object.keys(MACROLANGUAGE_MEMBERS)])];

/**
 * The primary language subtag of a BCP 47 tag ("en-US" -> "en", "zh-Hant-TW" -> "zh"), lower case; null for
 * "und" (undetermined). Throws RangeError when `tag` is not a well-formed language tag.
 */
export function primaryLanguage(tag: string): string | null {
  const [canonical] = Intl.getCanonicalLocales(tag.trim());
  // Intl.Locale gives no language for "und".
  const language = canonical ? new Intl.Locale(canonical).language?.toLowerCase() : undefined;
  return language === undefined || language === 'und' ? null : language;
}

/** True when `tag` is a well-formed BCP 47 language tag. */
export function isLanguageTag(tag: string): boolean {
  try {
    primaryLanguage(tag);
    return true;
  } catch {
    return false;
  }
}

function countLetters(text: string, enough: number): number {
  let n = 0;
  for (const _ of text.matchAll(/[\p{L}\p{M}]/gu)) if (++n >= enough) break;
  return n;
}

/** The detected language of a text (BCP 47 primary subtag), or null when it is too short or undetermined. */
export function detectLanguage(text: string): string | null {
  const sample = text.slice(0, DETECTION_SAMPLE_CHARS);
  if (countLetters(sample, MIN_DETECTION_LETTERS) < MIN_DETECTION_LETTERS) return null;
  const code = franc(sample, { minLength: 1, only: CANDIDATES });
  return code === 'und' ? null : (bcp47FromIso6393(code) ?? null);
}

/** A story's language: the source's tag when it gives one, else detected from its title, excerpt and body. */
export function storyLanguage(story: {
  sourceTag?: string | null;
  title: string;
  excerpt?: string | null;
  body?: string | null;
}): string | null {
  const stated = story.sourceTag ? primaryLanguage(story.sourceTag) : null;
  if (stated) return stated;
  return detectLanguage([story.title, story.excerpt, story.body].filter(Boolean).join('\n'));
}
