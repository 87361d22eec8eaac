// franc's language ranking, answer for answer, without the work franc's API repeats on every call. Per call,
// francAll copies the `only` list and searches it for each of the ~126 Latin languages, runs 30 script regexes
// over the text, builds its trigrams as strings in an object, and looks each one up in every candidate's
// 300-key object. Here the candidates of each script are chosen once and their models merged into one table
// (trigram -> the candidates holding it, at which rank); a trigram is a number (its three UTF-16 code units),
// and each code point's scripts are remembered once seen. The models, script expressions, trigram extraction,
// distance, tie order and normalization are franc's own (franc 6.2.0, pinned in package.json: its data files
// are read directly); test/ingest/trigram-languages.test.ts compares the answers with francAll's.
import { data } from 'franc/data.js';
import { expressions } from 'franc/expressions.js';

/** franc reads only this much of a text (MAX_LENGTH in franc's index.js). */
const MAX_LENGTH = 2048;
/** Distance franc adds for an input trigram a model lacks (MAX_DIFFERENCE). */
const MAX_DIFFERENCE = 300;

export type LanguageScore = [language: string, score: number];

// ---- Scripts: franc's getTopScript, one pass over the code points.

const SCRIPT_NAMES = Object.keys(expressions);
const SCRIPT_TESTS = SCRIPT_NAMES.map((name) => new RegExp(`^(?:${expressions[name]!.source})$`));
// Bits 0-29 are the scripts (30 expressions in franc 6.2.0); bit 31 marks a BMP entry as computed.
if (SCRIPT_NAMES.length > 31) throw new Error('franc has more script expressions than a 31-bit mask holds');
const COMPUTED = 0x80000000;
const bmpScripts = new Uint32Array(0x10000);
const astralScripts = new Map<number, number>();

/** Which of franc's script expressions match this code point, as a bit mask in franc's order. */
function scriptMask(codePoint: number): number {
  const cached = codePoint < 0x10000 ? bmpScripts[codePoint]! || undefined : astralScripts.get(codePoint);
  if (cached !== undefined) return cached & ~COMPUTED;
  const char = String.fromCodePoint(codePoint);
  let mask = 0;
  for (let i = 0; i < SCRIPT_TESTS.length; i++) if (SCRIPT_TESTS[i]!.test(char)) mask |= 1 << i;
  if (codePoint < 0x10000) bmpScripts[codePoint] = (mask | COMPUTED) >>> 0;
  else astralScripts.set(codePoint, mask);
  return mask;
}

const scriptCounts = new Int32Array(SCRIPT_NAMES.length);

/**
 * franc's getTopScript: the expression matching most of `value` (first in franc's order on a tie) and its
 * count. franc counts the matches of each global regex; none matches a lone surrogate (the test checks), so
 * that count is the number of code points each one matches.
 */
export function topScript(value: string): [name: string, count: number] {
  scriptCounts.fill(0);
  for (let i = 0; i < value.length; i++) {
    // A surrogate pair is one code point; a lone surrogate is its own code unit.
    const codePoint = value.codePointAt(i)!;
    if (codePoint > 0xffff) i++;
    for (let mask = scriptMask(codePoint); mask !== 0; mask &= mask - 1) scriptCounts[31 - Math.clz32(mask & -mask)]!++;
  }
  let top = 0;
  for (let i = 1; i < scriptCounts.length; i++) if (scriptCounts[i]! > scriptCounts[top]!) top = i;
  return [SCRIPT_NAMES[top]!, scriptCounts[top]!];
}

// ---- Trigrams as numbers: three UTF-16 code units, c0 * 2^32 + c1 * 2^16 + c2 (exact in a double).

const key = (c0: number, c1: number, c2: number) => c0 * 0x100000000 + c1 * 0x10000 + c2;
const slotOf = (c0: number, c1: number, c2: number, mask: number) => {
  let h = Math.imul(c0, 0x9e3779b1) ^ Math.imul(c1, 0x85ebca77) ^ Math.imul(c2, 0xc2b2ae3d);
  h ^= h >>> 15;
  return h & mask;
};

/** trigram-utils' clean, padded as its `trigrams` pads: ASCII punctuation, symbols and digits to spaces, white space collapsed, trimmed, lower-cased. */
export function paddedClean(value: string): string {
  return ` ${value
    .replace(/[\u0021-\u0040]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()} `;
}

// A hash set of the trigrams seen in the current call: a slot is in use when its stamp is the call's.
let seenStamps = new Int32Array(0);
let seenIndex = new Int32Array(0);
let stamp = 0;

/**
 * The distinct trigrams of `padded` with their counts, in `keys`/`counts` (returned: how many). franc's
 * asDictionary counts the same trigrams as strings; the order does not matter to a sum of integers.
 */
export function countTrigrams(padded: string, keys: Float64Array, counts: Int32Array): number {
  const n = padded.length - 2;
  if (n < 1) return 0;
  if (seenStamps.length < 2 * n) {
    let size = 1024;
    while (size < 2 * n) size *= 2;
    [seenStamps, seenIndex, stamp] = [new Int32Array(size), new Int32Array(size), 0];
  }
  if (++stamp === 0x7fffffff) [seenStamps, stamp] = [new Int32Array(seenStamps.length), 1];
  const mask = seenStamps.length - 1;
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    const c0 = padded.charCodeAt(i);
    const c1 = padded.charCodeAt(i + 1);
    const c2 = padded.charCodeAt(i + 2);
    const k = key(c0, c1, c2);
    let slot = slotOf(c0, c1, c2, mask);
    while (seenStamps[slot] === stamp && keys[seenIndex[slot]!] !== k) slot = (slot + 1) & mask;
    if (seenStamps[slot] === stamp) counts[seenIndex[slot]!]!++;
    else {
      seenStamps[slot] = stamp;
      seenIndex[slot] = distinct;
      keys[distinct] = k;
      counts[distinct++] = 1;
    }
  }
  return distinct;
}

/** One script's candidates, in franc's order, and their merged models: trigram -> pairs (candidate, rank). */
interface ScriptModels {
  languages: string[];
  /** Open addressing: slot -> trigram key (-1 empty), and where its pairs start in `pairs`. */
  slotKeys: Float64Array;
  slotStarts: Int32Array;
  slotEnds: Int32Array;
  pairs: Int32Array;
}

function buildScriptModels(languages: string[], models: Record<string, string>): ScriptModels {
  const byTrigram = new Map<string, number[]>();
  languages.forEach((language, index) => {
    const seen = new Set<string>();
    // franc gives a trigram listed twice its first (lowest) rank; franc 6.2.0 lists none twice.
    models[language]!.split('|').forEach((trigram, rank) => {
      if (trigram.length !== 3 || seen.has(trigram)) return; // an input trigram is 3 code units
      seen.add(trigram);
      const list = byTrigram.get(trigram) ?? [];
      if (list.length === 0) byTrigram.set(trigram, list);
      list.push(index, rank);
    });
  });
  let size = 16;
  while (size < byTrigram.size * 2) size *= 2;
  const slotKeys = new Float64Array(size).fill(-1);
  const slotStarts = new Int32Array(size);
  const slotEnds = new Int32Array(size);
  const pairs = new Int32Array([...byTrigram.values()].reduce((n, list) => n + list.length, 0));
  let end = 0;
  for (const [trigram, list] of byTrigram) {
    const [c0, c1, c2] = [0, 1, 2].map((i) => trigram.charCodeAt(i)) as [number, number, number];
    let slot = slotOf(c0, c1, c2, size - 1);
    while (slotKeys[slot] !== -1) slot = (slot + 1) & (size - 1);
    slotKeys[slot] = key(c0, c1, c2);
    slotStarts[slot] = end;
    pairs.set(list, end);
    end += list.length;
    slotEnds[slot] = end;
  }
  return { languages, slotKeys, slotStarts, slotEnds, pairs };
}

/**
 * A function that answers as `francAll(value, { minLength: 1, only })` does (all of franc's languages when
 * `only` is empty): candidates best first, the best scored 1, `[['und', 1]]` when undetermined; `limit` keeps
 * only the first few of that list (detection needs two) without sorting the rest.
 */
export function createLanguageRanker(only: readonly string[]): (value: string, limit?: number) => LanguageScore[] {
  const onlySet = new Set(only);
  const allowed = (language: string) => onlySet.size === 0 || onlySet.has(language);
  const scripts = new Map<string, ScriptModels>();
  for (const [script, models] of Object.entries(data)) {
    scripts.set(script, buildScriptModels(Object.keys(models).filter(allowed), models));
  }
  let keys = new Float64Array(MAX_LENGTH + 2);
  let counts = new Int32Array(MAX_LENGTH + 2);

  return (text: string, limit = Number.POSITIVE_INFINITY): LanguageScore[] => {
    if (!text) return [['und', 1]];
    const value = text.slice(0, MAX_LENGTH);
    const [script, count] = topScript(value);
    const models = scripts.get(script);
    if (!models) return count === 0 || !allowed(script) ? [['und', 1]] : [[script, 1]];
    const { languages, slotKeys, slotStarts, slotEnds, pairs } = models;
    if (languages.length === 0) return [['und', 1]];

    const padded = paddedClean(value);
    if (keys.length < padded.length) [keys, counts] = [new Float64Array(padded.length), new Int32Array(padded.length)];
    const distinct = countTrigrams(padded, keys, counts);
    // Every trigram costs MAX_DIFFERENCE unless a model holds it; then it costs |count - rank - 1| there.
    const distances = new Array<number>(languages.length).fill(distinct * MAX_DIFFERENCE);
    const mask = slotKeys.length - 1;
    for (let t = 0; t < distinct; t++) {
      const k = keys[t]!;
      const c0 = Math.floor(k / 0x100000000);
      const c1 = (k >>> 16) & 0xffff;
      const c2 = k & 0xffff;
      for (let slot = slotOf(c0, c1, c2, mask); slotKeys[slot] !== -1; slot = (slot + 1) & mask) {
        if (slotKeys[slot] !== k) continue;
        const occurrences = counts[t]!;
        for (let i = slotStarts[slot]!; i < slotEnds[slot]!; i += 2) {
          distances[pairs[i]!]! += Math.abs(occurrences - pairs[i + 1]! - 1) - MAX_DIFFERENCE;
        }
        break;
      }
    }
    return normalized(value.length, languages, distances, limit);
  };
}

/**
 * franc's sort (stable: a tie keeps the order of the models in franc's data) and normalize. The first
 * `limit` entries are picked by repeated minimum, which gives the same entries in the same order.
 */
function normalized(length: number, languages: string[], distances: number[], limit: number): LanguageScore[] {
  let ranked: LanguageScore[];
  if (limit >= languages.length) {
    ranked = languages.map((language, i): LanguageScore => [language, distances[i]!]).sort((a, b) => a[1] - b[1]);
  } else {
    ranked = [];
    const taken = new Uint8Array(languages.length);
    for (let n = 0; n < Math.max(limit, 1); n++) {
      let best = -1;
      for (let i = 0; i < languages.length; i++) {
        if (!taken[i] && (best === -1 || distances[i]! < distances[best]!)) best = i;
      }
      taken[best] = 1;
      ranked.push([languages[best]!, distances[best]!]);
    }
  }
  const min = ranked[0]![1];
  const max = length * MAX_DIFFERENCE - min;
  for (const entry of ranked) entry[1] = 1 - (entry[1] - min) / max || 0;
  return ranked;
}
