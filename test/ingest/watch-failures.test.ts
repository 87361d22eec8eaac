// Watching a folder when things go wrong (src/ingest/watch.ts): a database error during a write, the watch
// lock's connection dying, and the limits of the debounce. Every step waits for the watcher's own event.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FolderWatch, type WatchEvent, type WatchOptions, watchFolder } from '../../src/ingest/watch.js';
import { FIXTURE_CORPUS_DIR } from '../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase, testDialect } from '../helpers/test-database.js';

const FAST = { debounceMs: 20, stableMs: 60, maxTries: 3, standbyMs: 50, maxBackoffMs: 200 };
const story = readFileSync(
  join(FIXTURE_CORPUS_DIR, '_news', '2023-08-14-dana-okafor-opens-governor-bid-at-the-saltmarsh-shipyard.md'),
  'utf8',
);
const storyAt = (url: string) => story.replace(/^webUrl: .*$/m, `webUrl: "${url}"`);

/** A watcher on a database and folder of its own, and a way to wait for its next matching event. */
class Setup {
  readonly seen: WatchEvent[] = [];
  private waiters: { match: (e: WatchEvent) => boolean; resolve: (e: WatchEvent) => void }[] = [];
  database!: TestDatabase;
  dir = mkdtempSync(join(tmpdir(), 'watch-failures-'));
  watcher!: FolderWatch;
  push = (event: WatchEvent) => {
    this.seen.push(event);
    for (const w of this.waiters.filter((w) => w.match(event))) w.resolve(event);
    this.waiters = this.waiters.filter((w) => !w.match(event));
  };
  next(match: (e: WatchEvent) => boolean): Promise<WatchEvent> {
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
  async start(options: Partial<WatchOptions> = {}, dir = this.dir) {
    this.database = await createTestDatabase();
    const ready = this.next((e) => e.kind === 'ready');
    this.watcher = watchFolder(this.database.db, dir, {
      databaseUrl: this.database.url,
      ...FAST,
      ...options,
      onEvent: this.push,
    });
    await ready;
  }
  async stop() {
    await this.watcher?.close();
    await this.database?.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const loaded = (name: string) => (e: WatchEvent) =>
  e.kind === 'file' && e.event.path.endsWith(`/${name}`) && e.event.status === 'loaded';
const fileEvents = (s: Setup) => s.seen.filter((e) => e.kind === 'file');

let setup: Setup;
afterEach(async () => {
  await setup.stop();
});

describe('watching through failures', () => {
  it('keeps the files of a write that failed on a database error, reports it, and loads them once the database is back', async () => {
    setup = new Setup();
    await setup.start();
    const prisma = setup.database.db.prisma;
    await prisma.$executeRawUnsafe('ALTER TABLE source_file RENAME TO source_file_away');
    const failed = setup.next((e) => e.kind === 'error' && /trying again/.test(e.reason));
    writeFileSync(join(setup.dir, 'a.md'), storyAt('https://example.org/db-error'));
    await failed;
    const done = setup.next(loaded('a.md'));
    await prisma.$executeRawUnsafe('ALTER TABLE source_file_away RENAME TO source_file');
    await done;
    expect(await prisma.article.count({ where: { webUrl: 'https://example.org/db-error', isStub: false } })).toBe(1);
  });

  it.runIf(testDialect === 'postgresql')('stands by and takes the watch again when the lock connection dies', async () => {
    setup = new Setup();
    await setup.start();
    const name = new URL(setup.database.url).pathname.slice(1);
    const again = setup.next((e) => e.kind === 'watching');
    const standby = setup.next((e) => e.kind === 'standby');
    await setup.database.db.prisma.$queryRawUnsafe(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = $1 AND pid <> pg_backend_pid() AND query LIKE '%pg_try_advisory_lock%'`,
      name,
    );
    await standby;
    await again;
    const done = setup.next(loaded('after.md'));
    writeFileSync(join(setup.dir, 'after.md'), storyAt('https://example.org/after-lock-lost'));
    await done;
  });

  it('skips dot-files and symbolic links when the folder is given as a relative path', async () => {
    setup = new Setup();
    const outside = mkdtempSync(join(tmpdir(), 'watch-outside-'));
    try {
      writeFileSync(join(outside, 'secret.md'), storyAt('https://example.org/outside'));
      await setup.start({}, relative(process.cwd(), setup.dir));
      mkdirSync(join(setup.dir, '.hidden'));
      writeFileSync(join(setup.dir, '.hidden', 'h.md'), storyAt('https://example.org/hidden'));
      writeFileSync(join(setup.dir, '.dot.md'), storyAt('https://example.org/dot'));
      symlinkSync(join(outside, 'secret.md'), join(setup.dir, 'linked.md'));
      symlinkSync(outside, join(setup.dir, 'linked-dir'));
      const done = setup.next(loaded('plain.md'));
      writeFileSync(join(setup.dir, 'plain.md'), storyAt('https://example.org/plain'));
      await done;
      expect(fileEvents(setup)).toHaveLength(1);
      expect(await setup.database.db.prisma.article.count({ where: { isStub: false } })).toBe(1);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('writes once the batch is full, however long the debounce', async () => {
    setup = new Setup();
    await setup.start({ debounceMs: 3_600_000, maxWaitMs: 3_600_000, batchSize: 2 });
    const both = Promise.all([setup.next(loaded('one.md')), setup.next(loaded('two.md'))]);
    writeFileSync(join(setup.dir, 'one.md'), storyAt('https://example.org/one'));
    writeFileSync(join(setup.dir, 'two.md'), storyAt('https://example.org/two'));
    await both;
  });

  it('writes after the longest wait, however long the debounce', async () => {
    setup = new Setup();
    await setup.start({ debounceMs: 3_600_000, maxWaitMs: 100 });
    const done = setup.next(loaded('waited.md'));
    writeFileSync(join(setup.dir, 'waited.md'), storyAt('https://example.org/waited'));
    await done;
  });

  it('keeps an article (same id, never unlisted) renamed while its new name is still being written', async () => {
    setup = new Setup();
    await setup.start({ stableMs: 300 });
    const first = setup.next(loaded('old.md'));
    writeFileSync(join(setup.dir, 'old.md'), storyAt('https://example.org/renamed-slowly'));
    await first;
    const article = () =>
      setup.database.db.prisma.article.findFirst({
        where: { webUrl: 'https://example.org/renamed-slowly' },
        select: { id: true },
      });
    const before = await article();
    const removal = setup.next((e) => e.kind === 'removed');
    let newName = false;
    const written = setup.next(loaded('new.md')).then(() => (newName = true));
    renameSync(join(setup.dir, 'old.md'), join(setup.dir, 'new.md'));
    // The new name keeps growing for longer than a deletion takes to settle (stableMs + debounceMs).
    for (let i = 0; i < 60 && !newName; i++) {
      appendFileSync(join(setup.dir, 'new.md'), `More text ${i}.\n`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await written;
    expect(await removal).toMatchObject({ removal: { unlisted: [] } });
    expect(await article()).toEqual(before);
  });
});
