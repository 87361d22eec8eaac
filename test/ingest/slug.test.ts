import { describe, expect, it } from 'vitest';
import {
  articleSlug,
  disambiguatedTopicSlug,
  MAX_SLUG_LENGTH,
  slugify,
  TEXT_HASH_LENGTH,
  topicKey,
  topicSlug,
} from '../../src/ingest/slug.js';

describe('slugify', () => {
  it('joins lower-case ASCII words with "-", keeping apostrophes inside words', () => {
    expect(slugify("Ivanka played peacemaker in Trump and Pence's 'uncomfortable' first meeting")).toBe(
      'ivanka-played-peacemaker-in-trump-and-pences-uncomfortable-first-meeting',
    );
    expect(slugify('Trump’s ‘Big’ day — 2022!')).toBe('trumps-big-day-2022');
  });

  it('folds diacritics and special letters', () => {
    expect(slugify('Café Niño Straße Ærø Łódź')).toBe('cafe-nino-strasse-aero-lodz');
    expect(slugify('Q&A: Who can vote?')).toBe('q-and-a-who-can-vote');
  });

  it('stays within the length limit, cutting at a word boundary', () => {
    const title = 'Ivanka Trump tried to set up ‘peacemaking’ dinner with Hillary Clinton at father’s request';
    const slug = slugify(title);
    expect(slug).toBe('ivanka-trump-tried-to-set-up-peacemaking-dinner-with-hillary-clinton-at-fathers');
    expect(slug.length).toBeLessThanOrEqual(MAX_SLUG_LENGTH);
    expect(slugify('x'.repeat(200))).toBe('x'.repeat(MAX_SLUG_LENGTH));
  });

  it('is never empty', () => {
    expect(slugify('')).toBe('untitled');
    expect(slugify('“—”')).toBe('untitled');
    expect(topicSlug('   ')).toBe('topic');
  });

  it('gives topics the same rules', () => {
    expect(topicSlug('Mike  Pence')).toBe('mike-pence');
    expect(topicSlug('Democratic Voice')).toBe(slugify('Democratic Voice'));
  });
});

describe('slugs in other scripts', () => {
  it('transliterates Cyrillic, Greek and Latin with marks into readable words', () => {
    expect(slugify('Україна сьогодні')).toBe('ukrayina-sogodni');
    expect(topicSlug('Россия')).toBe('rossiya');
    expect(topicSlug('Ελλάδα')).toBe('ellada');
    expect(topicSlug('Łódź Straße')).toBe('lodz-strasse');
  });

  it('gives scripts without transliteration a hash unique per text, never a shared constant', () => {
    const names = ['中国', '日本', 'مصر', 'ישראל', 'भारत', 'ประเทศไทย', '대한민국'];
    const slugs = names.map(topicSlug);
    for (const slug of slugs) expect(slug).toMatch(new RegExp(`^[0-9a-f]{${TEXT_HASH_LENGTH}}$`));
    expect(new Set(slugs).size).toBe(names.length);
    expect(topicSlug('中国')).toBe(topicSlug('中国')); // stable
    expect(slugify('選挙')).not.toBe(slugify('選挙結果'));
    expect(slugify('選挙')).not.toBe('untitled');
  });

  it('keeps the readable words of a mixed-script text and adds the hash', () => {
    expect(slugify('Xi 习近平 visits Moscow 🇷🇺')).toMatch(new RegExp(`^xi-visits-moscow-[0-9a-f]{${TEXT_HASH_LENGTH}}$`));
  });

  it('gives case and width variants of a topic the same key and slug, other names other keys', () => {
    expect(topicKey('ＵＫＲＡＩＮＥ')).toBe(topicKey('Ukraine'));
    expect(topicKey('ΕΛΛΆΔΑ')).toBe(topicKey('Ελλάδα'));
    expect(topicSlug('中國')).not.toBe(topicSlug('中国'));
    expect(topicSlug('ﾆｭｰｽ')).toBe(topicSlug('ニュース'));
    expect(topicKey('Café')).not.toBe(topicKey('Cafe'));
    const keys = ['Україна', 'Россия', '中国', 'Ελλάδα', 'مصر'].map(topicKey);
    expect(new Set(keys).size).toBe(5);
  });

  it('disambiguates a taken topic slug with the hash of its key', () => {
    expect(disambiguatedTopicSlug('Café')).toMatch(new RegExp(`^cafe-[0-9a-f]{${TEXT_HASH_LENGTH}}$`));
    expect(disambiguatedTopicSlug('Café')).not.toBe(disambiguatedTopicSlug('Cafe'));
  });

  it('makes article slugs of the title plus an identity hash', () => {
    expect(articleSlug({ title: 'Россия и Китай', identityKey: 'https://a.ru/1' })).toMatch(/^rossiya-i-kitay-[0-9a-f]{8}$/);
    expect(articleSlug({ title: '中国', identityKey: 'https://a.cn/1' })).not.toBe(
      articleSlug({ title: '中国', identityKey: 'https://a.cn/2' }),
    );
  });
});
