// "Linear work" (issue 10): for every parser step, a deterministic work counter grows by at most 2.5x when
// the input doubles, over three doublings. The parse layer reports its work to a WorkTally
// (src/ingest/parse/work.ts); these helpers run an input at four sizes and check each step's counts.
import { expect } from 'vitest';
import { type ParseStep, WorkTally } from '../../src/ingest/parse/work.js';
import { growth, MAX_GROWTH } from './work-counter.js';

/**
 * Runs `parse` on `input(n)` for n = base, 2 base, 4 base, 8 base and expects every step that reported work
 * to grow by at most MAX_GROWTH per doubling. Returns the counts by step, for further assertions.
 */
export function expectLinearWork(
  input: (n: number) => string,
  parse: (text: string, work: WorkTally) => unknown,
  base: number,
): Map<ParseStep, number[]> {
  const tallies = [base, 2 * base, 4 * base, 8 * base].map((n) => {
    const work = new WorkTally();
    try {
      parse(input(n), work);
    } catch {
      // refusing an input is fine: the work done until then is what counts
    }
    return work;
  });
  const steps = new Set(tallies.flatMap((tally) => [...tally.steps.keys()]));
  const byStep = new Map<ParseStep, number[]>();
  for (const step of steps) {
    const counts = tallies.map((tally) => tally.of(step));
    byStep.set(step, counts);
    // A step that stops doing work as the input grows (refusing it sooner) has not grown.
    for (const ratio of growth(counts))
      expect(Number.isNaN(ratio) ? 0 : ratio, `${step}: ${counts.join(' -> ')}`).toBeLessThanOrEqual(MAX_GROWTH);
  }
  const totals = tallies.map((tally) => tally.total());
  for (const ratio of growth(totals)) expect(ratio, `all steps: ${totals.join(' -> ')}`).toBeLessThanOrEqual(MAX_GROWTH);
  return byStep;
}
