// Multi-row statements (src/db/bulk-write.ts) are cut into chunks by the size of their values, so one JSON
// text never nears V8's string limit however large a set's rows are.
import { afterAll, describe, expect, it } from 'vitest';
import { chunksBySize, insertRows, JSON_CHUNK_CHARS, SOURCE_FILE_TABLE } from '../../src/db/bulk-write.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

describe('chunksBySize', () => {
  it('cuts rows in order into chunks within the budget, a row larger than the budget alone', () => {
    const rows = [
      { id: 1, body: 'a'.repeat(400) },
      { id: 2, body: 'b'.repeat(400) },
      { id: 3, body: 'c'.repeat(2_000) },
      { id: 4, body: 'd'.repeat(100) },
    ];
    const chunks = chunksBySize(rows, 1_000);
    expect(chunks.map((c) => c.map((r) => r.id))).toEqual([[1, 2], [3], [4]]);
    expect(chunks.flat()).toEqual(rows);
  });

  it('keeps 1,000 rows of 300 kB bodies out of one statement', () => {
    const body = 'x'.repeat(300 * 1024);
    const rows = Array.from({ length: 1_000 }, (_, id) => ({ id, body }));
    const chunks = chunksBySize(rows);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length * body.length).toBeLessThanOrEqual(JSON_CHUNK_CHARS);
    expect(chunks.flat()).toHaveLength(1_000);
  });
});

describe('insertRows', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  it('stores text past Latin-1 (sent as \\u escapes) exactly as given', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const texts = [
      'Tariffs ‘Ivanka’ — “quoted” …',
      'emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, CJK 新闻, Greek ειδήσεις',
      'Latin-1 only: café, naïve, ©',
      'escapes: "quotes" \\ backslash \n newline \t tab \u0001 control',
    ];
    const rows = texts.map((path, i) => ({ path, contentHash: `hash-${i}` }));
    const { prisma, dialect } = database.db;
    const inserted = await insertRows<{ id: number; path: string }>(prisma, dialect, SOURCE_FILE_TABLE, rows, ['id', 'path']);
    expect(inserted.map((row) => row.path)).toEqual(texts);
    const stored = await prisma.sourceFile.findMany({ orderBy: { id: 'asc' }, select: { path: true } });
    expect(stored.map((row) => row.path)).toEqual(inserted.map((row) => row.path));
  });

  it('stores a statement mostly past Latin-1 (sent as it is, not escaped) exactly as given', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const texts = Array.from({ length: 20 }, (_, i) => `新闻报道第${i}篇：选举结果与“计票”争议 😀 café`);
    const rows = texts.map((path, i) => ({ path, contentHash: `hash-${i}` }));
    const { prisma, dialect } = database.db;
    const inserted = await insertRows<{ id: number; path: string }>(prisma, dialect, SOURCE_FILE_TABLE, rows, ['id', 'path']);
    expect(inserted.map((row) => row.path)).toEqual(texts);
    const stored = await prisma.sourceFile.findMany({ orderBy: { id: 'asc' }, select: { path: true } });
    expect(stored.map((row) => row.path)).toEqual(texts);
  });
});
