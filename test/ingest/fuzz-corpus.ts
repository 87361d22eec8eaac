// A damaged copy of the sample inputs for the ingest fuzz test: each file of seeds/ and the fixture corpus
// as it is, plus variants truncated, with broken YAML, wrong types, binary bytes, unknown fields, a duplicate
// URL under another name, and two with a 10 MB field. Deterministic: the same seed gives the same files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../bench/prng.js';
import { listFiles } from '../helpers/fixtures.js';

export type Damage =
  | 'original'
  | 'truncated'
  | 'broken-yaml'
  | 'wrong-type'
  | 'binary'
  | 'unknown-fields'
  | 'duplicate-url'
  | 'huge-field';

export interface FuzzFile {
  name: string;
  damage: Damage;
}

/** The benchmark corpus's seedable PRNG (mulberry32): good enough to pick offsets. */
export const prng = mulberry32;

const WRONG_TYPES: [RegExp, string][] = [
  [/^quality: .*$/m, 'quality: "very high"'],
  [/^title: .*$/m, 'title: [one, two]'],
  [/^publishedDateTime: .*$/m, 'publishedDateTime: yesterday-ish'],
  [/^webUrl: .*$/m, 'webUrl: 42'],
  [/^images:$/m, 'images: "not a list"\nformerImages:'],
  [/^topics:$/m, 'topics: {a: 1}\nformerTopics:'],
  [/^provider:$/m, 'provider: 7\nformerProvider:'],
  [/"quality": \d+/, '"quality": "x"'],
];

function damage(kind: Damage, text: string, random: () => number): Buffer {
  const at = (from = 0.1, to = 0.95) => Math.floor(text.length * (from + random() * (to - from)));
  switch (kind) {
    case 'truncated':
      return Buffer.from(text.slice(0, at()));
    case 'broken-yaml': {
      const breakage = ['title: [unclosed', 'excerpt: "no end', '  bad:\n indentation: -', 'key: value: another', '\t- tab'][
        Math.floor(random() * 5)
      ]!;
      return Buffer.from(text.replace(/^---\n/, `---\n${breakage}\n`));
    }
    case 'wrong-type': {
      const applicable = WRONG_TYPES.filter(([pattern]) => pattern.test(text));
      const [pattern, replacement] = applicable[Math.floor(random() * applicable.length)] ?? [/^/, '\u0000'];
      return Buffer.from(text.replace(pattern, replacement));
    }
    case 'binary': {
      const bytes = Buffer.from(text);
      const offset = Math.floor(bytes.length * random());
      const noise = Buffer.from(Array.from({ length: 16 }, (_, i) => (i === 3 ? 0 : Math.floor(random() * 256))));
      return Buffer.concat([bytes.subarray(0, offset), noise, bytes.subarray(offset)]);
    }
    case 'unknown-fields':
      return Buffer.from(text.replace(/^---\n/, '---\nunknownField: 42\nanother_unknown:\n  nested: [1, 2]\n'));
    case 'duplicate-url':
      // Same story (same webUrl) told by a second file with another headline: one article, two versions.
      return Buffer.from(text.replace(/^title: .*$/m, 'title: "A second telling of the same story"'));
    case 'huge-field':
      return Buffer.from(text.replace(/^---\n/, `---\nexcerpt: "${'x'.repeat(10 * 1024 * 1024)}"\n`));
    case 'original':
      return Buffer.from(text);
  }
}

/** Writes the damaged corpus into `dir` (flat: one file per variant) and returns what each file is. */
export function writeFuzzCorpus(dir: string, sources: string[], seed: number): FuzzFile[] {
  const random = prng(seed);
  const files: FuzzFile[] = [];
  const add = (name: string, kind: Damage, bytes: Buffer) => {
    writeFileSync(join(dir, name), bytes);
    files.push({ name, damage: kind });
  };
  const paths = sources.flatMap((source) => listFiles(source));
  paths.forEach((path, i) => {
    const text = readFileSync(path, 'utf8');
    const base = `${String(i).padStart(3, '0')}-${path
      .split('/')
      .at(-1)!
      .replace(/\.[^.]+$/, '')}`;
    const frontMatter = text.startsWith('---\n');
    add(`${base}.orig`, 'original', damage('original', text, random));
    const kinds: Damage[] = frontMatter
      ? ['truncated', 'broken-yaml', 'wrong-type', 'binary', 'unknown-fields', 'duplicate-url']
      : ['truncated', 'wrong-type', 'binary'];
    for (const kind of kinds) add(`${base}.${kind}`, kind, damage(kind, text, random));
    if (frontMatter && i % 30 === 1) add(`${base}.huge-field`, 'huge-field', damage('huge-field', text, random));
  });
  return files;
}
