// Measures a Smartable corpus and prints the distributions that bench/corpus-shape.ts hard-codes, so the
// synthetic corpus can be re-checked against its model. The real SmartableAI/election corpus is not in the
// repository: name its folder (files at any depth are read).
//   npx tsx bench/measure-corpus.ts <dir>        or        ELECTION_CORPUS_DIR=<dir> npx tsx bench/measure-corpus.ts
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFrontMatter } from '../src/ingest/parse/front-matter.js';

type Fields = Record<string, any>;

const dir = process.argv[2] ?? process.env.ELECTION_CORPUS_DIR;
if (!dir) {
  console.error('usage: npx tsx bench/measure-corpus.ts <corpus dir>  (or set ELECTION_CORPUS_DIR)');
  process.exit(2);
}
const news: { fields: Fields; body: string; bytes: number }[] = [];
for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
  if (!name.endsWith('.md')) continue;
  const text = readFileSync(join(dir, name), 'utf8');
  if (!text.startsWith('---\n')) continue;
  const { fields, body } = readFrontMatter(text) as { fields: Fields; body: string };
  // News articles are the files with a provider and a secured blob (events, people, learning have neither).
  if (fields.provider && fields.secured && fields.category === 'news') {
    news.push({ fields, body, bytes: Buffer.byteLength(text) });
  }
}

const histogram = (values: number[]) => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => a[0] - b[0]));
};
const quantiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { n: sorted.length, min: at(0), p25: at(0.25), p50: at(0.5), p75: at(0.75), p90: at(0.9), max: sorted.at(-1) ?? 0 };
};
const share = (values: string[]) => {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
};

const related = news.flatMap((n) => (n.fields.related ?? []) as Fields[]);
const corpusUrls = new Set(news.map((n) => n.fields.webUrl));
const report = {
  newsFiles: news.length,
  relatedPerArticle: histogram(news.map((n) => (n.fields.related ?? []).length)),
  topicsPerArticle: histogram(news.map((n) => (n.fields.topics ?? []).length)),
  topicNames: share(news.flatMap((n) => n.fields.topics ?? [])),
  providers: share(news.map((n) => `${n.fields.provider.name} (${n.fields.provider.domain})`)),
  relatedProviders: share(related.map((r) => r.provider?.domain ?? '-')),
  imagesPerArticle: histogram(news.map((n) => (n.fields.images ?? []).length)),
  imagesPerRelated: histogram(related.map((r) => (r.images ?? []).length)),
  providerLogoShare: news.filter((n) => n.fields.provider.images?.length).length / news.length,
  ampShare: news.filter((n) => n.fields.ampWebUrl).length / news.length,
  relatedAmpShare: related.filter((r) => r.ampWebUrl).length / Math.max(1, related.length),
  publishedShare: news.filter((n) => n.fields.published === true).length / news.length,
  relatedInCorpusShare: related.filter((r) => corpusUrls.has(r.webUrl)).length / Math.max(1, related.length),
  titleChars: quantiles(news.map((n) => String(n.fields.title).length)),
  excerptChars: quantiles(news.map((n) => String(n.fields.excerpt ?? '').length)),
  relatedExcerptChars: quantiles(related.map((r) => String(r.excerpt ?? '').length)),
  bodyChars: quantiles(news.map((n) => n.body.trim().length)),
  fileBytes: quantiles(news.map((n) => n.bytes)),
  securedChars: quantiles(news.map((n) => String(n.fields.secured).length)),
  quality: histogram(news.map((n) => Number(n.fields.quality))),
  heat: quantiles(news.map((n) => Number(n.fields.heat))),
  relatedQuality: histogram(related.map((r) => Number(r.quality ?? -1))),
};
console.log(JSON.stringify(report, null, 2));
