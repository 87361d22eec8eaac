// The inputs tests read, all inside the repository: seeds/ (what `npm start` loads) and test/fixtures/corpus
// (invented Smartable-format files that reproduce the real corpus's quirks; test/fixtures/README.md lists
// them). The real SmartableAI/election corpus is not part of the repository: its fidelity suite runs only
// when ELECTION_CORPUS_DIR names a folder holding it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const SEEDS_DIR = fileURLToPath(new URL('../../seeds', import.meta.url));
export const FIXTURE_CORPUS_DIR = fileURLToPath(new URL('../fixtures/corpus', import.meta.url));
/** What the seeded test servers load. */
export const SAMPLE_DIRS: readonly string[] = [SEEDS_DIR, FIXTURE_CORPUS_DIR];

/** The real corpus, when the environment names it (`.ci/run` does when it has a copy). */
export const ELECTION_CORPUS_DIR: string | undefined = process.env.ELECTION_CORPUS_DIR || undefined;

// Independent readings are untyped on purpose: they must not lean on the pipeline's types.
export type Loose = Record<string, any>;

/** Every file under `dir` (recursively, dot-files left out), as paths sorted by their path below `dir`. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The YAML front matter of a file, read with the `yaml` package (not the js-yaml the pipeline uses); null when the file has none. */
export function readFrontMatter(bytes: Uint8Array | string): Loose | null {
  const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  return match ? (YAML.parse(match[1]!) as Loose) : null;
}

/**
 * The news stories of the fixture corpus, read independently: each front-matter file of category "news"
 * and each entry of a JSON feed page, by webUrl (several files may tell one story).
 */
export function fixtureNews(): Map<string, Loose[]> {
  const byUrl = new Map<string, Loose[]>();
  const add = (story: Loose) => byUrl.set(String(story.webUrl), [...(byUrl.get(String(story.webUrl)) ?? []), story]);
  for (const path of listFiles(FIXTURE_CORPUS_DIR)) {
    const text = readFileSync(path, 'utf8');
    if (path.endsWith('.json'))
      for (const entry of (JSON.parse(text) as Loose).value as Loose[]) add({ ...entry, category: entry.categories?.[0] });
    else {
      const fields = readFrontMatter(text);
      if (fields?.category === 'news') add(fields);
    }
  }
  return byUrl;
}
