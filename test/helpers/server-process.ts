// `npm start` as a child process (src/cli/serve.ts on this checkout), for tests with several server
// processes on one database. Its JSON log lines are kept, and a test can wait for one to appear.
import { spawn } from 'node:child_process';
import { type Client, clientOf } from './server.js';

const root = new URL('../..', import.meta.url).pathname;

export interface ServerProcess extends Client {
  url: string;
  logs: Record<string, any>[];
  /** Resolves with the first log line from index `from` on that `matches`. */
  waitForLog(matches: (line: Record<string, any>) => boolean, from?: number): Promise<Record<string, any>>;
  stop(): Promise<void>;
}

export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS: '0',
      SEED_DIR: 'no-such-directory',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, any>[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) logs.push(JSON.parse(line));
    for (const wake of waiters) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const waitForLog = (matches: (line: Record<string, any>) => boolean, from = 0) =>
    new Promise<Record<string, any>>((resolve, reject) => {
      const check = () => {
        const found = logs.slice(from).find(matches);
        if (found) {
          waiters.delete(check);
          resolve(found);
        } else if (child.exitCode !== null) {
          waiters.delete(check);
          reject(new Error(`the server exited: ${stderr}`));
        }
      };
      waiters.add(check);
      void exited.then(check);
      check();
    });

  const ready = await waitForLog((l) => typeof l.url === 'string' && /GraphQL server ready/.test(l.msg));
  const url = new URL(ready.url as string).origin.replace('localhost', '127.0.0.1');
  return {
    ...clientOf(url),
    url,
    logs,
    waitForLog,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
