// Optional: every file of the real SmartableAI/election corpus, checked against an independent reading of the
// same file (the `yaml` package for front matter, JSON.parse for the feed page). The corpus has no licence and
// is not in the repository; this suite runs when ELECTION_CORPUS_DIR names a folder holding its 60 files
// (`.ci/run` sets it when it finds a copy) and is skipped otherwise. The fixtures in test/fixtures/corpus
// reproduce its quirks for the rest of the suite (test/ingest/fixture-corpus.test.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentFromBytes } from '../../src/ingest/pipeline.js';
import { ELECTION_CORPUS_DIR as CORPUS_DIR, type Loose, readFrontMatter } from '../helpers/fixtures.js';
import { actualArticle, articlesOf, expectedArticle } from '../helpers/independent-reading.js';
import { utf8 } from './helpers.js';

const SKIP_REASON = 'ELECTION_CORPUS_DIR is not set: the real election corpus is not part of the repository';
if (!CORPUS_DIR) console.info(`test/ingest/corpus.test.ts skipped: ${SKIP_REASON}`);

const files = CORPUS_DIR ? readdirSync(CORPUS_DIR).sort() : [];
const read = (file: string) => readFileSync(join(CORPUS_DIR!, file));

// From the corpus README (source directories), not from the classification rule under test.
const EXPECTED_SKIPS: Record<string, string> = {
  '2020-08-17-democratic-natinoal-convention.md': 'event',
  '2020-09-29-first-presidential-debate.md': 'event',
  '2020-11-03-election-day-2020.md': 'event',
  'john-barrasso.md': 'profile',
  'kamala-harris.md': 'profile',
  'republican-senators.md': 'collection',
  'usagov-voter-registration.md': 'collection',
};
const FEED_FILE = 'api-news-donald-trump-page-22_index.json';
const articleFiles = files.filter((file) => !(file in EXPECTED_SKIPS) && file !== FEED_FILE);

function frontMatterFields(file: string): Loose {
  const fields = readFrontMatter(read(file));
  if (!fields) throw new Error(`${file}: no front matter`);
  return fields;
}

describe.skipIf(!CORPUS_DIR)(
  CORPUS_DIR ? `election corpus at ${CORPUS_DIR}` : `election corpus (skipped: ${SKIP_REASON})`,
  () => {
    it('holds the 60 files the README describes', () => {
      expect(files).toHaveLength(60);
      expect(articleFiles).toHaveLength(52);
    });

    it.each(Object.entries(EXPECTED_SKIPS))('skips %s as %s', (file, kind) => {
      expect(documentFromBytes(read(file))).toEqual({ kind: 'skipped', format: 'front-matter', skippedKind: kind });
    });

    it.each(articleFiles)('%s parses like an independent YAML reading', (file) => {
      const document = documentFromBytes(read(file));
      expect(document).toMatchObject({ kind: 'articles', format: 'front-matter' });
      const [article, ...rest] = articlesOf(document);
      expect(rest).toHaveLength(0);
      const fields = frontMatterFields(file);
      expect(actualArticle(article!)).toStrictEqual(expectedArticle(fields));
      expect(article!.body).toBeNull();
      expect(article!.identityKey).toBe(String(fields.webUrl ?? fields.originalUrl).trim());
    });

    it('yields every entry of the JSON feed page', () => {
      const document = documentFromBytes(read(FEED_FILE));
      expect(document).toMatchObject({ kind: 'articles', format: 'json-feed' });
      const entries = (JSON.parse(read(FEED_FILE).toString('utf8')) as Loose).value as Loose[];
      expect(entries).toHaveLength(2);
      expect(articlesOf(document).map(actualArticle)).toStrictEqual(entries.map(expectedArticle));
      expect(articlesOf(document).map((a) => a.body)).toEqual([null, null]);
    });

    it('reads the CRLF file exactly like its LF version', () => {
      const file = '2020-10-20-demi-lovatos-new-song-commander-in-chief-lets-trumps-enablers-off-too-easy.md';
      const bytes = read(file);
      expect(bytes.includes('\r\n')).toBe(true);
      const fromCrlf = documentFromBytes(bytes);
      expect(fromCrlf).toStrictEqual(documentFromBytes(utf8(bytes.toString('utf8').replace(/\r\n/g, '\n'))));
      expect(JSON.stringify(fromCrlf)).not.toContain('\\r');
    });

    it('matches the README’s corpus-wide counts', () => {
      const news = articleFiles
        .filter((file) => !file.startsWith('usagov-'))
        .flatMap((file) => articlesOf(documentFromBytes(read(file))));
      expect(news).toHaveLength(50);
      expect(news.filter((a) => a.published === false)).toHaveLength(12);
      expect(new Set(news.map((a) => a.provider?.domain)).size).toBe(22);
      expect(articleFiles.filter((file) => frontMatterFields(file).related)).toHaveLength(23);
    });

    it('drops self-links: an article whose only related story is itself ends with none', () => {
      const file =
        '2021-04-07-a-complete-ripoff-campaign-finance-experts-puzzled-and-stunned-by-trump-camps-reported-money-bomb-ploy.md';
      expect(frontMatterFields(file).related).toHaveLength(1);
      expect(articlesOf(documentFromBytes(read(file)))[0]?.related).toEqual([]);
    });

    it('gives the same story the same identity across files (archive copy, feed entry)', () => {
      const key = (file: string, index = 0) => articlesOf(documentFromBytes(read(file)))[index]?.identityKey;
      const portland = '2020-08-31-trump-praises-right-wing-supporters-rails-against-protesters-after-unrest-in-portland.md';
      expect(key(`archive-news_${portland}`)).toBe(key(`news_${portland}`));
      expect(key(FEED_FILE, 0)).toBe(key('2021-03-31-donald-trump-uses-new-website-to-rewrite-history-of-his-presidency.md'));
      expect(key(FEED_FILE, 1)).toBe(key('2021-03-31-the-latest-trump-blasts-fauci-and-birx-as-self-promoters.md'));
    });
  },
);
