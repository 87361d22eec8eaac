// The loader against a real database: idempotence, updates, stub upgrades, merge order, atomicity.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seed } from '../../src/ingest/seed.js';
import { dumpContent } from '../helpers/dump.js';
import { FIXTURE_CORPUS_DIR, fixtureNews, listFiles, SAMPLE_DIRS, SEEDS_DIR } from '../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let database: TestDatabase;
let work: string;
beforeEach(async () => {
  database = await createTestDatabase();
  work = mkdtempSync(join(tmpdir(), 'news-load-'));
});
afterEach(async () => {
  await database?.drop();
  rmSync(work, { recursive: true, force: true });
});

const prisma = () => database.db.prisma;
const seedFile = (name: string) => readFileSync(join(SEEDS_DIR, name), 'utf8');
const FRONT_MATTER = '004_802b4129ae81b8f2.txt';

describe('seeding', () => {
  it('is idempotent: a second run changes nothing and reports every file unchanged', async () => {
    const first = await seed(prisma(), SAMPLE_DIRS);
    expect(first.files.failed).toBe(0);
    const before = await dumpContent(prisma());
    const second = await seed(prisma(), SAMPLE_DIRS);
    expect(second.files).toMatchObject({ loaded: 0, updated: 0, failed: 0 });
    expect(second.files.unchanged).toBe(first.files.loaded + first.files.skipped);
    expect(await dumpContent(prisma())).toEqual(before);
  });

  it('gives the same rows whatever order the files are read in', async () => {
    // Directory order is by name; seeding the files one by one in reverse order must end the same.
    // The fixtures tell some stories twice (archive copy, feed entry) and link full articles as related.
    await seed(prisma(), [FIXTURE_CORPUS_DIR, SEEDS_DIR]);
    const forward = await dumpContent(prisma());
    const other = await createTestDatabase();
    try {
      const files = [...listFiles(FIXTURE_CORPUS_DIR), ...listFiles(SEEDS_DIR)];
      for (const file of files.reverse()) await seed(other.db.prisma, [file]);
      expect(await dumpContent(other.db.prisma)).toEqual(forward);
    } finally {
      await other.drop();
    }
  });

  it('updates an article in place when its file changes, and keeps related stories one row each', async () => {
    const path = join(work, FRONT_MATTER);
    writeFileSync(path, seedFile(FRONT_MATTER));
    expect((await seed(prisma(), [work])).files.loaded).toBe(1);
    const stubs = await prisma().article.count({ where: { isStub: true } });
    expect(stubs).toBe(3);

    writeFileSync(
      path,
      seedFile(FRONT_MATTER).replace('quality: 121', 'quality: 130').replace('  - Mike Pence\n', '  - Ivanka Trump\n'),
    );
    const summary = await seed(prisma(), [work]);
    expect(summary.files.updated).toBe(1);
    const article = await prisma().article.findFirstOrThrow({
      where: { isStub: false },
      include: { topics: { include: { topic: true }, orderBy: { position: 'asc' } } },
    });
    expect(article.quality).toBe(130);
    expect(article.topics.map((t) => t.topic.name)).toEqual(['Election', 'Ivanka Trump']);
    expect(await prisma().article.count()).toBe(4);
    expect(await prisma().relatedLink.count()).toBe(3);
  });

  it("upgrades a stub in place when the related story's own file arrives", async () => {
    writeFileSync(join(work, 'a.md'), seedFile(FRONT_MATTER));
    await seed(prisma(), [work]);
    const stubUrl =
      'https://www.newsweek.com/marco-rubio-suggests-senate-could-try-hillary-clinton-donald-trump-convicted-1569095';
    const stub = await prisma().article.findUniqueOrThrow({ where: { webUrl: stubUrl } });
    expect(stub.isStub).toBe(true);

    writeFileSync(
      join(work, 'b.md'),
      `---\ntitle: "Marco Rubio Suggests Senate Could Try Hillary Clinton if Donald Trump is Convicted"\nwebUrl: "${stubUrl}"\npublishedDateTime: 2021-02-13T12:22:00Z\ntype: article\nquality: 119\nheat: 40\npublished: true\nprovider:\n  name: Newsweek\n  domain: newsweek.com\ntopics:\n  - Election\n---\nFull story text.\n`,
    );
    await seed(prisma(), [work]);
    const upgraded = await prisma().article.findUniqueOrThrow({ where: { webUrl: stubUrl }, include: { relatedTo: true } });
    expect(upgraded.id).toBe(stub.id);
    expect(upgraded.isStub).toBe(false);
    expect(upgraded.heat).toBe(40);
    expect(upgraded.body).toBe('Full story text.');
    expect(upgraded.relatedTo).toHaveLength(1);
  });

  it('upgrades a fixture stub in place when the file of the story it names arrives', async () => {
    // A fixture file whose related list names another fixture file's story (found by reading both).
    const stories = [...fixtureNews().values()].flat();
    const urls = new Set(stories.map((story) => story.webUrl));
    const lister = stories.find((story) => story.related?.some((r: any) => r.webUrl !== story.webUrl && urls.has(r.webUrl)))!;
    const targetUrl: string = lister.related.find((r: any) => r.webUrl !== lister.webUrl && urls.has(r.webUrl)).webUrl;
    const fileOf = (url: string) =>
      listFiles(FIXTURE_CORPUS_DIR).find(
        (file) => file.endsWith('.md') && readFileSync(file, 'utf8').includes(`\nwebUrl: "${url}"`),
      )!;

    await seed(prisma(), [fileOf(lister.webUrl)]);
    const stub = await prisma().article.findUniqueOrThrow({ where: { webUrl: targetUrl } });
    expect(stub.isStub).toBe(true);
    await seed(prisma(), [fileOf(targetUrl)]);
    const upgraded = await prisma().article.findUniqueOrThrow({
      where: { webUrl: targetUrl },
      include: { relatedTo: { include: { source: true } } },
    });
    expect(upgraded).toMatchObject({ id: stub.id, isStub: false });
    expect(upgraded.relatedTo.map((link) => link.source.webUrl)).toEqual([lister.webUrl]);
  });

  it('keeps the best-ranked version of each story the fixtures tell more than once (archive copy, feed entry)', async () => {
    await seed(prisma(), [FIXTURE_CORPUS_DIR]);
    const told = [...fixtureNews()].filter(([, versions]) => versions.length > 1);
    expect(told.length).toBeGreaterThanOrEqual(3);
    for (const [url, versions] of told) {
      // Rank: quality first (a missing one ranks last). The fixtures' versions differ in quality.
      const best = [...versions].sort((a, b) => (b.quality ?? -Infinity) - (a.quality ?? -Infinity))[0]!;
      expect(new Set(versions.map((v) => v.quality ?? null)).size, url).toBe(versions.length);
      const stored = await prisma().article.findUniqueOrThrow({ where: { webUrl: url } });
      expect({ quality: stored.quality, heat: stored.heat, published: stored.published }, url).toEqual({
        quality: best.quality ?? null,
        heat: best.heat ?? null,
        published: best.published ?? null,
      });
    }
  });

  it('merges versions of one story by rank, not by order: the higher quality wins', async () => {
    const low = seedFile(FRONT_MATTER);
    const high = low.replace('quality: 121', 'quality: 200').replace('published: false', 'published: true');
    for (const [first, second] of [
      [low, high],
      [high, low],
    ] as const) {
      const dir = mkdtempSync(join(work, 'm-'));
      writeFileSync(join(dir, '1.md'), first);
      writeFileSync(join(dir, '2.md'), second);
      const db = await createTestDatabase();
      try {
        await seed(db.db.prisma, [dir]);
        const article = await db.db.prisma.article.findFirstOrThrow({ where: { isStub: false } });
        expect(article).toMatchObject({ quality: 200, published: true });
        expect(await db.db.prisma.article.count({ where: { isStub: false } })).toBe(1);
      } finally {
        await db.drop();
      }
    }
  });

  it('writes nothing of a failing file and still loads the others, naming the file and the reason', async () => {
    cpSync(SEEDS_DIR, work, { recursive: true });
    writeFileSync(join(work, 'broken.md'), '---\ntitle: [unclosed\nwebUrl: "https://example.com/x"\n---\n');
    writeFileSync(
      join(work, 'no-title.md'),
      '---\nwebUrl: "https://example.com/y"\nrelated:\n  - title: "Z"\n    webUrl: "https://example.com/z"\n---\n',
    );
    writeFileSync(join(work, 'binary.txt'), Buffer.from([0x00, 0xff, 0x10, 0x00, 0x80]));
    const summary = await seed(prisma(), [work]);
    expect(summary.files.loaded).toBe(2);
    expect(summary.failures.map((f) => f.path.split('/').pop()).sort()).toEqual(['binary.txt', 'broken.md', 'no-title.md']);
    for (const failure of summary.failures) expect(failure.reason.length).toBeGreaterThan(5);
    expect(summary.failures.find((f) => f.path.endsWith('no-title.md'))?.reason).toMatch(/title/);
    // Nothing of the failed files: no stub for example.com/z, no source row.
    expect(await prisma().article.count({ where: { webUrl: { contains: 'example.com' } } })).toBe(0);
    expect(await prisma().sourceFile.count()).toBe(2);
  });

  it('rolls back a whole file when the database rejects part of it', async () => {
    writeFileSync(join(work, 'a.md'), seedFile(FRONT_MATTER));
    // A trigger that fails on one related story's insert: the article and its other stubs must vanish too.
    const fail =
      database.db.dialect === 'sqlite'
        ? `CREATE TRIGGER reject_newsweek BEFORE INSERT ON article WHEN NEW.web_url LIKE '%newsweek%' BEGIN SELECT RAISE(ABORT, 'rejected by test'); END`
        : `CREATE FUNCTION reject_newsweek() RETURNS trigger AS $$ BEGIN IF NEW.web_url LIKE '%newsweek%' THEN RAISE EXCEPTION 'rejected by test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
           CREATE TRIGGER reject_newsweek BEFORE INSERT ON article FOR EACH ROW EXECUTE FUNCTION reject_newsweek();`;
    for (const statement of fail.split(/;\n\s*/)) await prisma().$executeRawUnsafe(statement);
    const summary = await seed(prisma(), [work]);
    expect(summary.files.failed).toBe(1);
    // SQLite reports a trigger's RAISE as a constraint violation; PostgreSQL passes the message through.
    expect(summary.failures[0]?.reason).toMatch(/rejected by test|constraint/i);
    for (const table of ['article', 'provider', 'topic', 'image', 'related_link', 'source_file', 'article_version']) {
      const [row] = await prisma().$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM ${table}`);
      expect(Number(row?.n), table).toBe(0);
    }
  });
});
