// Top entries of a V8 profile, for BENCHMARKS.md:
//   npx tsx bench/profile-top.ts <file.cpuprofile | file.heapprofile> [--top 20] [--window window.json]
// A .cpuprofile (node --cpu-prof) gives self time per file:function, and the share of time by area (this
// project's src/, each package under node_modules, Node's internals, garbage collection, idle). A
// .heapprofile (sampled allocations) gives the bytes allocated per file:function and by area. With a window
// ({"fromUs", "toUs"}: CLOCK_MONOTONIC microseconds, the clock of the profile's timestamps and of
// process.hrtime), only the CPU samples inside it count; `npm run bench -- --cpu-prof` writes one beside the
// profile (window.json), used by default when present, so startup and warm-up stay out of the figures.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  id: number;
  children: HeapNode[];
}

export interface Window {
  fromUs: number;
  toUs: number;
  /** Requests served inside the window, if known: gives per-request figures. */
  requests?: number;
}

export interface TopEntry {
  name: string;
  /** Milliseconds of self time (CPU) or bytes allocated (heap). */
  amount: number;
  share: number;
}

export interface ProfileTop {
  kind: 'cpu' | 'heap';
  /** Milliseconds sampled (CPU) or bytes sampled (heap). */
  total: number;
  /** CPU: milliseconds not idle. */
  busy: number;
  top: TopEntry[];
  areas: TopEntry[];
}

const cwdUrl = `file://${process.cwd()}/`;

/** A short location: a path inside this project, a package (name and path inside it), or a node: module. */
function fileOf(url: string): string {
  if (!url) return '';
  const path = url.startsWith(cwdUrl) ? url.slice(cwdUrl.length) : url.replace(/^file:\/\//, '');
  const inPackage = path.lastIndexOf('node_modules/');
  return inPackage >= 0 ? path.slice(inPackage + 'node_modules/'.length) : path;
}

/** file:function; anonymous functions by their line, V8's own entries ((garbage collector)...) as they are. */
function nameOf(frame: CallFrame): string {
  const file = fileOf(frame.url);
  const fn = frame.functionName || `(anonymous, line ${frame.lineNumber + 1})`;
  return file ? `${file}:${fn}` : fn;
}

/** The area a function belongs to: src/, a package, Node's internals, or V8's own entries. */
function areaOf(frame: CallFrame): string {
  const file = fileOf(frame.url);
  if (!file)
    return frame.functionName === '(idle)'
      ? '(idle)'
      : frame.functionName.startsWith('(garbage')
        ? 'garbage collection'
        : 'V8 and native code';
  if (file.startsWith('node:')) return 'Node.js internals';
  if (frame.url.includes('node_modules/')) {
    const parts = file.split('/');
    return `package ${file.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]}`;
  }
  const top = file.split('/')[0];
  return top === file ? file : `${top}/`;
}

function ranked(amounts: Map<string, number>, total: number, count: number): TopEntry[] {
  return [...amounts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, amount]) => ({ name, amount, share: total ? amount / total : 0 }));
}

const add = (map: Map<string, number>, key: string, amount: number) => map.set(key, (map.get(key) ?? 0) + amount);

export function cpuTop(profile: CpuProfile, count: number, window?: Window): ProfileTop {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  let idle = 0;
  // Sample i covers the time until the next sample (as DevTools draws it).
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    const duration = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (window && (at < window.fromUs || at >= window.toUs)) continue;
    const frame = frames.get(profile.samples[i]!)!;
    total += duration;
    if (frame.functionName === '(idle)' && !frame.url) idle += duration;
    add(self, nameOf(frame), duration);
    add(areas, areaOf(frame), duration);
  }
  return { kind: 'cpu', total, busy: total - idle, top: ranked(self, total, count), areas: ranked(areas, total, 12) };
}

export function heapTop(head: HeapNode, count: number): ProfileTop {
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  let total = 0;
  const walk = (node: HeapNode) => {
    if (node.selfSize) {
      total += node.selfSize;
      add(self, nameOf(node.callFrame), node.selfSize);
      add(areas, areaOf(node.callFrame), node.selfSize);
    }
    for (const child of node.children) walk(child);
  };
  walk(head);
  return { kind: 'heap', total, busy: total, top: ranked(self, total, count), areas: ranked(areas, total, 12) };
}

export function readProfileTop(file: string, count: number, window?: Window): ProfileTop {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  if (Array.isArray(json.nodes)) return cpuTop(json as CpuProfile, count, window);
  if (json.head) return heapTop(json.head as HeapNode, count);
  throw new Error(`${file} is neither a .cpuprofile nor a .heapprofile`);
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (share: number) => `${fmt(share * 100, 1)} %`;

/** Markdown tables of a profile's top entries (per request when the window says how many were served). */
export function renderProfileTop(result: ProfileTop, requests?: number): string[] {
  const cpu = result.kind === 'cpu';
  const amount = (n: number) => (cpu ? `${fmt(n, 1)} ms` : `${fmt(n / 1e6, 1)} MB`);
  const perRequest = (n: number) =>
    requests ? ` | ${cpu ? `${fmt(n / requests, 2)} ms` : `${fmt(n / requests / 1e3)} kB`}` : '';
  const head = `${requests ? ` | per request (${fmt(requests)} requests)` : ''}`;
  const lines = [
    cpu
      ? `Sampled ${amount(result.total)}, of which ${amount(result.busy)} not idle.`
      : `Sampled allocations: ${amount(result.total)}${requests ? `, ${fmt(result.total / requests / 1e6, 2)} MB per request` : ''} (objects collected since included).`,
    '',
    `| ${cpu ? 'self time' : 'allocated'} by file:function | ${cpu ? 'ms' : 'MB'} | share${head} |`,
    `|---|---:|---:|${requests ? '---:|' : ''}`,
    ...result.top.map(
      (e) => `| \`${e.name}\` | ${cpu ? fmt(e.amount, 1) : fmt(e.amount / 1e6, 2)} | ${pct(e.share)}${perRequest(e.amount)} |`,
    ),
    '',
    `| by area | ${cpu ? 'ms' : 'MB'} | share |`,
    '|---|---:|---:|',
    ...result.areas.map((e) => `| ${e.name} | ${cpu ? fmt(e.amount, 1) : fmt(e.amount / 1e6, 2)} | ${pct(e.share)} |`),
  ];
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const option = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
  const file = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  if (!file) {
    console.error('usage: tsx bench/profile-top.ts <file.cpuprofile|file.heapprofile> [--top 20] [--window window.json]');
    process.exit(2);
  }
  const windowFile = option('window') ?? join(dirname(file), 'window.json');
  if (option('window') && !existsSync(windowFile)) throw new Error(`--window ${windowFile}: no such file`);
  const window = existsSync(windowFile) ? (JSON.parse(readFileSync(windowFile, 'utf8')) as Window) : undefined;
  const result = readProfileTop(file, Number(option('top') ?? 20), window);
  if (window && result.kind === 'cpu') console.log(`Window: ${fmt((window.toUs - window.fromUs) / 1000)} ms (${windowFile}).\n`);
  console.log(renderProfileTop(result, window?.requests).join('\n'));
}
