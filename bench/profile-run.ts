// Profiles of our server (DataLoaders, no response cache) on one benchmark query (the dashboard unless told) at a fixed concurrency: a
// server child of its own started under `node --cpu-prof` (CPU) and/or with in-process heap sampling (see
// bench/serve-ours.ts), warmed up, loaded for a fixed time, stopped. The measured window's CLOCK_MONOTONIC
// bounds go in window.json beside the profiles, so bench/profile-top.ts leaves startup and warm-up out.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServerChild } from './child.js';
import { fetchStats, runLoad } from './load.js';
import { readProfileTop, renderProfileTop, type Window } from './profile-top.js';
import { benchQuery, type QueryInputs, type QueryName } from './queries.js';

export interface ProfileOptions {
  /** The query under load (default: the dashboard). */
  query?: QueryName;
  dir: string;
  cpu: boolean;
  heap: boolean;
  node: string;
  /** The Node flags our server runs with in the benchmark (npm start's). */
  nodeFlags: string[];
  connections: number;
  seconds: number;
  warmupSeconds: number;
  top: number;
  log: (line: string) => void;
}

export interface ProfileResult {
  dir: string;
  cpuProfile: string | null;
  heapProfile: string | null;
  window: Window;
  /** Markdown: the top entries of each profile. */
  lines: string[];
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

export async function runProfile(databaseUrl: string, inputs: QueryInputs, options: ProfileOptions): Promise<ProfileResult> {
  mkdirSync(options.dir, { recursive: true });
  const query = options.query ?? 'dashboard';
  const slug = query.replaceAll(' ', '-');
  const cpuName = `ours-${slug}.cpuprofile`;
  const heapFile = join(options.dir, `ours-${slug}.heapprofile`);
  const child = await startServerChild(
    options.node,
    [
      ...options.nodeFlags,
      ...(options.cpu ? ['--cpu-prof', '--cpu-prof-dir', options.dir, '--cpu-prof-name', cpuName] : []),
      '--import',
      'tsx',
      'bench/serve-ours.ts',
    ],
    {
      BENCH_VARIANT: 'dataloaders',
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      ...(options.heap ? { BENCH_HEAP_PROFILE: heapFile } : {}),
    },
  );
  const origin = `http://127.0.0.1:${child.port}`;
  const { firstTitle: _, ...body } = benchQuery('ours', query, inputs);
  const load = { connections: options.connections };
  let window: Window;
  try {
    await runLoad(`${origin}/graphql`, body, { ...load, seconds: options.warmupSeconds });
    const heap = async (action: string) => {
      const response = await fetch(`${origin}/__bench/heap-profile/${action}`, { method: 'POST' });
      if (!response.ok) throw new Error(`heap profile ${action}: ${response.status} ${await response.text()}`);
    };
    if (options.heap) await heap('start');
    const before = await fetchStats(origin);
    const fromUs = nowUs();
    const result = await runLoad(`${origin}/graphql`, body, { ...load, seconds: options.seconds });
    const toUs = nowUs();
    const after = await fetchStats(origin);
    if (options.heap) await heap('stop');
    if (result.errors || result.non2xx) throw new Error(`profiled ${query}: ${result.errors} errors, ${result.non2xx} non-2xx`);
    window = { fromUs, toUs, requests: after.requests - before.requests };
    options.log(
      `  profiled ${query}, ${options.connections} connections: ${Math.round(result.reqPerSec)} req/s, p50 ${result.p50Ms} ms (profiler on)`,
    );
  } finally {
    await child.stop(); // the CPU profile is written as the process exits
  }
  writeFileSync(join(options.dir, 'window.json'), JSON.stringify(window));
  const cpuProfile = options.cpu ? join(options.dir, cpuName) : null;
  if (cpuProfile && !existsSync(cpuProfile))
    throw new Error(`no CPU profile in ${options.dir} (found ${readdirSync(options.dir).join(', ')})`);
  const lines: string[] = [];
  if (cpuProfile) {
    lines.push(`CPU (\`${cpuProfile}\`, measured window only):`, '');
    lines.push(...renderProfileTop(readProfileTop(cpuProfile, options.top, window), window.requests), '');
  }
  if (options.heap) {
    lines.push(`Allocations (\`${heapFile}\`, sampled every 16 kB during the measured window):`, '');
    lines.push(...renderProfileTop(readProfileTop(heapFile, options.top), window.requests), '');
  }
  return { dir: options.dir, cpuProfile, heapProfile: options.heap ? heapFile : null, window, lines };
}
