// Article.language at the ingest level: the source's tag wins, detection fills in, null when the text cannot
// tell, and a malformed tag is a load error naming the field.
import { describe, expect, it } from 'vitest';
import { detectLanguage, MIN_DETECTION_LETTERS, primaryLanguage, storyLanguage } from '../../src/ingest/language.js';
import { prepareDocument } from '../../src/ingest/pipeline.js';

const feed = (entry: Record<string, unknown>) =>
  new TextEncoder().encode(JSON.stringify({ page: 1, value: [{ webUrl: 'https://a.example/1', ...entry }] }));

describe('language', () => {
  it('takes the primary subtag of a BCP 47 tag, case-insensitively', () => {
    expect(primaryLanguage('en-us')).toBe('en');
    expect(primaryLanguage('zh-Hant-TW')).toBe('zh');
    expect(primaryLanguage('SR-latn-rs')).toBe('sr');
    expect(primaryLanguage('und')).toBeNull();
    expect(() => primaryLanguage('english please')).toThrow(RangeError);
    expect(() => primaryLanguage('English')).toThrow(RangeError); // well-formed, but no language code
  });

  it("prefers the source's tag to what the text looks like", () => {
    expect(storyLanguage({ sourceTag: 'de-AT', title: 'The harbor at the end of the season, as told in English' })).toBe('de');
    expect(storyLanguage({ title: 'The harbor at the end of the season, as told in English' })).toBe('en');
  });

  it(`gives null below ${MIN_DETECTION_LETTERS} letters and for text without a dominant script`, () => {
    expect(detectLanguage('Snow today')).toBeNull();
    expect(detectLanguage('Україна готується до зими. Енергетики відновлюють мережі перед холодами.')).toBe('uk');
    expect(detectLanguage('Київ готується')).toBeNull(); // 13
    expect(detectLanguage('Xi 习近平 visits Moscow 🇷🇺 — встреча с Путиным. A mixed-script headline.')).toBeNull();
  });

  it('maps franc’s individual languages to their macrolanguage tag', () => {
    expect(detectLanguage('中国经济增长放缓，第三季度增长低于预期。')).toBe('zh');
    expect(detectLanguage('مصر تفتتح المتحف المصري الكبير. افتتاح رسمي بعد سنوات من الانتظار.')).toBe('ar');
  });

  it('stores the locale of a feed entry, and refuses a malformed one naming the field', () => {
    const ok = prepareDocument('api:page', feed({ title: 'Short', locale: 'pt-BR' }));
    expect('document' in ok && ok.document.kind === 'articles' && ok.document.articles[0]!.language).toBe('pt');
    const bad = prepareDocument('api:page', feed({ title: 'Short', locale: 'Portuguese (Brazil)' }));
    expect(bad).toMatchObject({ status: 'failed', reason: expect.stringMatching(/value\[0\]\.locale: expected a BCP 47/) });
  });
});
