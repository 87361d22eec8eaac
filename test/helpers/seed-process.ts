// `npm run seed` as a child process (the CLI itself, by default over the seeds and the fixture corpus), for
// tests that run several seeders at once or kill one mid-way.
import { spawn } from 'node:child_process';
import { SEED_NODE_FLAGS } from '../../scripts/node-flags.mjs';
import { SAMPLE_DIRS } from './fixtures.js';

const root = new URL('../..', import.meta.url).pathname;

export function startSeedProcess(databaseUrl: string, paths: readonly string[] = SAMPLE_DIRS, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [...SEED_NODE_FLAGS, '--import', 'tsx', 'src/cli/seed.ts', ...paths], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, CI: '1', ...env },
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
