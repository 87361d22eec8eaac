// The fast ranking (src/ingest/trigram-languages.ts) must answer as francAll does, to the last digit and in
// the same order, and detectLanguage as the detector it replaced (test/helpers/language-reference.ts): over
// texts of many scripts, short and ambiguous ones, edge cases of franc's own rules, and every text of the
// fixtures cut into lines and into each line's first words.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { francAll } from 'franc';
import { expressions } from 'franc/expressions.js';
import { describe, expect, it } from 'vitest';
import { detectLanguage, LANGUAGE_CANDIDATES, MIN_DETECTION_MARGIN } from '../../src/ingest/language.js';
import { createLanguageRanker } from '../../src/ingest/trigram-languages.js';
import { FIXTURE_CORPUS_DIR, listFiles } from '../helpers/fixtures.js';
import { francCandidates, referenceDetectLanguage } from '../helpers/language-reference.js';

/** test/fixtures: the corpus, world and world-feed fixtures. */
const FIXTURES = dirname(FIXTURE_CORPUS_DIR);

const SENTENCES = [
  'The harbor at the end of the season, as told in English by the people who work on the ferries',
  'Senate passes budget bill',
  'Le gouvernement a présenté mardi un projet de loi sur le logement et les transports publics.',
  'Die Regierung hat am Dienstag einen Gesetzentwurf über Wohnungen und öffentlichen Verkehr vorgestellt.',
  'El gobierno presentó el martes un proyecto de ley sobre vivienda y transporte público.',
  'O governo apresentou na terça-feira um projeto de lei sobre habitação e transporte público.',
  'Il governo ha presentato martedì un disegno di legge sulla casa e sui trasporti pubblici.',
  'De regering heeft dinsdag een wetsvoorstel over wonen en openbaar vervoer gepresenteerd.',
  'Rząd przedstawił we wtorek projekt ustawy o mieszkalnictwie i transporcie publicznym.',
  'Hükümet salı günü konut ve toplu taşıma hakkında bir yasa tasarısı sundu. İstanbul’da İzmir’de',
  'Правительство во вторник представило законопроект о жилье и общественном транспорте.',
  'Україна готується до зими. Енергетики відновлюють мережі перед холодами.',
  'Правителството представи във вторник законопроект за жилищата и обществения транспорт.',
  'افتتحت مصر المتحف المصري الكبير قرب أهرامات الجيزة بحضور عدد كبير من الضيوف والزوار.',
  'دولت روز سه‌شنبه لایحه‌ای درباره مسکن و حمل و نقل عمومی ارائه کرد.',
  'حکومت نے منگل کو رہائش اور پبلک ٹرانسپورٹ کے بارے میں ایک بل پیش کیا۔',
  'सरकार ने मंगलवार को आवास और सार्वजनिक परिवहन पर एक विधेयक पेश किया।',
  'सरकारने मंगळवारी गृहनिर्माण आणि सार्वजनिक वाहतुकीवर एक विधेयक सादर केले.',
  'הממשלה הציגה ביום שלישי הצעת חוק בנושא דיור ותחבורה ציבורית.',
  'Η Ελλάδα υποδέχεται ρεκόρ τουριστών',
  '中国经济增长放缓，第三季度增长低于预期。',
  '政府は火曜日、住宅と公共交通に関する法案を提出した。',
  '정부는 화요일 주택과 대중교통에 관한 법안을 제출했다.',
  'รัฐบาลเสนอร่างกฎหมายเกี่ยวกับที่อยู่อาศัยและการขนส่งสาธารณะเมื่อวันอังคาร',
  'መንግሥት ማክሰኞ ስለ መኖሪያ ቤትና የሕዝብ ትራንስፖርት ረቂቅ ሕግ አቅርቧል።',
  'Xi 习近平 visits Moscow 🇷🇺 — встреча с Путиным. A mixed-script headline.',
  '𠀀𠀁𠀂 𪚥𪚥 astral Han, 😀😀😀 emoji, and a lone \ud800 high and \udc00 low surrogate',
  '1234 5678 !!! ??? --- 2020-11-03',
  '   \n\t  ',
  'a',
  'İIıi ǅǈ ẞß ﬁﬂ',
  // Letters with marks of another script: a letter counts for the first script in the list any of its code points is in.
  `${[...'abcdefghijklmnopqrst'].map((letter) => `${letter}\u0e31`).join('')} รัฐบาลเสนอร่างกฎหมายเกี่ยวกับที่อยู่อาศัย`,
  `${[...'सरकारनेमंगलवारकोआवास'].join('\u0301')} Latin letters a few`,
];

/** Every prefix of up to 40 words and the whole: short text is where answers are close. */
function cuts(text: string): string[] {
  const words = text.trim().split(/\s+/);
  return [text, ...words.slice(0, 40).map((_, n) => words.slice(0, n + 1).join(' '))];
}

function fixtureTexts(): string[] {
  const texts = new Set<string>();
  for (const file of listFiles(FIXTURES)) {
    const raw = readFileSync(file, 'utf8');
    texts.add(raw);
    for (const line of raw.split('\n')) for (const cut of cuts(line)) texts.add(cut);
  }
  return [...texts];
}

const long = (a: string, b: string) => `${a.repeat(Math.ceil(2100 / a.length)).slice(0, 2047)}${b}`;
// Around franc's 2,048-character cut: a surrogate pair split by it, and a script that starts after it.
const EDGES = [
  long('Ελλάδα ', '𠀀 Moscow'),
  long('The harbor at the end ', '中国经济增长放缓，第三季度增长低于预期。'.repeat(200)),
];

const texts = [...SENTENCES.flatMap(cuts), ...EDGES, ...fixtureTexts()];
const rank = createLanguageRanker(LANGUAGE_CANDIDATES);
const francRankings = new Map<string, ReturnType<typeof francCandidates>>();
const francRanking = (text: string) => {
  const ranking = francRankings.get(text) ?? francCandidates(text);
  francRankings.set(text, ranking);
  return ranking;
};

describe('language ranking equals franc', () => {
  it('no franc script expression matches a lone surrogate (the code-point count relies on it)', () => {
    for (const expression of Object.values(expressions)) {
      const single = new RegExp(expression.source);
      for (let unit = 0xd800; unit <= 0xdfff; unit++) expect(single.test(String.fromCharCode(unit))).toBe(false);
    }
  });

  it(`ranks like francAll over ${texts.length} texts, in full and the first two`, () => {
    let differing = 0;
    for (const text of texts) {
      if (JSON.stringify(rank(text)) !== JSON.stringify(francRanking(text))) differing++;
      expect(rank(text, 2)).toEqual(francRanking(text).slice(0, 2));
    }
    expect(differing).toBe(0);
  }, 60_000);

  it("ranks like francAll among all of franc's languages, whatever the order of `only`", () => {
    const all = createLanguageRanker([]);
    const reversed = createLanguageRanker([...LANGUAGE_CANDIDATES].reverse());
    for (const text of [...SENTENCES.flatMap(cuts), ...EDGES]) {
      expect(all(text)).toEqual(francAll(text, { minLength: 1 }));
      expect(reversed(text)).toEqual(francRanking(text));
    }
  }, 60_000);

  it('detects as the detector it replaced, on texts that reach every rule', () => {
    const answers = new Map<string | null, number>();
    for (const text of texts) {
      const answer = detectLanguage(text);
      expect(answer, text).toBe(referenceDetectLanguage(text));
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
    }
    // The comparison means something only if the texts lead to many answers, null among them.
    expect(answers.get(null)).toBeGreaterThan(0);
    expect(answers.size).toBeGreaterThan(15);
  }, 60_000);

  it('compares texts where a small difference would change the answer (negative control)', () => {
    // Ties at the top: the winner is the first in franc's order, so that order must be kept.
    expect(texts.some((text) => francRanking(text)[1]?.[1] === 1)).toBe(true);
    // Runners-up close to the margin: normalization must be franc's to the last digit.
    expect(texts.some((text) => Math.abs((francRanking(text)[1]?.[1] ?? 0) - MIN_DETECTION_MARGIN) < 0.005)).toBe(true);
    // Past franc's 2,048 characters another script begins: reading further would change the answer.
    const edge = EDGES[1]!;
    expect(francRanking(edge)[0]![0]).not.toBe(francCandidates(edge.slice(2048))[0]![0]);
  }, 60_000);
});
