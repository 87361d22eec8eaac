// Shared by the ingest tests: paths to the sample inputs and a precise IngestError matcher.
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { IngestError } from '../../src/ingest/types.js';

export const SEEDS_DIR = fileURLToPath(new URL('../../seeds/', import.meta.url));
/** The SmartableAI/election sample corpus (shared, read-only). */
export const CORPUS_DIR = process.env.ELECTION_CORPUS_DIR ?? '/work/shared/corpus/election';

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
