// URL slugs: lower-case ASCII words joined by "-". The loader appends a short hash for uniqueness.

export const MAX_SLUG_LENGTH = 80;

// Letters that Unicode decomposition (NFKD) does not split into an ASCII base plus a mark.
const LETTER_FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
};

function slugWords(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđðłþıħ]/g, (letter) => LETTER_FOLDS[letter] ?? letter)
    // Apostrophes join a word ("father’s" -> "fathers") instead of splitting it.
    .replace(/['’ʼ‘`]/g, '')
    .replace(/&/g, ' and ');
  const joined = folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (joined.length <= MAX_SLUG_LENGTH) return joined;
  // Cut at a word boundary when there is one reasonably close to the limit.
  const cut = joined.slice(0, MAX_SLUG_LENGTH + 1);
  const lastDash = cut.lastIndexOf('-');
  return (lastDash >= MAX_SLUG_LENGTH / 2 ? cut.slice(0, lastDash) : joined.slice(0, MAX_SLUG_LENGTH)).replace(/-+$/, '');
}

/** Slug of an article title, e.g. "Trump’s ‘Big’ Día" -> "trumps-big-dia". Never empty. */
export function slugify(title: string): string {
  return slugWords(title) || 'untitled';
}

/** Slug of a topic name (same rules as titles). Never empty. */
export function topicSlug(name: string): string {
  return slugWords(name) || 'topic';
}
