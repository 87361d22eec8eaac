// A small seeded PRNG (mulberry32) and samplers for the measured distributions of bench/corpus-shape.ts.
// Every generated article gets its own stream, derived from (seed, index), so any article can be rebuilt
// from its index alone: related entries describe other articles without keeping the corpus in memory.

export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stream for one (seed, parts...) tuple: the parts are mixed in with a 32-bit FNV-1a-style hash. */
export function streamFor(seed: number, ...parts: number[]): Random {
  let h = 0x811c9dc5 ^ seed;
  for (const part of parts) {
    h = Math.imul(h ^ (part & 0xffff), 0x01000193);
    h = Math.imul(h ^ (part >>> 16), 0x01000193);
  }
  return mulberry32(h);
}

export const intBelow = (random: Random, n: number) => Math.floor(random() * n);

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[intBelow(random, items.length)]!;
}

/** Index into `weights` with probability proportional to the weight. */
export function pickWeightedIndex(random: Random, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** A value of a {value: count} histogram, as often as the histogram says. */
export function sampleHistogram(random: Random, histogram: Record<number, number>): number {
  const entries = Object.entries(histogram);
  return Number(
    entries[
      pickWeightedIndex(
        random,
        entries.map(([, n]) => n),
      )
    ]![0],
  );
}

/**
 * A value from quantiles [min, p25, p50, p75, p90, max], interpolating linearly between them (the inverse
 * of a piecewise-linear CDF), rounded to an integer.
 */
export function sampleQuantiles(random: Random, q: readonly number[]): number {
  const levels = [0, 0.25, 0.5, 0.75, 0.9, 1];
  const u = random();
  for (let i = 1; i < levels.length; i++) {
    if (u <= levels[i]!) {
      const f = (u - levels[i - 1]!) / (levels[i]! - levels[i - 1]!);
      return Math.round(q[i - 1]! + f * (q[i]! - q[i - 1]!));
    }
  }
  return q.at(-1)!;
}
