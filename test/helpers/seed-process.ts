// `npm run seed` as a child process (the CLI itself, over the seeds and the election corpus), for tests
// that run several seeders at once or kill one mid-way.
import { spawn } from 'node:child_process';
import { CORPUS_DIR, SEEDS_DIR } from './seeded-server.js';

const root = new URL('../..', import.meta.url).pathname;

export function startSeedProcess(databaseUrl: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/seed.ts', SEEDS_DIR, CORPUS_DIR], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, output })),
  );
  return { child, exited };
}
