// Parsing in a worker thread (src/ingest/parse-pool.ts) answers what parsing in this thread answers: every
// document as the same plain data (dates included), every failure with the same reason, in order.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../../bench/corpus.js';
import { inlineParser, workerParser } from '../../src/ingest/parse-pool.js';
import { documentContentHash } from '../../src/ingest/pipeline.js';
import { type ReadFile, walkFiles } from '../../src/ingest/seed.js';
import { SAMPLE_DIRS } from '../helpers/fixtures.js';
import { utf8 } from './helpers.js';

let work: string;
const inputs: ReadFile[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'parse-pool-'));
  await writeCorpus(join(work, 'corpus'), 120, 11);
  for await (const path of walkFiles([...SAMPLE_DIRS, join(work, 'corpus')])) {
    const bytes = readFileSync(path);
    inputs.push({ path, bytes, contentHash: documentContentHash(bytes) });
  }
  const bad = utf8('---\ntitle: [unclosed\n---\n');
  inputs.push({ path: 'bad.md', bytes: bad, contentHash: documentContentHash(bad) });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the parse worker', () => {
  it('answers each file as this thread does, in order, failures included', async () => {
    const worker = workerParser();
    try {
      const [inThread, inWorker] = [await inlineParser().parse(inputs), await worker.parse(inputs)];
      expect(inWorker).toEqual(inThread);
      expect(inWorker.at(-1)).toMatchObject({ path: 'bad.md', status: 'failed' });
      const dated = inWorker.flatMap((r) => ('document' in r && r.document.kind === 'articles' ? r.document.articles : []));
      expect(dated.filter((a) => a.publishedAt instanceof Date).length).toBeGreaterThan(100);
      // Two sets in flight at once come back to their own callers.
      const [first, second] = await Promise.all([worker.parse(inputs.slice(0, 5)), worker.parse(inputs.slice(5, 9))]);
      expect([...first, ...second]).toEqual(inThread.slice(0, 9));
    } finally {
      await worker.close();
    }
  });

  it('refuses work once closed, with a reason', async () => {
    const worker = workerParser();
    await worker.close();
    await expect(worker.parse(inputs.slice(0, 1))).rejects.toThrow(/closed/);
  });
});
