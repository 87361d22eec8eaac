// The language detector as it was before it was made fast (src/ingest/language.ts at the commit that added
// detection): francAll itself, and letters counted by one regex match per letter and a script regex search per
// letter. An oracle only: test/ingest/trigram-languages.test.ts and bench/language-equivalence.ts check that
// detectLanguage answers as this does. Rules and constants are language.ts's own; only the computation is old.
import { francAll } from 'franc';
import {
  bcp47FromIso6393,
  DETECTION_SAMPLE_CHARS,
  LANGUAGE_CANDIDATES,
  MIN_DETECTION_LETTERS,
  MIN_DETECTION_MARGIN,
  MIN_DOMINANT_SCRIPT_SHARE,
  MIN_TRIGRAM_LETTERS,
  primaryLanguage,
} from '../../src/ingest/language.js';

const SCRIPTS: readonly RegExp[] = [
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u,
  ...['Latin', 'Cyrillic', 'Greek', 'Arabic', 'Hebrew', 'Devanagari', 'Thai'].map((s) => new RegExp(`\\p{Script=${s}}`, 'u')),
];

export function referenceScriptCounts(sample: string): { letters: number; dominant: number } {
  const counts = new Array<number>(SCRIPTS.length + 1).fill(0);
  let letters = 0;
  for (const [letter] of sample.matchAll(/\p{L}\p{M}*/gu)) {
    letters++;
    const index = SCRIPTS.findIndex((script) => script.test(letter));
    counts[index === -1 ? SCRIPTS.length : index]!++;
  }
  return { letters, dominant: Math.max(...counts) };
}

/** What franc itself says of a sample, limited to the languages detection may answer with. */
export function francCandidates(sample: string) {
  return francAll(sample, { minLength: 1, only: [...LANGUAGE_CANDIDATES] });
}

export function referenceDetectLanguage(text: string): string | null {
  const sample = text.slice(0, DETECTION_SAMPLE_CHARS);
  const { letters, dominant } = referenceScriptCounts(sample);
  if (letters < MIN_DETECTION_LETTERS || dominant < letters * MIN_DOMINANT_SCRIPT_SHARE) return null;
  const [best, runnerUp] = francCandidates(sample);
  if (!best || best[0] === 'und') return null;
  if (runnerUp && (letters < MIN_TRIGRAM_LETTERS || runnerUp[1] > MIN_DETECTION_MARGIN)) return null;
  const tag = bcp47FromIso6393(best[0]);
  return tag ? primaryLanguage(tag) : null;
}
