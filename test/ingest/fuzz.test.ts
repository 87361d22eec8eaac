// Ingest fuzzing: a damaged copy of the seeds and fixtures (truncated files, broken YAML, wrong types, binary bytes,
// 10 MB fields, duplicate URLs in one batch, unknown fields) is seeded in mixed batches. Every file loads or
// is rejected with its reason, the seed never throws, and the database holds exactly what the loadable files
// alone give: no partial article, no orphan provider, topic or stub (checked with SQL).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedEvent, type SeedSummary, seed } from '../../src/ingest/seed.js';
import { dumpContent } from '../helpers/dump.js';
import { SAMPLE_DIRS } from '../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { type FuzzFile, writeFuzzCorpus } from './fuzz-corpus.js';

const fuzzDir = mkdtempSync(join(tmpdir(), 'ingest-fuzz-'));
const cleanDir = mkdtempSync(join(tmpdir(), 'ingest-fuzz-clean-'));
let files: FuzzFile[];
let database: TestDatabase;
let summary: SeedSummary;
const events = new Map<string, SeedEvent>();

beforeAll(async () => {
  files = writeFuzzCorpus(fuzzDir, [...SAMPLE_DIRS], 20_241_122);
  database = await createTestDatabase();
  // Batches of 25 mix good and bad files, so the loader's fall-back to one file per transaction is exercised.
  summary = await seed(database.db.prisma, [fuzzDir], { batchSize: 25, onFile: (e) => events.set(e.path.split('/').at(-1)!, e) });
}, 300_000);
afterAll(async () => {
  await database?.drop();
  rmSync(fuzzDir, { recursive: true, force: true });
  rmSync(cleanDir, { recursive: true, force: true });
});

const count = async (sql: string) => {
  const [row] = await database.db.prisma.$queryRawUnsafe<{ n: number | bigint }[]>(sql);
  return Number(row!.n);
};

describe('ingest fuzzing', () => {
  it('gives every file an outcome: loaded, skipped, or failed with a reason', () => {
    // 38 seed and fixture files, six or seven variants of each.
    expect(files.length).toBeGreaterThan(250);
    expect(events.size).toBe(files.length);
    for (const file of files) {
      const event = events.get(file.name)!;
      expect(['loaded', 'skipped', 'failed'], file.name).toContain(event.status);
      if (event.status === 'failed') expect(event.reason.length, file.name).toBeGreaterThan(5);
    }
    expect(summary.files.failed).toBeGreaterThan(files.length / 4);
    expect(summary.files.loaded).toBeGreaterThan(files.length / 4);
  });

  it('rejects what cannot be read, with the reason, and loads what can', () => {
    const outcomes = (damage: FuzzFile['damage']) => files.filter((f) => f.damage === damage).map((f) => events.get(f.name)!);
    expect(outcomes('original').every((e) => e.status !== 'failed')).toBe(true);
    expect(outcomes('unknown-fields').every((e) => e.status !== 'failed')).toBe(true);
    expect(outcomes('duplicate-url').every((e) => e.status !== 'failed')).toBe(true);
    for (const e of outcomes('binary'))
      expect(e).toMatchObject({ status: 'failed', reason: expect.stringMatching(/binary content/) });
    for (const e of outcomes('huge-field'))
      expect(e).toMatchObject({ status: 'failed', reason: expect.stringMatching(/over the 5242880-byte limit/) });
    expect(outcomes('huge-field').length).toBeGreaterThanOrEqual(2);
    const brokenYaml = outcomes('broken-yaml');
    expect(brokenYaml.filter((e) => e.status === 'failed').length).toBeGreaterThan(brokenYaml.length / 2);
    const wrongTypes = outcomes('wrong-type').filter((e) => e.status === 'failed');
    expect(wrongTypes.length).toBeGreaterThan(20);
    // Wrong types are reported by field name.
    expect(
      wrongTypes.some((e) => 'reason' in e && /quality|title|publishedDateTime|webUrl|images|topics|provider/.test(e.reason)),
    ).toBe(true);
  });

  it('stores nothing of a rejected file', async () => {
    const failed = [...events.values()].filter((e) => e.status === 'failed').map((e) => e.path);
    const stored = await database.db.prisma.sourceFile.count({ where: { path: { in: failed } } });
    expect(stored).toBe(0);
  });

  it('leaves no partial article and no orphan provider, topic or stub (SQL)', async () => {
    // A full article always has the version that tells it, and a source file behind that version.
    expect(
      await count(`SELECT COUNT(*) AS n FROM article a WHERE NOT a.is_stub
      AND NOT EXISTS (SELECT 1 FROM article_version v WHERE v.article_id = a.id)`),
    ).toBe(0);
    expect(
      await count(`SELECT COUNT(*) AS n FROM article_version v
      WHERE NOT EXISTS (SELECT 1 FROM source_file s WHERE s.id = v.source_file_id)`),
    ).toBe(0);
    // A stub is linked to, or at least named by a stored version's related list.
    expect(
      await count(`SELECT COUNT(*) AS n FROM article a WHERE a.is_stub
      AND NOT EXISTS (SELECT 1 FROM related_link r WHERE r.target_id = a.id)
      AND NOT EXISTS (SELECT 1 FROM article_version v WHERE v.record LIKE '%' || a.identity_key || '%')`),
    ).toBe(0);
    // Providers and topics are used by an article or named by a stored version.
    expect(
      await count(`SELECT COUNT(*) AS n FROM provider p
      WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.provider_id = p.id)
      AND NOT EXISTS (SELECT 1 FROM article_version v WHERE v.record LIKE '%"domain":"' || p.domain || '"%')`),
    ).toBe(0);
    expect(
      await count(`SELECT COUNT(*) AS n FROM topic t
      WHERE NOT EXISTS (SELECT 1 FROM article_topic x WHERE x.topic_id = t.id)
      AND NOT EXISTS (SELECT 1 FROM article_version v WHERE LOWER(v.record) LIKE '%' || LOWER(t.name) || '%')`),
    ).toBe(0);
    // Links and images point at existing rows.
    expect(
      await count(`SELECT COUNT(*) AS n FROM related_link r
      WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.id = r.source_id) OR NOT EXISTS (SELECT 1 FROM article a WHERE a.id = r.target_id)`),
    ).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM image i WHERE i.article_id IS NULL AND i.provider_id IS NULL`)).toBe(0);
  });

  it('holds exactly the rows that the loadable files alone give', async () => {
    const loadable = files.filter((f) => events.get(f.name)!.status !== 'failed');
    const clean = await createTestDatabase();
    try {
      // Same names in a directory of their own; dumps compare paths relative to their directory.
      for (const f of loadable) copyFileSync(join(fuzzDir, f.name), join(cleanDir, f.name));
      const cleanSummary = await seed(clean.db.prisma, [cleanDir]);
      expect(cleanSummary.files.failed).toBe(0);
      const strip = (dump: Awaited<ReturnType<typeof dumpContent>>) => ({
        ...dump,
        sources: dump.sources.map((s) => ({ ...s, path: s.path.split('/').at(-1) })),
      });
      expect(strip(await dumpContent(database.db.prisma))).toEqual(strip(await dumpContent(clean.db.prisma)));
    } finally {
      await clean.drop();
    }
  });
});
