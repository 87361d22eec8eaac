// Watching a folder (src/ingest/watch.ts), seen through the API: files written in pieces, renamed into
// place, changed and deleted; a file that keeps failing; two watchers on one database. Every step waits for
// the watcher's own event, never for a fixed time.
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/ingest/seed.js';
import { type FolderWatch, type WatchEvent, watchFolder } from '../../src/ingest/watch.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { FIXTURE_CORPUS_DIR } from '../helpers/fixtures.js';
import { type Client, captureLogger, clientOf } from '../helpers/server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const FAST = { debounceMs: 20, stableMs: 60, maxTries: 3, standbyMs: 50 };

/** Watcher events, and a way to wait for the next one that matches. */
class Events {
  readonly seen: WatchEvent[] = [];
  private waiters: { match: (e: WatchEvent) => boolean; resolve: (e: WatchEvent) => void }[] = [];
  push = (event: WatchEvent) => {
    this.seen.push(event);
    for (const w of this.waiters.filter((w) => w.match(event))) w.resolve(event);
    this.waiters = this.waiters.filter((w) => !w.match(event));
  };
  next(match: (e: WatchEvent) => boolean): Promise<WatchEvent> {
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

const fileEvent = (name: string, status?: string) => (e: WatchEvent) =>
  e.kind === 'file' && e.event.path.endsWith(`/${name}`) && (status === undefined || e.event.status === status);

let database: TestDatabase;
let client: Client;
let dir: string;
let watcher: FolderWatch;
const events = new Events();
const story = readFileSync(
  join(FIXTURE_CORPUS_DIR, '_news', '2023-08-14-dana-okafor-opens-governor-bid-at-the-saltmarsh-shipyard.md'),
  'utf8',
);
const url = /^webUrl: "?([^"\n]+)"?$/m.exec(story)![1]!;

/** The listing's URLs; its totalCount (the listed-article count the writes keep) must agree with them. */
const listedUrls = async () => {
  const { articles } = (await client.graphql('{ articles(first: 100) { totalCount edges { node { webUrl } } } }')).data;
  expect(articles.totalCount).toBe(articles.edges.length);
  return (articles.edges as { node: { webUrl: string } }[]).map((e) => e.node.webUrl);
};
const byUrl = async (u: string) =>
  (await client.graphql('query($u: String) { article(url: $u) { id title quality isStub } }', { u })).data.article;

beforeAll(async () => {
  database = await createTestDatabase();
  client = clientOf(createNewsYoga({ db: database.db, logger: captureLogger([]) }));
  dir = mkdtempSync(join(tmpdir(), 'watch-'));
  const ready = events.next((e) => e.kind === 'ready');
  watcher = watchFolder(database.db, dir, { databaseUrl: database.url, ...FAST, onEvent: events.push });
  await ready;
});

afterAll(async () => {
  await watcher.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('watching a folder', () => {
  it('reads a file written in pieces once, whole', async () => {
    const loaded = events.next(fileEvent('pieces.md'));
    const half = Math.floor(story.length / 2);
    writeFileSync(join(dir, 'pieces.md'), story.slice(0, half));
    await new Promise((resolve) => setImmediate(resolve));
    appendFileSync(join(dir, 'pieces.md'), story.slice(half));
    const event = await loaded;
    expect(event).toMatchObject({ kind: 'file', event: { status: 'loaded', articles: 1 } });
    expect(events.seen.filter((e) => e.kind === 'retry' || (e.kind === 'file' && e.event.status === 'failed'))).toEqual([]);
    expect(await listedUrls()).toContain(url);
  });

  it('loads a file renamed into place, and updates an article when its file changes', async () => {
    const other = story.replace(/^webUrl: .*$/m, 'webUrl: "https://example.org/renamed-into-place"');
    const loaded = events.next(fileEvent('renamed.md', 'loaded'));
    writeFileSync(join(dir, '.renamed.md.partial'), other); // a dot-file: not watched
    renameSync(join(dir, '.renamed.md.partial'), join(dir, 'renamed.md'));
    await loaded;
    expect(await listedUrls()).toContain('https://example.org/renamed-into-place');

    const updated = events.next(fileEvent('renamed.md', 'updated'));
    writeFileSync(
      join(dir, 'renamed.md'),
      other.replace(/^quality: \d+$/m, 'quality: 3').replace(/^title: .*$/m, 'title: "Changed title"'),
    );
    await updated;
    expect(await byUrl('https://example.org/renamed-into-place')).toMatchObject({ title: 'Changed title', quality: 3 });
  });

  it('keeps an article listed, same id, when its file is renamed within the folder', async () => {
    const before = await byUrl('https://example.org/renamed-into-place');
    const moved = Promise.all([
      events.next(fileEvent('moved.md')),
      events.next((e) => e.kind === 'removed' && e.removal.path.endsWith('/renamed.md')),
    ]);
    renameSync(join(dir, 'renamed.md'), join(dir, 'moved.md'));
    const [, removed] = await moved;
    expect(removed).toMatchObject({ removal: { unlisted: [] } });
    expect(await byUrl('https://example.org/renamed-into-place')).toEqual(before);
  });

  it('unlists an article whose every file is gone, keeping it as a stub while another article links it', async () => {
    // linker.md lists the pieces.md story as related; copy.md tells the pieces.md story too.
    const linker = story
      .replace(/^webUrl: .*$/m, 'webUrl: "https://example.org/linker"')
      .replace(/^related:\n/m, `related:\n  - title: "Linked"\n    webUrl: "${url}"\n`);
    const both = Promise.all([events.next(fileEvent('linker.md')), events.next(fileEvent('copy.md'))]);
    writeFileSync(join(dir, 'linker.md'), linker);
    writeFileSync(join(dir, 'copy.md'), story);
    await both;

    const first = events.next((e) => e.kind === 'removed' && e.removal.path.endsWith('/pieces.md'));
    unlinkSync(join(dir, 'pieces.md'));
    expect(await first).toMatchObject({ removal: { unlisted: [] } }); // copy.md still tells it
    expect(await listedUrls()).toContain(url);

    const last = events.next((e) => e.kind === 'removed' && e.removal.path.endsWith('/copy.md'));
    unlinkSync(join(dir, 'copy.md'));
    expect(
      (await last).kind === 'removed' && ((await last) as { removal: { unlisted: number[] } }).removal.unlisted,
    ).toHaveLength(1);
    expect(await listedUrls()).not.toContain(url);
    expect(await byUrl(url)).toMatchObject({ isStub: true });

    const gone = events.next((e) => e.kind === 'removed' && e.removal.path.endsWith('/moved.md'));
    unlinkSync(join(dir, 'moved.md'));
    await gone;
    expect(await byUrl('https://example.org/renamed-into-place')).toBeNull(); // nothing links it: deleted
    expect(await listedUrls()).not.toContain('https://example.org/renamed-into-place');
  });

  it('reports a file that keeps failing once, after its tries', async () => {
    const failed = events.next(fileEvent('broken.md', 'failed'));
    writeFileSync(join(dir, 'broken.md'), '---\ntitle: [unclosed\n---\n');
    const event = await failed;
    expect(event).toMatchObject({ tries: FAST.maxTries });
    const retries = events.seen.filter((e) => e.kind === 'retry' && e.path.endsWith('/broken.md'));
    expect(retries).toHaveLength(FAST.maxTries - 1);
    // A later change that fixes it is loaded.
    const fixed = events.next(fileEvent('broken.md', 'loaded'));
    writeFileSync(join(dir, 'broken.md'), story.replace(/^webUrl: .*$/m, 'webUrl: "https://example.org/fixed"'));
    await fixed;
    expect(events.seen.filter(fileEvent('broken.md', 'failed'))).toHaveLength(1);
  });

  it('lets one process watch a database: a second watcher stands by and takes over when the first stops', async () => {
    const second = new Events();
    const standby = second.next((e) => e.kind === 'standby');
    const other = watchFolder(database.db, dir, { databaseUrl: database.url, ...FAST, onEvent: second.push });
    try {
      await standby;
      expect(second.seen.some((e) => e.kind === 'watching')).toBe(false);
      const takesOver = second.next((e) => e.kind === 'watching');
      await watcher.close();
      await takesOver;
      const loaded = second.next(fileEvent('late.md', 'loaded'));
      writeFileSync(join(dir, 'late.md'), story.replace(/^webUrl: .*$/m, 'webUrl: "https://example.org/late"'));
      await loaded;
      expect(await listedUrls()).toContain('https://example.org/late');
    } finally {
      await other.close();
    }
  });
});

describe('a plain seed', () => {
  it('never deletes: an article whose file is gone stays listed', async () => {
    const plain = await createTestDatabase();
    const folder = mkdtempSync(join(tmpdir(), 'plain-seed-'));
    try {
      writeFileSync(join(folder, 'story.md'), story);
      await seed(plain.db.prisma, [folder]);
      unlinkSync(join(folder, 'story.md'));
      const again = await seed(plain.db.prisma, [folder]);
      expect(again.files).toMatchObject({ loaded: 0, failed: 0 });
      const reader = clientOf(createNewsYoga({ db: plain.db, logger: captureLogger([]) }));
      const listed = await reader.graphql('{ articles(first: 100) { edges { node { webUrl } } } }');
      expect(listed.data.articles.edges.map((e: { node: { webUrl: string } }) => e.node.webUrl)).toContain(url);
    } finally {
      await plain.drop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
