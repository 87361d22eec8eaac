import { describe, expect, it } from 'vitest';
import { MAX_SLUG_LENGTH, slugify, topicSlug } from '../../src/ingest/slug.js';

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
    expect(slugify('選挙')).toBe('untitled');
    expect(topicSlug('   ')).toBe('topic');
  });

  it('gives topics the same rules', () => {
    expect(topicSlug('Mike  Pence')).toBe('mike-pence');
    expect(topicSlug('Democratic Voice')).toBe(slugify('Democratic Voice'));
  });
});
