// `npx tsx bench/language-equivalence.ts [dir…]` (default: test/fixtures and seeds): does detectLanguage
// (src/ingest/language.ts) answer as the detector it replaced (test/helpers/language-reference.ts: francAll
// and per-letter regexes) on every text of every file? The texts: each parsed article's title+excerpt+body and
// each related story's title+excerpt (as storyLanguage joins them), the raw file, and — for files of the
// default directories only, being few — each line and each line's first 1…40 words (short, ambiguous text).
// Also compares the full ranking with francAll's, not only the final answer. Prints counts, the differing
// texts (up to 20), and the time each detector took. Exit status 1 when anything differs.
import { readFile } from 'node:fs/promises';
import { DETECTION_SAMPLE_CHARS, detectLanguage, LANGUAGE_CANDIDATES } from '../src/ingest/language.js';
import { documentFromBytes } from '../src/ingest/pipeline.js';
import { walkFiles } from '../src/ingest/seed.js';
import { createLanguageRanker } from '../src/ingest/trigram-languages.js';
import { francCandidates, referenceDetectLanguage } from '../test/helpers/language-reference.js';

const args = process.argv.slice(2);
const small = args.length === 0;
const dirs = small ? ['test/fixtures', 'seeds'] : args;

function textsOf(bytes: Buffer): string[] {
  const raw = bytes.toString('utf8');
  const texts = [raw];
  try {
    const document = documentFromBytes(bytes);
    if (document.kind === 'articles') {
      for (const a of document.articles) {
        texts.push([a.title, a.excerpt, a.body].filter(Boolean).join('\n'));
        for (const r of a.related) texts.push([r.title, r.excerpt].filter(Boolean).join('\n'));
      }
    }
  } catch {
    // Not an article file: its raw text still counts.
  }
  if (small) {
    for (const line of raw.split('\n')) {
      const words = line.trim().split(/\s+/);
      if (words.length > 1) texts.push(line);
      for (let n = 1; n <= Math.min(words.length - 1, 40); n++) texts.push(words.slice(0, n).join(' '));
    }
  }
  return texts;
}

const rank = createLanguageRanker(LANGUAGE_CANDIDATES);
let files = 0;
let texts = 0;
let answersDiffer = 0;
let rankingsDiffer = 0;
let newMs = 0;
let oldMs = 0;
const answers = new Map<string, number>();
const examples: string[] = [];
for await (const path of walkFiles(dirs)) {
  files++;
  for (const text of new Set(textsOf(await readFile(path)))) {
    texts++;
    let started = performance.now();
    const answer = detectLanguage(text);
    newMs += performance.now() - started;
    started = performance.now();
    const reference = referenceDetectLanguage(text);
    oldMs += performance.now() - started;
    answers.set(String(answer), (answers.get(String(answer)) ?? 0) + 1);
    const sample = text.slice(0, DETECTION_SAMPLE_CHARS);
    const ranking = JSON.stringify(rank(sample));
    const francRanking = JSON.stringify(francCandidates(sample));
    if (ranking !== francRanking) rankingsDiffer++;
    if (answer !== reference) answersDiffer++;
    if ((answer !== reference || ranking !== francRanking) && examples.length < 20) {
      examples.push(`${path}: new ${answer}, old ${reference}: ${JSON.stringify(text.slice(0, 120))}`);
    }
  }
}
console.log(
  JSON.stringify({ dirs, files, texts, answersDiffer, rankingsDiffer, newMs: Math.round(newMs), oldMs: Math.round(oldMs) }),
);
console.log('answers:', JSON.stringify(Object.fromEntries([...answers].sort((a, b) => b[1] - a[1]))));
for (const example of examples) console.log(example);
process.exitCode = answersDiffer || rankingsDiffer ? 1 : 0;
