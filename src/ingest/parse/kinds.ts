// Which front-matter files are articles. Smartable sites keep events, people and collections in the
// same format; those are well-formed files we skip, not failures.

/** `type` values (compared case-insensitively) that mark a non-article, and the kind reported for each. */
export const NON_ARTICLE_TYPES: Readonly<Record<string, string>> = {
  conference: 'event',
  event: 'event',
  profile: 'profile',
  collection: 'collection',
};

/** Reported for a file that has a `name` but no `title` and no recognized non-article `type`. */
export const UNTITLED_ENTITY_KIND = 'entity';

const hasText = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/**
 * The kind to skip this front matter as, or null when it is an article. Articles include any other
 * `type` ("article", "video") and an empty one (the learning article has a bare `type:`).
 */
export function nonArticleKind(fields: Readonly<Record<string, unknown>>): string | null {
  const type = typeof fields.type === 'string' ? fields.type.trim().toLowerCase() : '';
  const typeKind = NON_ARTICLE_TYPES[type];
  if (typeKind) return typeKind;
  // Profiles and events are named; articles are titled.
  if (hasText(fields.name) && !hasText(fields.title)) return UNTITLED_ENTITY_KIND;
  return null;
}
