// Topics, slugs and story identity across scripts (test/fixtures/world): every distinct topic name stays its own
// topic, case and width variants merge, slugs are unique and readable where a transliteration exists, topics are
// found by slug and by name, and URLs that differ only by trackers or default ports are one story.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/ingest/seed.js';
import { hasUntransliterableLetters } from '../../src/ingest/slug.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { type Client, captureLogger, clientOf } from '../helpers/server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const WORLD_DIR = fileURLToPath(new URL('../fixtures/world', import.meta.url));

let database: TestDatabase;
let client: Client;
beforeAll(async () => {
  database = await createTestDatabase();
  const summary = await seed(database.db.prisma, [WORLD_DIR]);
  expect(summary.failures).toEqual([]);
  client = clientOf(createNewsYoga({ db: database.db, logger: captureLogger([]) }));
});
afterAll(() => database?.drop());

async function data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await client.graphql<T>(query, variables);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

interface TopicRow {
  name: string;
  slug: string;
  articleCount: number;
}

async function allTopics(): Promise<TopicRow[]> {
  const { topics } = await data<{ topics: { edges: { node: TopicRow }[] } }>(
    '{ topics(first: 100) { edges { node { name slug articleCount } } } }',
  );
  return topics.edges.map((edge) => edge.node);
}

const ASCII_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

describe('topics in every script', () => {
  it('keeps every distinct name apart and merges case and width variants, shown with the smallest spelling', async () => {
    // Within one file the first spelling of a name stands for its variants (normalizeTopics); across files the
    // smallest string wins (preferredTopicName).
    const names = (await allTopics()).map((t) => t.name).sort();
    expect(names).toEqual(
      [
        'УКРАЇНА', // "Україна" (uk) + "УКРАЇНА" (uk, shared): case
        'Енергетика', // + "енергетика": case
        'Россия', // "Россия" (ru) + "россия" (mixed): case
        '中国',
        '中國', // another spelling, not a case or width variant: its own topic
        'Экономика',
        '经济',
        'AI', // "ＡＩ" (zh) + "AI" (mixed): width
        'Ελλάδα', // + "ΕΛΛΆΔΑ" in the same file: case
        'Τουρισμός',
        'مصر',
        'ثقافة',
        'ישראל',
        'בחירות',
        'भारत',
        'चुनाव',
        'Xi Jinping',
        'Café', // + "CAFÉ" in the same file: case
        'Cafe', // + "ｃａｆｅ" in the same file: width; "Cafe" is not "Café"
      ].sort(),
    );
  });

  it('files each article under its merged topics', async () => {
    const topics = new Map((await allTopics()).map((t) => [t.name, t.articleCount]));
    expect(topics.get('中国')).toBe(3);
    expect(topics.get('Россия')).toBe(2);
    expect(topics.get('УКРАЇНА')).toBe(1); // one story told by two files
    expect(topics.get('Ελλάδα')).toBe(1);
    expect(topics.get('AI')).toBe(2);
  });

  it('gives every topic a unique slug, readable where a transliteration exists', async () => {
    const topics = await allTopics();
    expect(new Set(topics.map((t) => t.slug)).size).toBe(topics.length);
    for (const topic of topics) expect(topic.slug).toMatch(ASCII_SLUG);
    const slug = (name: string) => topics.find((t) => t.name === name)!.slug;
    expect(slug('УКРАЇНА')).toBe('ukrayina');
    expect(slug('Россия')).toBe('rossiya');
    expect(slug('Ελλάδα')).toBe('ellada');
    expect(slug('AI')).toBe('ai');
    expect(slug('Xi Jinping')).toBe('xi-jinping');
    expect([slug('Café'), slug('Cafe')].sort()[0]).toBe('cafe'); // the other gets its key's hash
    for (const name of ['中国', '中國', 'مصر', 'ישראל', 'भारत']) expect(slug(name)).toMatch(/^[0-9a-f]{10}$/);
  });

  it('finds every topic by slug, by its name and by a case or width variant of its name', async () => {
    const query = 'query($slug: String!) { topic(slug: $slug) { name } }';
    for (const topic of await allTopics()) {
      expect((await data(query, { slug: topic.slug })).topic).toEqual({ name: topic.name });
      expect((await data(query, { slug: topic.name })).topic).toEqual({ name: topic.name });
    }
    expect((await data(query, { slug: 'україна' })).topic).toEqual({ name: 'УКРАЇНА' });
    expect((await data(query, { slug: 'ｃａｆｅ' })).topic).toEqual({ name: 'Cafe' });
    expect((await data(query, { slug: 'ΕΛΛΆΔΑ' })).topic).toEqual({ name: 'Ελλάδα' });
    expect((await data(query, { slug: 'ａｉ' })).topic).toEqual({ name: 'AI' });
    expect((await data(query, { slug: 'Египет' })).topic).toBeNull();
  });

  it('filters articles by topic slug or name in any script', async () => {
    const query =
      'query($topic: String!) { articles(first: 50, filter: { topic: $topic }) { totalCount edges { node { title } } } }';
    const bySlug = await data(query, { topic: (await allTopics()).find((t) => t.name === '中国')!.slug });
    const byName = await data(query, { topic: '中国' });
    expect(bySlug.articles.totalCount).toBe(3);
    expect(byName).toEqual(bySlug);
    expect((await data(query, { topic: 'РОССИЯ' })).articles.totalCount).toBe(2);
    expect((await data(query, { topic: '中國' })).articles.edges).toEqual([{ node: { title: '中国经济增长放缓 📉' } }]);
  });
});

describe('article slugs and story identity', () => {
  interface ArticleRow {
    title: string;
    slug: string;
    webUrl: string | null;
  }
  const articles = async () =>
    (
      await data<{ articles: { edges: { node: ArticleRow }[] } }>(
        '{ articles(first: 50) { edges { node { title slug webUrl } } } }',
      )
    ).articles.edges.map((edge) => edge.node);

  it('gives every article a unique slug: transliterated words, or a hash of the title, never "untitled"', async () => {
    const rows = await articles();
    expect(rows).toHaveLength(11); // 12 files, two of them one story
    expect(new Set(rows.map((a) => a.slug)).size).toBe(rows.length);
    for (const { title, slug } of rows) {
      expect(slug).toMatch(ASCII_SLUG);
      expect(slug).not.toMatch(/^untitled/);
      if (!hasUntransliterableLetters(title)) expect(slug).toMatch(/^[a-z]+-[a-z]/);
    }
    const slugOf = (title: string) => rows.find((a) => a.title === title)!.slug;
    expect(slugOf('Україна готується до зими')).toMatch(/^ukrayina-gotuyetsya-do-zimi-[0-9a-f]{8}$/);
    expect(slugOf('Η Ελλάδα υποδέχεται ρεκόρ τουριστών')).toMatch(/^i-ellada-ypodexetai-rekor-toyriston-[0-9a-f]{8}$/);
    expect(slugOf('Xi 习近平 visits Moscow 🇷🇺 — встреча с Путиным')).toMatch(
      /^xi-visits-moscow-vstrecha-s-putinym-[0-9a-f]{10}-[0-9a-f]{8}$/,
    );
    expect(slugOf('東京で初雪、平年より早く')).toMatch(/^[0-9a-f]{10}-[0-9a-f]{8}$/);
    for (const { slug, title } of rows) {
      expect((await data('query($slug: String!) { article(slug: $slug) { title } }', { slug })).article).toEqual({ title });
    }
  });

  it('merges URLs that differ only by tracking parameters and default ports, and shows webUrl as a file gave it', async () => {
    const ukraine = (await articles()).filter((a) => a.title === 'Україна готується до зими');
    expect(ukraine).toHaveLength(1);
    // The better-ranked version (quality 120) wins whole, its webUrl untouched.
    expect(ukraine[0]!.webUrl).toBe('https://news.kyiv.example/uk/2024/11/zyma?utm_source=telegram&utm_medium=social&id=42');
    const byUrl = 'query($url: String!) { article(url: $url) { title webUrl } }';
    const other = await data(byUrl, { url: 'https://news.kyiv.example:443/uk/2024/11/zyma?fbclid=IwAR0xyz&id=42&gclid=EAIa' });
    expect(other.article.title).toBe('Україна готується до зими');
    expect((await data(byUrl, { url: 'http://vesti.msk.example/2024/11/03/soglashenie' })).article.webUrl).toBe(
      'http://vesti.msk.example:80/2024/11/03/soglashenie?mc_cid=abc&mc_eid=def',
    );
    // "ref" is not a tracker: it stays part of the identity.
    expect((await data(byUrl, { url: 'https://world.wire.example/2024/11/09/xi-moscow' })).article).toBeNull();
  });
});
