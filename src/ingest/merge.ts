// Deterministic merge rules. Each rule picks the same winner whatever order the inputs arrive in, so
// seeding a set of files gives the same rows in any order (and on any number of concurrent seeders).
import { createHash } from 'node:crypto';
import { storyLanguage } from './language.js';
import type { ArticleRecord, ImageRecord, ProviderRecord, RelatedRecord } from './types.js';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A record as stored in article_version.record; dates become ISO strings. */
export function serializeRecord(record: ArticleRecord): string {
  return JSON.stringify(record);
}

export function deserializeRecord(json: string): ArticleRecord {
  const raw = JSON.parse(json) as ArticleRecord;
  const date = (value: Date | string | null) => (value === null ? null : new Date(value));
  // Records stored before PIPELINE_VERSION 3 have no language: detected now, as reading the file again would.
  return {
    ...raw,
    publishedAt: date(raw.publishedAt),
    language: raw.language === undefined ? storyLanguage(raw) : raw.language,
    related: raw.related.map((r) => ({
      ...r,
      publishedAt: date(r.publishedAt),
      language: r.language === undefined ? storyLanguage(r) : r.language,
    })),
  };
}

export interface Version {
  record: ArticleRecord;
  contentHash: string;
}

/**
 * Versions of one story (same identity, from several files): the best-ranked version wins whole.
 * Rank: higher quality, then higher heat, then published over unpublished over unknown, then the greater
 * content hash (an arbitrary but stable last resort).
 */
export function compareVersions(a: Version, b: Version): number {
  return (
    compareNullableNumbers(a.record.quality, b.record.quality) ||
    compareNullableNumbers(a.record.heat, b.record.heat) ||
    publishedRank(a.record.published) - publishedRank(b.record.published) ||
    compareStrings(a.contentHash, b.contentHash)
  );
}

export function pickWinner<T extends Version>(versions: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const v of versions) if (!best || compareVersions(v, best) > 0) best = v;
  return best;
}

/**
 * A related story described by several articles: the entry with the higher quality wins, then the greater
 * hash of the entry. Returns > 0 when `a` should replace `b`.
 */
export function compareRelatedEntries(
  a: { quality: number | null; hash: string },
  b: { quality: number | null; hash: string },
): number {
  return compareNullableNumbers(a.quality, b.quality) || compareStrings(a.hash, b.hash);
}

const entryHashes = new WeakMap<RelatedRecord, string>();

/** Memoized per entry object: the writer asks for one entry's hash several times. */
export function relatedEntryHash(entry: RelatedRecord): string {
  const known = entryHashes.get(entry);
  if (known !== undefined) return known;
  const hash = sha256(JSON.stringify(entry));
  entryHashes.set(entry, hash);
  return hash;
}

/**
 * One provider (domain) named differently by different files: the description with logo images wins,
 * then the longer name ("ABC News" over "ABC"), then the smaller name, then the smaller image list.
 * Returns > 0 when `a` should replace `b`.
 */
export function compareProviders(a: ProviderRecord, b: ProviderRecord): number {
  return (
    Number(a.images.length > 0) - Number(b.images.length > 0) ||
    a.name.length - b.name.length ||
    compareStrings(b.name, a.name) ||
    compareStrings(imagesKey(b.images), imagesKey(a.images))
  );
}

/** Images as a string independent of property order (records from files and from the database differ). */
function imagesKey(images: readonly ImageRecord[]): string {
  return JSON.stringify(images.map((i) => [i.url, i.width, i.height, i.isCached]));
}

/** Topic display name when spellings differ only in case or width (same topicKey): the smaller string wins. */
export function preferredTopicName(a: string, b: string): string {
  return compareStrings(a, b) <= 0 ? a : b;
}

function compareNullableNumbers(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}

function publishedRank(published: boolean | null): number {
  return published === true ? 2 : published === false ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
