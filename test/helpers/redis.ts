// A redis-server of the test's own on a free loopback port (never the machine's), stopped and restarted on
// that port by the test. Tests that need one skip without redis-server on PATH, except under REQUIRE_REDIS=1
// (CI), where they fail instead.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

export const redisInstalled = spawnSync('redis-server', ['--version']).status === 0;
/** Whether tests needing Redis run: it is installed, or CI requires them (and they then fail without it). */
export const redisTestsRun = redisInstalled || Boolean(process.env.REQUIRE_REDIS);

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  start(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open, nothing is answered, as with a hung server. */
  pause(): void;
  /** Lets a paused server run again (SIGCONT). */
  resume(): void;
}

export async function startRedis(): Promise<TestRedis> {
  if (!redisInstalled) throw new Error('REQUIRE_REDIS is set but redis-server is not on PATH');
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      let output = '';
      started.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      started.on('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    });
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    running.kill('SIGCONT'); // a paused server would not act on SIGTERM
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  const signal = (name: NodeJS.Signals) => {
    if (!child || child.exitCode !== null) throw new Error('the test redis-server is not running');
    child.kill(name);
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, stop, start, pause: () => signal('SIGSTOP'), resume: () => signal('SIGCONT') };
}
