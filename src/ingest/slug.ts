// URL slugs: lower-case ASCII words joined by "-". Latin (with marks), Cyrillic and Greek are transliterated
// (@sindresorhus/transliterate); other scripts (CJK, Arabic, Hebrew, Devanagari, Thai, ...) have no faithful
// ASCII spelling, so a slug of a text holding their letters ends in a short hash of the text: unique per
// text, stable, never a shared constant. The loader appends the identity hash to article slugs.
import { createHash } from 'node:crypto';
import transliterate from '@sindresorhus/transliterate';

export const MAX_SLUG_LENGTH = 80;

/** Hex digits of the hash that stands in for letters of scripts without transliteration. */
export const TEXT_HASH_LENGTH = 10;

/** Letters of scripts we transliterate; any other letter makes the text "untransliterable". */
const TRANSLITERABLE_LETTER = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u;
const OTHER_LETTER = /[^\P{L}\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u;
const OTHER_LETTERS = new RegExp(`${OTHER_LETTER.source}+`, 'gu');

/**
 * A topic's identity: NFKC (folds width, ligatures, compatibility forms) then a full case fold (upper then
 * lower, so "ß" meets "SS" and final sigma meets sigma), whitespace collapsed. Never an ASCII projection:
 * names in different scripts keep different keys.
 */
export function topicKey(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC').replace(/\s+/g, ' ').trim();
}

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, TEXT_HASH_LENGTH);
}

/** True when the text holds letters of a script we cannot transliterate. */
export function hasUntransliterableLetters(text: string): boolean {
  return OTHER_LETTER.test(text.normalize('NFKC'));
}

function slugWords(text: string): string {
  const transliterable = text.normalize('NFKC').replace(OTHER_LETTERS, ' ');
  const folded = (TRANSLITERABLE_LETTER.test(transliterable) ? transliterate(transliterable) : transliterable)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    // Apostrophes join a word ("father’s" -> "fathers") instead of splitting it.
    .replace(/['’ʼ‘`]/g, '')
    .replace(/&/g, ' and ');
  return truncate(folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, ''), MAX_SLUG_LENGTH);
}

/** Cut at a word boundary when there is one reasonably close to the limit. */
function truncate(joined: string, limit: number): string {
  if (joined.length <= limit) return joined;
  const cut = joined.slice(0, limit + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash >= limit / 2 ? cut.slice(0, lastDash) : joined.slice(0, limit)).replace(/-+$/, '');
}

/** Readable words, plus the text's hash when some of its letters have no transliteration. */
function slugOf(text: string, hashedText: string, fallback: string): string {
  const words = slugWords(text);
  if (!hasUntransliterableLetters(text)) return words || fallback;
  const hash = shortHash(hashedText);
  return words ? `${truncate(words, MAX_SLUG_LENGTH - TEXT_HASH_LENGTH - 1)}-${hash}` : hash;
}

/**
 * Slug of an article title, e.g. "Trump’s ‘Big’ Día" -> "trumps-big-dia", "Україна сьогодні" ->
 * "ukrayina-sogodni", "中国经济" -> "<10 hex digits>". Never empty ("untitled" when there are no letters).
 */
export function slugify(title: string): string {
  return slugOf(title, title.normalize('NFKC'), 'untitled');
}

/** Slug of a topic name (same rules as titles; the hash is of the topic's key, so case variants agree). Never empty. */
export function topicSlug(name: string): string {
  return slugOf(name, topicKey(name), 'topic');
}

/** A topic slug taken by another topic (e.g. "Café" and "Cafe", distinct keys): the slug plus the key's hash. */
export function disambiguatedTopicSlug(name: string): string {
  return `${truncate(topicSlug(name), MAX_SLUG_LENGTH - TEXT_HASH_LENGTH - 1)}-${shortHash(topicKey(name))}`;
}

/** An article's slug: its title's slug plus a short hash of its identity, so that every article's is unique. */
export function articleSlug(article: { title: string; identityKey: string }): string {
  const identityHash = createHash('sha256').update(article.identityKey, 'utf8').digest('hex').slice(0, 8);
  return `${slugify(article.title)}-${identityHash}`;
}
