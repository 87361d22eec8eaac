// Two seed processes at the same time on the same files end with the same rows as one process: no
// duplicate providers, topics or stubs (unique keys plus retried transactions).
import { afterAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/ingest/seed.js';
import { dumpContent } from '../helpers/dump.js';
import { SAMPLE_DIRS } from '../helpers/fixtures.js';
import { startSeedProcess } from '../helpers/seed-process.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

describe('concurrent seeding', () => {
  it('two processes on the same files give the rows of one', async () => {
    const shared = await createTestDatabase();
    const single = await createTestDatabase();
    databases.push(shared, single);

    const [a, b] = await Promise.all([startSeedProcess(shared.url).exited, startSeedProcess(shared.url).exited]);
    expect(a.code, a.output).toBe(0);
    expect(b.code, b.output).toBe(0);
    const one = await seed(single.db.prisma, SAMPLE_DIRS);
    // Each file is written by one process; the other finds it stored with the same content: unchanged, never updated.
    const counts = [a, b].map(({ output }) => {
      const [, loaded, updated, unchanged, skipped] = /^files: (\d+) loaded, (\d+) updated, (\d+) unchanged, (\d+) skipped/m.exec(
        output,
      )!;
      return { written: Number(loaded) + Number(skipped), updated: Number(updated), unchanged: Number(unchanged) };
    });
    expect(counts.map((c) => c.updated)).toEqual([0, 0]);
    expect(counts[0]!.written + counts[1]!.written).toBe(one.files.loaded + one.files.skipped);
    expect(counts[0]!.unchanged + counts[1]!.unchanged).toBe(one.files.loaded + one.files.skipped);
    const expected = await dumpContent(single.db.prisma);
    const actual = await dumpContent(shared.db.prisma);
    expect(actual.providers.map((p) => p.domain)).toEqual(expected.providers.map((p) => p.domain));
    expect(actual).toEqual(expected);
  });
});
