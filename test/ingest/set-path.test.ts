// The set path (SetStore: a batch read in sets, merged in memory, written in multi-row statements) against
// the per-file reference path (RowStore): the same files in the same order must leave the same rows in
// every table, ids included. Inputs: the seeds and fixtures, and a generated corpus with copies of stories
// (identical, better-ranked, retitled) across batches and related lists that overlap.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpus } from '../../bench/corpus.js';
import type { Db } from '../../src/db/client.js';
import { prepareDocument } from '../../src/ingest/pipeline.js';
import { type SeedOptions, seed } from '../../src/ingest/seed.js';
import type { PreparedDocument } from '../../src/ingest/types.js';
import { ArticleWriter } from '../../src/ingest/write/article-writer.js';
import { SAMPLE_DIRS } from '../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const databases: TestDatabase[] = [];
let work: string;
let generated: string;

/** Every table, every column but timestamps; image ids left out (the reference deletes and re-inserts images). */
async function dumpTables(prisma: Db) {
  const noStamps = <T extends object>(rows: T[]) =>
    rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !/At$/.test(k))));
  return {
    article: noStamps(await prisma.article.findMany({ orderBy: { id: 'asc' } })),
    provider: noStamps(await prisma.provider.findMany({ orderBy: { id: 'asc' } })),
    topic: await prisma.topic.findMany({ orderBy: { id: 'asc' } }),
    articleTopic: await prisma.articleTopic.findMany({ orderBy: [{ articleId: 'asc' }, { position: 'asc' }] }),
    image: (await prisma.image.findMany({ orderBy: [{ articleId: 'asc' }, { providerId: 'asc' }, { position: 'asc' }] })).map(
      ({ id, ...rest }) => rest,
    ),
    relatedLink: await prisma.relatedLink.findMany({ orderBy: [{ sourceId: 'asc' }, { rank: 'asc' }] }),
    sourceFile: noStamps(await prisma.sourceFile.findMany({ orderBy: { id: 'asc' } })),
    articleVersion: (await prisma.articleVersion.findMany({ orderBy: [{ sourceFileId: 'asc' }, { position: 'asc' }] })).map(
      ({ id, ...rest }) => rest,
    ),
    slugAlias: await prisma.articleSlugAlias.findMany({ orderBy: { slug: 'asc' } }),
  };
}

async function seededBoth(paths: readonly string[], options: SeedOptions = {}) {
  const sets = await createTestDatabase();
  const rows = await createTestDatabase();
  databases.push(sets, rows);
  const setSummary = await seed(sets.db.prisma, paths, { ...options, dialect: sets.db.dialect });
  const rowSummary = await seed(rows.db.prisma, paths, { ...options, dialect: rows.db.dialect, writePath: 'rows' });
  return { sets, rows, setSummary, rowSummary };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'set-path-'));
  generated = join(work, 'generated');
  mkdirSync(generated);
  await writeCorpus(join(generated, 'a'), 240, 7);
  // Copies in a later directory: identical ones, better-ranked ones, and retitled better-ranked ones (a new
  // slug, so the old one becomes an alias). They land in other batches than their originals.
  const originals = readdirSync(join(generated, 'a', '000')).sort();
  mkdirSync(join(generated, 'b'));
  originals.slice(0, 60).forEach((name, i) => {
    const text = readFileSync(join(generated, 'a', '000', name), 'utf8');
    const copy =
      i % 3 === 0
        ? text
        : text.replace(/^quality: \d+$/m, 'quality: 99').replace(/^title: "/m, i % 3 === 2 ? 'title: "Retitled ' : 'title: "');
    writeFileSync(join(generated, 'b', `copy-${name}`), copy);
  });
  cpSync(join(generated, 'a', '000'), join(generated, 'c'), { recursive: true, filter: (src) => !src.endsWith('5.md') });
});

afterAll(async () => {
  for (const database of databases) await database.drop();
  rmSync(work, { recursive: true, force: true });
});

describe('the set path', () => {
  it('leaves the rows of the per-file path: seeds and fixtures', async () => {
    const { sets, rows, setSummary, rowSummary } = await seededBoth(SAMPLE_DIRS);
    expect(setSummary.files).toEqual(rowSummary.files);
    expect(await dumpTables(sets.db.prisma)).toEqual(await dumpTables(rows.db.prisma));
  });

  it('leaves the rows of the per-file path: a generated corpus with copies and overlapping related lists, in small batches', async () => {
    const { sets, rows, setSummary, rowSummary } = await seededBoth([generated], { batchSize: 37 });
    expect(setSummary.files).toEqual(rowSummary.files);
    expect(setSummary.files.loaded).toBeGreaterThan(400);
    const dump = await dumpTables(sets.db.prisma);
    expect(dump.slugAlias.length).toBeGreaterThan(0);
    expect(dump.article.some((a) => a.isStub)).toBe(true);
    expect(dump).toEqual(await dumpTables(rows.db.prisma));
  });

  it('leaves the same rows whether its sets are parsed in a worker thread or in this one', async () => {
    const inWorker = await createTestDatabase();
    const inThread = await createTestDatabase();
    databases.push(inWorker, inThread);
    const options = { batchSize: 37 }; // many sets: every set after the first is parsed by the worker
    const workerSummary = await seed(inWorker.db.prisma, [generated], {
      ...options,
      dialect: inWorker.db.dialect,
      parseThreads: 1,
    });
    const threadSummary = await seed(inThread.db.prisma, [generated], {
      ...options,
      dialect: inThread.db.dialect,
      parseThreads: 0,
    });
    expect(workerSummary.files).toEqual(threadSummary.files);
    expect(await dumpTables(inWorker.db.prisma)).toEqual(await dumpTables(inThread.db.prisma));
  });

  it('writes as a set when a re-merge crowns a version from a file outside the set', async () => {
    const folder = join(work, 'crown');
    const story = (quality: number, topic: string, domain: string, related: string) =>
      [
        '---',
        'title: "Crowned"',
        'webUrl: "https://example.org/crowned"',
        `quality: ${quality}`,
        `topics: ["${topic}"]`,
        `provider: {name: "${domain}", domain: "${domain}"}`,
        `related: [{title: "R", webUrl: "https://example.org/${related}"}]`,
        '---',
        '',
      ].join('\n');
    mkdirSync(join(folder, 'a'), { recursive: true });
    mkdirSync(join(folder, 'b'));
    writeFileSync(join(folder, 'a', 'f1.md'), story(5, 'Alpha', 'p1.example', 'y'));
    writeFileSync(join(folder, 'b', 'f2.md'), story(9, 'Beta', 'p2.example', 'z'));
    const { sets, rows } = await seededBoth([folder]);
    writeFileSync(join(folder, 'b', 'f2.md'), story(1, 'Beta', 'p2.example', 'z')); // f1 wins again
    const fallbacks: string[] = [];
    const again = await seed(sets.db.prisma, [join(folder, 'b')], {
      dialect: sets.db.dialect,
      onSetFallback: (reason) => fallbacks.push(reason),
    });
    await seed(rows.db.prisma, [join(folder, 'b')], { dialect: rows.db.dialect, writePath: 'rows' });
    expect(again.files.updated).toBe(1);
    expect(fallbacks).toEqual([]);
    expect(await dumpTables(sets.db.prisma)).toEqual(await dumpTables(rows.db.prisma));
  });

  it('writes a path twice in one batch as two sets, the second an update', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const fallbacks: string[] = [];
    const writer = new ArticleWriter(database.db.prisma, {
      dialect: database.db.dialect,
      onSetFallback: (reason) => fallbacks.push(reason),
    });
    const doc = (title: string) =>
      prepareDocument(
        'api:same',
        new TextEncoder().encode(`---\ntitle: "${title}"\nwebUrl: "https://example.org/${title}"\n---\n`),
      );
    const out = await writer.writeBatch([doc('first'), doc('second')] as PreparedDocument[]);
    expect(out.map((o) => (o instanceof Error ? o.message : o.status))).toEqual(['loaded', 'updated']);
    expect(fallbacks).toEqual([]);
  });

  it('leaves the rows of the per-file path when sets are cut by bytes rather than files', async () => {
    const { sets, rows, setSummary, rowSummary } = await seededBoth([generated], { batchBytes: 20_000 });
    expect(setSummary.files).toEqual(rowSummary.files);
    expect(await dumpTables(sets.db.prisma)).toEqual(await dumpTables(rows.db.prisma));
  });

  it('leaves the rows of the per-file path when files change and a second seed updates them', async () => {
    const { sets, rows } = await seededBoth([generated], { batchSize: 100 });
    const changed = join(generated, 'c');
    for (const name of readdirSync(changed).slice(0, 40)) {
      const path = join(changed, name);
      writeFileSync(
        path,
        readFileSync(path, 'utf8')
          .replace(/^heat: \d+$/m, 'heat: 5')
          .replace(/^quality: \d+$/m, 'quality: 1'),
      );
    }
    const again = await seed(sets.db.prisma, [generated], { batchSize: 100, dialect: sets.db.dialect });
    const reference = await seed(rows.db.prisma, [generated], { batchSize: 100, dialect: rows.db.dialect, writePath: 'rows' });
    expect(again.files).toEqual(reference.files);
    expect(again.files.updated).toBe(40);
    expect(await dumpTables(sets.db.prisma)).toEqual(await dumpTables(rows.db.prisma));
  });
});
