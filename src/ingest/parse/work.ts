// Counting the parse layer's work. Each step reports the units of work done in its own loops (lines
// visited, values walked, entries validated) to an optional counter, so tests can check that work grows
// linearly with the input (test/security/ingest-*.test.ts) from deterministic counts, never from timings.
// Without a counter nothing is counted: `work?.add(...)` is the whole cost.

/** The parse layer's steps, as they report their work. */
export type ParseStep =
  | 'decode' // characters decoded
  | 'front-matter.split' // lines looked at to find the closing delimiter, and characters scanned for blank runs
  | 'front-matter.comments' // steps gray-matter's comment-stripping regex takes (bounded before it runs)
  | 'front-matter.yaml' // distinct YAML values walked to measure the document (aliases are not walked twice)
  | 'json-feed.values' // JSON values walked to measure the page
  | 'validate' // values the schemas check: the document's size with its aliases expanded
  | 'plain-text.lines' // lines split and canonicalized
  | 'plain-text.outlet' // line visits while recognizing the outlet
  | 'plain-text.furniture' // line visits while stripping footers, chrome lines and inserts
  | 'plain-text.header' // line visits while reading the title, standfirst, byline and date line
  | 'plain-text.body'; // line visits while assembling the story's paragraphs

/** Where a parse step reports its work. */
export interface WorkCounter {
  add(step: ParseStep, units: number): void;
}

/** A WorkCounter that keeps a total per step. */
export class WorkTally implements WorkCounter {
  readonly steps = new Map<ParseStep, number>();

  add(step: ParseStep, units: number): void {
    this.steps.set(step, (this.steps.get(step) ?? 0) + units);
  }

  /** The total of one step (0 when it did not run). */
  of(step: ParseStep): number {
    return this.steps.get(step) ?? 0;
  }

  /** The total over every step. */
  total(): number {
    let sum = 0;
    for (const units of this.steps.values()) sum += units;
    return sum;
  }
}
