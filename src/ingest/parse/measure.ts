// The size of a parsed document before anything copies it. js-yaml hands an alias back as the very object its
// anchor names, so `images: [*i, *i, ...]` or nested aliases (a "billion laughs") cost js-yaml nothing, but
// the schemas, normalize and the writer would copy the value at every use. measureValues counts what that
// copying would cost and refuses a document over the caps first. Each distinct mapping or list is walked once
// and its size reused wherever it is referenced, so the walk is linear in the document however large the
// size it computes (the same idea as pricing a GraphQL fragment once in src/server/query-cost.ts).
import { IngestError } from '../types.js';
import { MAX_DOCUMENT_VALUES, MAX_NESTING } from './caps.js';
import { fieldPath } from './validate.js';
import type { ParseStep, WorkCounter } from './work.js';

/**
 * The number of values `data` stands for, aliases counted at every use. Throws IngestError, naming the
 * top-level field, over MAX_DOCUMENT_VALUES or MAX_NESTING, or for an alias inside the value it names.
 */
export function measureValues(data: unknown, step: ParseStep, work?: WorkCounter): number {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  const path: PropertyKey[] = [];
  let edges = 0;
  const field = () => fieldPath('', path.slice(0, 1)) || undefined;

  const sizeOf = (value: unknown): number => {
    if (value === null || typeof value !== 'object') return 1;
    const known = sizes.get(value);
    if (known !== undefined) return known;
    if (open.has(value)) throw new IngestError('an alias refers to a value that contains it', field());
    if (path.length > MAX_NESTING) {
      throw new IngestError(`nested deeper than ${MAX_NESTING} levels of mappings and lists`, field());
    }
    open.add(value);
    let size = 1;
    const entries: Iterable<[PropertyKey, unknown]> = Array.isArray(value) ? value.entries() : Object.entries(value);
    for (const [key, child] of entries) {
      edges++;
      path.push(key);
      size += sizeOf(child);
      path.pop();
      if (size > MAX_DOCUMENT_VALUES) {
        path.push(key);
        throw new IngestError(
          `the document holds over ${MAX_DOCUMENT_VALUES} values (mappings, lists and scalars), each alias counted at every use`,
          field(),
        );
      }
    }
    open.delete(value);
    sizes.set(value, size);
    return size;
  };

  try {
    return sizeOf(data);
  } finally {
    work?.add(step, edges);
  }
}
