// The search rule's edges on both databases (run with TEST_DB=postgresql for PostgreSQL): text without spaces
// between words, rare characters, very long bodies, long queries, right-to-left scripts and Cyrillic letters
// that are not diacritics. Stories are written as front matter files into a temporary directory and seeded.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DISTINCT_TOKENS, MAX_QUERY_TOKENS, MAX_TOKEN_CHARS } from '../../src/ingest/search-text.js';
import { seed } from '../../src/ingest/seed.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { type Client, captureLogger, clientOf } from '../helpers/server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/** Story titles by file name; a story's body, where it has one, is in BODIES. */
const TITLES: Record<string, string> = {
  shanghai: '上海市政府发布通知',
  beijing: '北京市',
  tokyo: '東京都知事選挙',
  thai: 'ข่าวประเทศไทยวันนี้',
  seoul: '서울에서',
  // CJK Extension H, Kawi and Tangut: letters PostgreSQL 15's parser drops under C.UTF-8, SQLite keeps.
  rare: '\u{31350}\u{31351} \u{11F04}\u{11F05} \u{17000}\u{17001}',
  huge: 'A word list as a body',
  arabic: 'مُحَمَّد أَحمد في مـصـر',
  persian: 'کتاب ایران',
  hebrew: 'שָׁלוֹם עֲלֵיכֶם',
  myHouse: 'мой дом',
  myHouses: 'мои дома',
  yolka: 'Новогодняя ёлка',
};
/** 140,000 distinct words in under 1,000,000 characters: more than PostgreSQL takes in one tsvector. */
const HUGE_WORDS = Array.from({ length: 140_000 }, (_, i) => `${i.toString(36)}0`);
const BODIES: Record<string, string> = { huge: HUGE_WORDS.join(' ') };

let database: TestDatabase;
let client: Client;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'search-rule-'));
  for (const [name, title] of Object.entries(TITLES)) {
    const front = `---\ntitle: ${JSON.stringify(title)}\nwebUrl: https://search.example/${name}\n---\n`;
    writeFileSync(join(dir, `${name}.md`), `${front}${BODIES[name] ?? ''}\n`);
  }
  database = await createTestDatabase();
  const summary = await seed(database.db.prisma, [dir]);
  expect(summary.failures).toEqual([]);
  client = clientOf(createNewsYoga({ db: database.db, logger: captureLogger([]) }));
}, 60_000);
afterAll(async () => {
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function search(text: string) {
  return client.graphql('query($f: ArticleFilter) { articles(first: 100, filter: $f) { edges { node { title } } } }', {
    f: { search: text },
  });
}
async function found(text: string): Promise<string[]> {
  const res = await search(text);
  expect(res.errors).toBeUndefined();
  return res.data.articles.edges.map((e: any) => e.node.title).sort();
}

describe('search in text without spaces between words', () => {
  it('finds a shorter word inside a longer one the segmenter would keep whole', async () => {
    expect(await found('上海')).toEqual([TITLES.shanghai]);
    expect(await found('北京')).toEqual([TITLES.beijing]);
    expect(await found('知事')).toEqual([TITLES.tokyo]);
    expect(await found('ไทย')).toEqual([TITLES.thai]);
    expect(await found('서울')).toEqual([TITLES.seoul]);
  });

  it('needs every pair of characters, and finds a single character', async () => {
    expect(await found('政府通知')).toEqual([]); // 府通 is not in the story
    expect(await found('政府 通知')).toEqual([TITLES.shanghai]);
    expect(await found('市')).toEqual([TITLES.beijing, TITLES.shanghai].sort());
    expect(await found('東京大阪')).toEqual([]);
  });
});

describe('search over letters a database might not know', () => {
  it('finds them the same on both databases (tokens are stored as ASCII)', async () => {
    expect(await found('\u{31350}\u{31351}')).toEqual([TITLES.rare]);
    expect(await found('\u{11F04}\u{11F05}')).toEqual([TITLES.rare]);
    expect(await found('\u{17001}')).toEqual([TITLES.rare]);
  });
});

describe('a body with more distinct words than a search document keeps', () => {
  it(`loads, and indexes its first ${MAX_DISTINCT_TOKENS} distinct words`, async () => {
    expect(BODIES.huge!.length).toBeLessThan(1_000_000);
    expect(await found('word list')).toEqual([TITLES.huge]);
    expect(await found(HUGE_WORDS[0]!)).toEqual([TITLES.huge]);
    expect(await found(HUGE_WORDS[MAX_DISTINCT_TOKENS - 1]!)).toEqual([TITLES.huge]);
    expect(await found(HUGE_WORDS[MAX_DISTINCT_TOKENS]!)).toEqual([]);
  });
});

describe('every word of a query must match', () => {
  it(`takes up to ${MAX_QUERY_TOKENS} words, and refuses more instead of ignoring some`, async () => {
    const words = (n: number) => ['word', ...Array.from({ length: n - 1 }, (_, i) => `as${i}`)].join(' ');
    expect(await found(words(1))).toEqual([TITLES.huge]);
    expect(await found(words(MAX_QUERY_TOKENS))).toEqual([]);
    const res = await search(words(MAX_QUERY_TOKENS + 1));
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain(`filter.search takes at most ${MAX_QUERY_TOKENS} distinct words`);
  });

  it('finds nothing for a word longer than any stored one', async () => {
    expect(await found(`word ${'a'.repeat(MAX_TOKEN_CHARS)}`)).toEqual([]);
    expect(await found(`word ${'a'.repeat(MAX_TOKEN_CHARS + 1)}`)).toEqual([]);
    expect(await found(`word ${'б'.repeat(10_000)}`)).toEqual([]);
  });
});

describe('right-to-left scripts and Cyrillic letters', () => {
  it('ignores Arabic harakat and tatweel and Hebrew points, and unifies alef, yeh and kaf forms', async () => {
    expect(await found('محمد')).toEqual([TITLES.arabic]);
    expect(await found('احمد مصر')).toEqual([TITLES.arabic]);
    expect(await found('إحمد')).toEqual([TITLES.arabic]);
    expect(await found('كتاب ايران')).toEqual([TITLES.persian]);
    expect(await found('שלום')).toEqual([TITLES.hebrew]);
  });

  it('keeps й, ї and ё letters of their own', async () => {
    expect(await found('мой')).toEqual([TITLES.myHouse]);
    expect(await found('мои')).toEqual([TITLES.myHouses]);
    expect(await found('ёлка')).toEqual([TITLES.yolka]);
    expect(await found('елка')).toEqual([]);
  });
});
