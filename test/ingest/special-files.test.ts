// Paths that name something other than a regular file — a FIFO (named pipe) dropped into a watched folder, a
// device given on the command line — are each reported as a failed file, and the rest loads. Opening a FIFO
// for reading waits for a writer: a read that did so would hang the seed, and inside the API server (watch
// mode) the whole process. Both read paths are checked: the seed command's synchronous reads and the server's
// asynchronous ones (yieldEvery).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedEvent, seedFiles } from '../../src/ingest/seed.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { SEEDS_DIR } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'ingest-special-'));
const fifo = join(dir, 'pipe.md');
const article = join(dir, 'article.md');
let database: TestDatabase;

beforeAll(async () => {
  execFileSync('mkfifo', [fifo]);
  copyFileSync(join(SEEDS_DIR, readdirSync(SEEDS_DIR).sort()[0]!), article);
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe.each([
  { reads: 'synchronous (npm run seed)', yieldEvery: undefined },
  { reads: 'asynchronous (inside the server)', yieldEvery: 25 },
])('special files, $reads reads', ({ yieldEvery }) => {
  it('fails a FIFO and a device as "not a regular file", and loads the rest', async () => {
    const events: SeedEvent[] = [];
    // The paths a watch hands over, and a device named on the command line.
    const summary = await seedFiles(database.db.prisma, [fifo, '/dev/zero', article], {
      yieldEvery,
      onFile: (event) => events.push(event),
    });
    const byName = new Map(events.map((event) => [event.path.split('/').at(-1), event]));
    expect(byName.get('pipe.md')).toMatchObject({ status: 'failed', reason: 'not a regular file' });
    expect(byName.get('zero')).toMatchObject({ status: 'failed', reason: 'not a regular file' });
    expect(['loaded', 'unchanged']).toContain(byName.get('article.md')?.status);
    expect(summary.files.failed).toBe(2);
  });
});
