// Language, search and the news filters over stories in many scripts (test/fixtures/world and the JSON feed
// page test/fixtures/world-feed, whose entries state a locale). Run on SQLite and, with TEST_DB=postgresql, on
// PostgreSQL: the expectations are the same facts about the fixtures, so both databases give the same answers.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LIST_SIZE } from '../../src/graphql/paging.js';
import { seed } from '../../src/ingest/seed.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { type Client, captureLogger, clientOf } from '../helpers/server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const fixtures = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

const UKRAINE = 'Україна готується до зими';
const KYIV = 'Київ відкриває нові пункти незламності';
const CHINA = '中国经济增长放缓 📉';
const TOKYO = '東京で初雪、平年より早く';
const CAFE = 'Café y política en Bogotá ☕';
const GREECE = 'Η Ελλάδα υποδέχεται ρεκόρ τουριστών';
const EGYPT = 'مصر تفتتح المتحف المصري الكبير';
const ISRAEL = 'ישראל: בחירות לרשויות המקומיות';
const INDIA = 'भारत में चुनाव की तैयारी';
const RUSSIA = 'Россия и Китай подписали соглашение';
const MIXED = 'Xi 习近平 visits Moscow 🇷🇺 — встреча с Путиным';
const BRAZIL = 'Inflação no Brasil desacelera em outubro';
const BERLIN = 'Berliner Verkehrsbetriebe kündigen Streik an';
const BELGRADE = 'Beograd danas';
const SNOW = 'Snow today';
const HARBOR = 'The harbor at the end of the season';

let database: TestDatabase;
let client: Client;
beforeAll(async () => {
  database = await createTestDatabase();
  const summary = await seed(database.db.prisma, [fixtures('world'), fixtures('world-feed')]);
  expect(summary.failures).toEqual([]);
  client = clientOf(createNewsYoga({ db: database.db, logger: captureLogger([]) }));
});
afterAll(() => database?.drop());

const LIST = `query($filter: ArticleFilter, $orderBy: ArticleOrder) {
  articles(first: 100, filter: $filter, orderBy: $orderBy) { totalCount edges { node { title language } } }
}`;

async function list(filter: Record<string, unknown>, orderBy?: string) {
  const res = await client.graphql(LIST, { filter, orderBy });
  expect(res.errors).toBeUndefined();
  const { totalCount, edges } = res.data.articles;
  expect(edges).toHaveLength(totalCount);
  return edges.map((e: any) => e.node) as { title: string; language: string | null }[];
}
const titles = async (filter: Record<string, unknown>) => (await list(filter)).map((a) => a.title).sort();
const found = (text: string) => titles({ search: text });

describe('Article.language', () => {
  it("is the source's locale where it gives one, else detected, else null", async () => {
    const languages = Object.fromEntries((await list({})).map((a) => [a.title, a.language]));
    expect(languages).toEqual({
      [UKRAINE]: 'uk',
      [KYIV]: 'uk', // plain text
      [CHINA]: 'zh',
      [TOKYO]: 'ja', // plain text
      [CAFE]: 'es',
      [GREECE]: 'el',
      [EGYPT]: 'ar',
      [ISRAEL]: 'he',
      [INDIA]: 'hi',
      [RUSSIA]: 'ru',
      [MIXED]: null, // English, Chinese and Russian in one headline: no single language is true
      [BRAZIL]: 'pt', // locale pt-BR
      [BERLIN]: 'de', // locale de-DE
      [BELGRADE]: 'sr', // locale sr-Latn-RS, though the text is too short to detect
      [SNOW]: null, // no locale, under the minimum amount of text
      [HARBOR]: 'en', // locale en-us
    });
  });
});

describe('search', () => {
  it('finds words in every script, whatever their case or Latin, Greek or Cyrillic diacritics', async () => {
    expect(await found('Київ')).toEqual([KYIV]);
    expect(await found('КИЇВ')).toEqual([KYIV]);
    expect(await found('україна')).toEqual([UKRAINE]);
    expect(await found('ελλαδα')).toEqual([GREECE]);
    expect(await found('ΕΛΛΆΔΑ')).toEqual([GREECE]);
    expect(await found('CAFE')).toEqual([CAFE]);
    expect(await found('política')).toEqual([CAFE]);
    expect(await found('مصر')).toEqual([EGYPT]);
    expect(await found('ישראל')).toEqual([ISRAEL]);
    expect(await found('चुनाव')).toEqual([INDIA]);
    expect(await found('путиным')).toEqual([MIXED]);
    expect(await found('inflacao')).toEqual([BRAZIL]);
  });

  it('finds Chinese and Japanese words inside text written without spaces', async () => {
    expect(await found('中国')).toEqual([CHINA]);
    expect(await found('增长')).toEqual([CHINA]);
    expect(await found('预期')).toEqual([CHINA]);
    expect(await found('初雪')).toEqual([TOKYO]);
    expect(await found('東京')).toEqual([TOKYO]);
    expect(await found('习近平')).toEqual([MIXED]);
  });

  it('needs every word, and never ignores one as a stopword', async () => {
    expect(await found('the')).toEqual([HARBOR]);
    expect(await found('THE end')).toEqual([HARBOR]);
    expect(await found('Україна зими')).toEqual([UKRAINE]);
    expect(await found('Україна Китай')).toEqual([]);
    expect(await found('中国 東京')).toEqual([]);
    // A word is a whole word: a part of one finds nothing.
    expect(await found('Укр')).toEqual([]);
  });

  it('matches other forms of English words (Porter stems)', async () => {
    expect(await found('ferry')).toEqual([HARBOR]); // "Ferries"
    expect(await found('seasons')).toEqual([HARBOR]);
  });

  it('orders by relevance: a word in the title before the same word in the body', async () => {
    const ranked = await list({ search: 'harbor' }, 'RELEVANCE');
    expect(ranked.map((a) => a.title)).toEqual([HARBOR, BERLIN]);
  });
});

describe('ArticleFilter', () => {
  it('filters by language, by its primary subtag', async () => {
    expect(await titles({ language: 'uk' })).toEqual([UKRAINE, KYIV].sort());
    expect(await titles({ language: 'UK-ua' })).toEqual([UKRAINE, KYIV].sort());
    expect(await titles({ language: 'sr-Latn' })).toEqual([BELGRADE]);
    expect(await titles({ language: 'en_US' })).toEqual([HARBOR]); // POSIX form, as the loader reads it
    expect(await titles({ language: 'no' })).toEqual(await titles({ language: 'nb' }));
    const res = await client.graphql(LIST, { filter: { language: 'not a tag!' } });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/filter\.language/);
  });

  it('filters by any of several topics, by name or slug in any script', async () => {
    expect(await titles({ topics: ['Economia', 'verkehr'] })).toEqual([BRAZIL, BERLIN, HARBOR].sort());
    expect(await titles({ topics: ['ελλάδα', 'Srbija'] })).toEqual([GREECE, BELGRADE].sort());
    expect(await titles({ topics: [] })).toHaveLength((await list({})).length);
  });

  it('filters by provider domains, in or out, as domains are normalized', async () => {
    const all = await titles({});
    expect(await titles({ providerDomains: ['wire.example', 'WWW.Nachrichten.Berlin.example'] })).toEqual(
      [SNOW, HARBOR, BERLIN].sort(),
    );
    const outside = await titles({ excludeProviderDomains: ['wire.example', 'vesti.beograd.example'] });
    expect(outside).toEqual(all.filter((t) => ![SNOW, HARBOR, BELGRADE].includes(t)));
  });

  it('filters by whether an article has an image', async () => {
    const all = await titles({});
    expect(await titles({ hasImage: true })).toEqual([BRAZIL, BELGRADE, HARBOR].sort());
    expect(await titles({ hasImage: false })).toEqual(all.filter((t) => ![BRAZIL, BELGRADE, HARBOR].includes(t)));
  });

  it('combines every condition with search', async () => {
    expect(await titles({ search: 'the', language: 'en', hasImage: true, topics: ['Economia'] })).toEqual([HARBOR]);
    expect(await titles({ search: 'the', language: 'de' })).toEqual([]);
  });

  it('means the same on Provider.articles and Topic.articles', async () => {
    const res = await client.graphql(
      `{ provider(domain: "wire.example") { articles(filter: { hasImage: true }) { edges { node { title } } } }
         topic(slug: "Economia") { articles(filter: { language: "pt", providerDomains: ["noticias.saopaulo.example"] }) {
           edges { node { title } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.provider.articles.edges.map((e: any) => e.node.title)).toEqual([HARBOR]);
    expect(res.data.topic.articles.edges.map((e: any) => e.node.title)).toEqual([BRAZIL]);
  });

  it('refuses an empty string in every field, instead of reading it as no condition in some', async () => {
    const fields: Record<string, unknown>[] = [
      { topic: '' },
      { providerDomain: '' },
      { language: '' },
      { type: '' },
      { category: '' },
      { search: ' ' },
      { topics: ['Economia', ''] },
      { providerDomains: [''] },
      { excludeProviderDomains: [''] },
    ];
    for (const filter of fields) {
      const res = await client.graphql(LIST, { filter });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(new RegExp(`^filter\\.${Object.keys(filter)[0]}(\\[\\d+\\])? must not be empty`));
    }
  });

  it(`takes at most ${MAX_LIST_SIZE} values in a list`, async () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `site${i}.example`);
    expect(await titles({ excludeProviderDomains: values(MAX_LIST_SIZE) })).toHaveLength((await list({})).length);
    for (const field of ['topics', 'providerDomains', 'excludeProviderDomains']) {
      const res = await client.graphql(LIST, { filter: { [field]: values(MAX_LIST_SIZE + 1) } });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toContain(`filter.${field} takes at most ${MAX_LIST_SIZE} values`);
    }
  });
});
