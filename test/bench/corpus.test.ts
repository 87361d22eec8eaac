// The benchmark's synthetic corpus: deterministic, parseable by the real pipeline, and linking both to
// other generated articles and to stories without a file (which become stubs).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { articleFile, articleStory, DEFAULT_SEED, writeCorpus } from '../../bench/corpus.js';
import { documentFromBytes } from '../../src/ingest/pipeline.js';

const dir = mkdtempSync(join(tmpdir(), 'bench-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('synthetic corpus', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(articleFile(DEFAULT_SEED, 7, 1000)).toEqual(articleFile(DEFAULT_SEED, 7, 1000));
    expect(articleFile(DEFAULT_SEED + 1, 7, 1000).text).not.toBe(articleFile(DEFAULT_SEED, 7, 1000).text);
  });

  it('writes files in shards that parse as one article each, with related entries inside and outside the corpus', async () => {
    const count = 1200;
    const summary = await writeCorpus(dir, count);
    expect(summary.files).toBe(count);
    expect(readdirSync(dir).sort()).toEqual(['000', '001']);

    const corpusUrls = new Set(Array.from({ length: count }, (_, i) => articleStory(DEFAULT_SEED, i).webUrl));
    let inside = 0;
    let outside = 0;
    let withRelated = 0;
    for (const shard of readdirSync(dir)) {
      for (const name of readdirSync(join(dir, shard))) {
        const document = documentFromBytes(readFileSync(join(dir, shard, name)));
        if (document.kind !== 'articles') throw new Error(`${name} was skipped`);
        expect(document.articles).toHaveLength(1);
        const [article] = document.articles;
        expect(article!.topics[0]).toBe('Election');
        expect(article!.provider?.domain).toBeTruthy();
        if (article!.related.length) withRelated++;
        for (const entry of article!.related) corpusUrls.has(entry.webUrl) ? inside++ : outside++;
      }
    }
    // Measured shape: 23 of 50 real articles list related stories.
    expect(withRelated / count).toBeGreaterThan(0.3);
    expect(withRelated / count).toBeLessThan(0.6);
    expect(inside).toBeGreaterThan(0);
    expect(outside).toBeGreaterThan(0);
  });
});
