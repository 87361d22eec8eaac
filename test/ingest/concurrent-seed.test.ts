// Two seed processes at the same time on the same files end with the same rows as one process: no
// duplicate providers, topics or stubs (unique keys plus retried transactions).
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/ingest/seed.js';
import { dumpContent } from '../helpers/dump.js';
import { CORPUS_DIR, SEEDS_DIR } from '../helpers/seeded-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const root = new URL('../..', import.meta.url).pathname;
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

function runSeedProcess(databaseUrl: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/ingest/cli.ts', SEEDS_DIR, CORPUS_DIR], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

describe('concurrent seeding', () => {
  it('two processes on the same files give the rows of one', async () => {
    const shared = await createTestDatabase();
    const single = await createTestDatabase();
    databases.push(shared, single);

    const [a, b] = await Promise.all([runSeedProcess(shared.url), runSeedProcess(shared.url)]);
    expect(a.code, a.output).toBe(0);
    expect(b.code, b.output).toBe(0);

    await seed(single.db.prisma, [SEEDS_DIR, CORPUS_DIR]);
    const expected = await dumpContent(single.db.prisma);
    const actual = await dumpContent(shared.db.prisma);
    expect(actual.providers.map((p) => p.domain)).toEqual(expected.providers.map((p) => p.domain));
    expect(actual).toEqual(expected);
  });
});
