// Article.language at the ingest level: the source's tag wins, detection fills in, null when the text cannot
// tell, and a stated value that is no usable tag is ignored (never a load error).
import { describe, expect, it } from 'vitest';
import {
  detectLanguage,
  MIN_DETECTION_LETTERS,
  MIN_TRIGRAM_LETTERS,
  primaryLanguage,
  storyLanguage,
} from '../../src/ingest/language.js';
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
    const title = 'The harbor at the end of the season, as told in English by the people who work on the ferries';
    expect(storyLanguage({ sourceTag: 'de-AT', title })).toBe('de');
    expect(storyLanguage({ title })).toBe('en');
  });

  it(`gives null below ${MIN_DETECTION_LETTERS} letters and for text without a dominant script`, () => {
    expect(detectLanguage('Snow today')).toBeNull();
    expect(detectLanguage('Україна готується до зими. Енергетики відновлюють мережі перед холодами.')).toBe('uk');
    expect(detectLanguage('Київ готується')).toBeNull(); // 13
    expect(detectLanguage('Xi 习近平 visits Moscow 🇷🇺 — встреча с Путиным. A mixed-script headline.')).toBeNull();
  });

  it(`needs ${MIN_TRIGRAM_LETTERS} letters and a clear winner where the script alone does not tell`, () => {
    // franc read these as French, Estonian and Malagasy: short Latin text is not enough to tell.
    for (const headline of ['Senate passes budget bill', 'Storm hits Florida coast', 'Heavy rain floods London streets']) {
      expect(detectLanguage(headline)).toBeNull();
    }
    expect(detectLanguage('Heavy rain floods London streets as the river breaks its banks and trains stop running')).toBe('en');
    // One script, one language: Greek needs no statistics.
    expect(detectLanguage('Η Ελλάδα υποδέχεται ρεκόρ τουριστών')).toBe('el');
  });

  it('maps franc’s individual languages to their macrolanguage tag', () => {
    expect(detectLanguage('中国经济增长放缓，第三季度增长低于预期。')).toBe('zh');
    expect(detectLanguage('افتتحت مصر المتحف المصري الكبير قرب أهرامات الجيزة بحضور عدد كبير من الضيوف والزوار.')).toBe('ar');
  });

  it('stores the locale of a feed entry; a value that is no usable tag is ignored and the text tells', () => {
    const ok = prepareDocument('api:page', feed({ title: 'Short', locale: 'pt-BR' }));
    expect('document' in ok && ok.document.kind === 'articles' && ok.document.articles[0]!.language).toBe('pt');
    const page = new TextEncoder().encode(
      JSON.stringify({
        page: 1,
        value: [
          { webUrl: 'https://a.example/1', title: 'Short', locale: 'Portuguese (Brazil)' },
          { webUrl: 'https://a.example/2', title: 'Short', locale: 'pt_BR' },
        ],
      }),
    );
    const both = prepareDocument('api:page', page);
    expect('document' in both && both.document.kind === 'articles' && both.document.articles.map((a) => a.language)).toEqual([
      null,
      'pt',
    ]);
  });

  it('reads front matter locale en_US, and ignores language: English or a list', () => {
    const body = 'Lawmakers approved the spending plan late on Tuesday after a long debate about schools and roads.';
    const doc = (line: string) =>
      prepareDocument(
        'a.md',
        new TextEncoder().encode(`---\ntitle: Budget\nwebUrl: https://a.example/b\n${line}\n---\n${body}\n`),
      );
    const language = (line: string) => {
      const result = doc(line);
      expect(result).not.toHaveProperty('status', 'failed');
      return 'document' in result && result.document.kind === 'articles' ? result.document.articles[0]!.language : undefined;
    };
    expect(language('locale: en_US')).toBe('en');
    expect(language('locale: fr_FR')).toBe('fr');
    expect(language('language: English')).toBe('en');
    expect(language('language: [en, fr]')).toBe('en');
    expect(language('language: 42')).toBe('en');
  });

  it('names a language one way: no is nb, tl is fil, iw is he', () => {
    expect(primaryLanguage('no')).toBe('nb');
    expect(primaryLanguage('no_NO')).toBe('nb');
    expect(primaryLanguage('tl')).toBe('fil');
    expect(primaryLanguage('iw')).toBe('he');
  });
});
