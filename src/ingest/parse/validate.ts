// Runs a zod schema and turns its first problem into an IngestError naming the field.
import type { z } from 'zod';
import { IngestError } from '../types.js';

/** ["related", 2, "webUrl"] -> "related[2].webUrl" */
export function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((joined, key) => {
    if (typeof key === 'number') return `${joined}[${key}]`;
    return joined ? `${joined}.${String(key)}` : String(key);
  }, prefix);
}

const MAX_EXTRA_PROBLEMS = 5;

/**
 * Parses `input` with `schema`, or throws an IngestError for its first problem (further problems
 * are listed in the message so one run shows everything wrong with a file).
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const [first, ...rest] = result.error.issues.map((issue) => ({ field: fieldPath(prefix, issue.path), message: issue.message }));
  if (!first) throw new IngestError('invalid document');
  const extra = rest.slice(0, MAX_EXTRA_PROBLEMS).map((p) => (p.field ? `${p.field}: ${p.message}` : p.message));
  if (rest.length > MAX_EXTRA_PROBLEMS) extra.push(`${rest.length - MAX_EXTRA_PROBLEMS} more`);
  const message = extra.length ? `${first.message} (also: ${extra.join('; ')})` : first.message;
  throw new IngestError(message, first.field || undefined);
}
