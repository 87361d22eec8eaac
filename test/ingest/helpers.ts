// Shared by the ingest tests: the seeds' path, bytes from text, and a precise IngestError matcher.
import { expect } from 'vitest';
import { IngestError } from '../../src/ingest/types.js';

export { SEEDS_DIR } from '../helpers/fixtures.js';

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Runs `action`, expects an IngestError, checks its field and that its message contains `message`. */
export function expectIngestError(action: () => unknown, expected: { field?: string; message: string }): IngestError {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(IngestError);
  const error = thrown as IngestError;
  expect(error.field).toBe(expected.field);
  expect(error.message).toContain(expected.message);
  return error;
}
