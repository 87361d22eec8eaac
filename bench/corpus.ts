// Deterministic synthetic corpus shaped like the real one (bench/corpus-shape.ts): Smartable front-matter
// Markdown files, one article each, written one at a time (memory stays flat at 100k files). Related
// entries point at other generated articles and at stories that have no file (stubs after seeding).
//   npx tsx bench/corpus.ts --out DIR --count 10000 [--seed 1]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as shape from './corpus-shape.js';
import { sentence } from './corpus-words.js';
import { intBelow, pickWeightedIndex, type Random, sampleHistogram, sampleQuantiles, streamFor } from './prng.js';

export const DEFAULT_SEED = 20201103;
/** Files per subdirectory: keeps directories small at 100k files. */
const SHARD_SIZE = 1000;

interface Story {
  title: string;
  excerpt: string;
  publishedAt: Date;
  provider: [name: string, domain: string];
  webUrl: string;
  ampWebUrl: string | null;
  cdnAmpWebUrl: string | null;
  quality: number;
  heat: number;
  image: string | null;
  slug: string;
}

// Streams: 1 = an article's own fields, 2 = a story with no file, 3 = the extra fields of an article's file.
function story(
  random: Random,
  providers: [string, string, number][],
  path: string,
  ampShare: number,
  excerptChars: number[],
): Story {
  const provider =
    providers[
      pickWeightedIndex(
        random,
        providers.map((p) => p[2]),
      )
    ]!;
  const domain = provider[1];
  const title = sentence(random, sampleQuantiles(random, shape.TITLE_CHARS), true);
  const excerpt = sentence(random, sampleQuantiles(random, excerptChars), false);
  const minutes = intBelow(random, (shape.LAST_DATE - shape.FIRST_DATE) / 60_000);
  const publishedAt = new Date(shape.FIRST_DATE + minutes * 60_000);
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  const day = publishedAt.toISOString().slice(0, 10).replace(/-/g, '/');
  const webUrl = `https://www.${domain}/${day}/${slug}-${path}`;
  const hasAmp = random() < ampShare;
  return {
    title,
    excerpt,
    publishedAt,
    provider: [provider[0], domain],
    webUrl,
    ampWebUrl: hasAmp ? `${webUrl}/amp` : null,
    cdnAmpWebUrl: hasAmp
      ? `https://www-${domain.replace(/\./g, '-')}.cdn.ampproject.org/c/s/www.${domain}/${day}/${slug}-${path}/amp`
      : null,
    quality: shape.QUALITY_VALUES[intBelow(random, shape.QUALITY_VALUES.length)]!,
    heat: sampleQuantiles(random, shape.HEAT),
    image: sampleHistogram(random, shape.IMAGES_PER_ARTICLE) ? `https://images.${domain}/${slug.slice(0, 24)}-${path}.jpg` : null,
    slug,
  };
}

export function articleStory(seed: number, index: number): Story {
  return story(streamFor(seed, 1, index), shape.ARTICLE_PROVIDERS, `a${index}`, shape.AMP_SHARE, shape.EXCERPT_CHARS);
}

export function externalStory(seed: number, index: number): Story {
  return story(
    streamFor(seed, 2, index),
    shape.RELATED_PROVIDERS,
    `x${index}`,
    shape.RELATED_AMP_SHARE,
    shape.RELATED_EXCERPT_CHARS,
  );
}

/** The related stories article `index` lists: other articles of the corpus and stories with no file. */
export function relatedStories(seed: number, index: number, count: number, random: Random): Story[] {
  const n = sampleHistogram(random, shape.RELATED_PER_ARTICLE);
  const externalPool = Math.max(1, Math.floor(count * shape.EXTERNAL_POOL_RATIO));
  const stories: Story[] = [];
  for (let k = 0; k < n; k++) {
    if (count > 1 && random() < shape.RELATED_TO_CORPUS_SHARE) {
      const other = (index + 1 + intBelow(random, count - 1)) % count; // never the article itself
      stories.push(articleStory(seed, other));
    } else {
      stories.push(externalStory(seed, intBelow(random, externalPool)));
    }
  }
  return stories;
}

const q = (text: string) => JSON.stringify(text); // a JSON string is a valid double-quoted YAML scalar
const stamp = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function secured(random: Random): string {
  const length = sampleHistogram(random, shape.SECURED_CHARS);
  const chars = Array.from({ length: length - 25 }, () => BASE64[intBelow(random, 64)]).join('');
  return `${chars.slice(0, -2)}==;${Array.from({ length: 22 }, () => BASE64[intBelow(random, 64)]).join('')}==`;
}

function storyLines(s: Story, indent: string, related: boolean): string[] {
  const lines = [
    `${indent}title: ${q(s.title)}`,
    `${indent}excerpt: ${q(s.excerpt)}`,
    `${indent}publishedDateTime: ${stamp(s.publishedAt)}`,
  ];
  if (!related) lines.push(`${indent}originalUrl: ${q(s.webUrl)}`);
  lines.push(`${indent}webUrl: ${q(s.webUrl)}`);
  if (s.ampWebUrl) lines.push(`${indent}ampWebUrl: ${q(s.ampWebUrl)}`, `${indent}cdnAmpWebUrl: ${q(s.cdnAmpWebUrl!)}`);
  lines.push(`${indent}type: article`);
  return lines;
}

function imageLines(url: string | null, indent: string, width: number, height: number): string[] {
  if (!url) return [];
  return [
    `${indent}images:`,
    `${indent}  - url: ${q(url)}`,
    `${indent}    width: ${width}`,
    `${indent}    height: ${height}`,
    `${indent}    isCached: true`,
  ];
}

/** The whole file of article `index` in a corpus of `count` articles. */
export function articleFile(seed: number, index: number, count: number): { name: string; text: string } {
  const own = articleStory(seed, index);
  const random = streamFor(seed, 3, index);
  const [providerName, domain] = own.provider;
  const lines = ['---', 'category: news', ...storyLines(own, '', false)];
  lines.push(`quality: ${own.quality}`, `heat: ${own.heat}`, `published: ${random() < shape.PUBLISHED_TRUE_SHARE}`, '');
  lines.push('provider:', `  name: ${q(providerName)}`, `  domain: ${domain}`);
  if (random() < shape.PROVIDER_LOGO_SHARE) {
    const logo = `https://smartableai.github.io/election/assets/images/organizations/${domain}-50x50.jpg`;
    lines.push('  images:', `    - url: ${q(logo)}`, '      width: 50', '      height: 50');
  }
  const topics = [shape.FIRST_TOPIC];
  const others = Object.entries(shape.OTHER_TOPICS);
  const wanted = sampleHistogram(random, shape.TOPICS_PER_ARTICLE);
  for (let guard = 0; guard < 20 && topics.length < wanted; guard++) {
    const topic =
      others[
        pickWeightedIndex(
          random,
          others.map(([, n]) => n),
        )
      ]![0];
    if (!topics.includes(topic)) topics.push(topic);
  }
  lines.push('', 'topics:', ...topics.map((t) => `  - ${t}`), '');
  const images = imageLines(own.image, '', 1200, 800);
  if (images.length) lines.push(...images, '');
  const related = relatedStories(seed, index, count, random);
  if (related.length) {
    lines.push('related:');
    for (const r of related) {
      const [first, ...rest] = storyLines(r, '    ', true);
      lines.push(`  - ${first!.trimStart()}`, ...rest);
      lines.push('    provider:', `      name: ${q(r.provider[0])}`, `      domain: ${r.provider[1]}`);
      lines.push(`    quality: ${sampleQuantiles(random, shape.RELATED_QUALITY)}`);
      if (sampleHistogram(random, shape.IMAGES_PER_RELATED)) lines.push(...imageLines(r.image, '    ', 980, 551));
    }
    lines.push('');
  }
  lines.push(`secured: ${q(secured(random))}`, '---', '');
  const name = `${own.publishedAt.toISOString().slice(0, 10)}-${own.slug.slice(0, 80)}-${index}.md`;
  return { name, text: lines.join('\n') };
}

export interface CorpusSummary {
  dir: string;
  files: number;
  bytes: number;
  seconds: number;
}

/** Writes `count` files under `dir` (in subdirectories of SHARD_SIZE files), one at a time. */
export async function writeCorpus(dir: string, count: number, seed = DEFAULT_SEED): Promise<CorpusSummary> {
  const started = performance.now();
  let bytes = 0;
  for (let index = 0; index < count; index++) {
    const shard = join(dir, String(Math.floor(index / SHARD_SIZE)).padStart(3, '0'));
    if (index % SHARD_SIZE === 0) await mkdir(shard, { recursive: true });
    const { name, text } = articleFile(seed, index, count);
    bytes += Buffer.byteLength(text);
    await writeFile(join(shard, name), text);
  }
  return { dir, files: count, bytes, seconds: (performance.now() - started) / 1000 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => process.argv[process.argv.indexOf(`--${name}`) + 1];
  const out = process.argv.includes('--out') ? arg('out')! : 'bench/.corpus';
  const count = process.argv.includes('--count') ? Number(arg('count')) : 1000;
  const seed = process.argv.includes('--seed') ? Number(arg('seed')) : DEFAULT_SEED;
  const summary = await writeCorpus(out, count, seed);
  console.log(
    `${summary.files} files, ${(summary.bytes / 1e6).toFixed(1)} MB in ${summary.dir} (${summary.seconds.toFixed(1)} s)`,
  );
}
