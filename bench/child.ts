// Child processes of the benchmark: run a TypeScript entry point under a given node binary (with tsx's
// loader) and collect its output; or start a server child and wait for the port it announces.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildOptions {
  node?: string;
  /** Node flags before the script (the seed child gets the seed CLI's). */
  nodeFlags?: readonly string[];
  env?: Record<string, string>;
  /** Kill the child after this many ms (the benchmark never waits forever). */
  timeoutMs: number;
}

/** Runs `node <flags> --import tsx <script> <args>` and returns its last stdout line parsed as JSON. */
export function runJsonChild<T>(script: string, args: string[], options: ChildOptions): Promise<T> {
  return new Promise((resolve, reject) => {
    const nodeArgs = [...(options.nodeFlags ?? []), '--import', 'tsx', script, ...args];
    const child = spawn(options.node ?? process.execPath, nodeArgs, {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`${script} exited ${code ?? signal}: ${stderr.trim().slice(-1500)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no JSON result: ${last.slice(0, 200)}`));
      }
    });
  });
}

export interface ServerChild {
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a server child (`args` are the full node arguments) that prints `{"port": N}` on stdout once it
 * listens; stderr is passed through so crashes are visible.
 */
export function startServerChild(
  node: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerChild> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not announce a port within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited (${code}) before announcing a port`));
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const port = /^\{"port":(\d+)\}$/.exec(line.trim())?.[1];
      if (!port) return;
      clearTimeout(timer);
      resolve({
        port: Number(port),
        process: child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
          }),
      });
    });
  });
}
