// @ts-check
// Node flags the server runs best with that `npm start` cannot put on its command line, because they depend on
// the Node release: AsyncLocalStorage (src/server/request-context.ts keeps each request's id, logger and statement
// count in one) costs a promise hook on every promise on Node 20 and 22; Node 24 stores contexts in
// AsyncContextFrame instead, and Node 22 does too behind a flag that 20 and 24 refuse ("bad option"). Figures:
// BENCHMARKS.md (Findings).
export const ASYNC_CONTEXT_FRAME = '--experimental-async-context-frame';

/**
 * The seed CLI's flags (package.json's `seed` script; the benchmark's seed child gets the same). A seed's live
 * memory is bounded by its sets (three at a time: src/ingest/seed.ts), whatever the corpus's size, but V8 let
 * the heap grow to four or five times what survived a full collection, and kept raising that limit through a
 * long run: peak RSS measured the run's length (10k SQLite seeds peaked at 870–1,140 MB). Growing the heap by
 * at most half of what survived held a 10k SQLite seed at ~670 MB and a 100k one at ~690 MB, at the same speed
 * (BENCHMARKS.md: Seeding, and the night's Findings). A V8 flag NODE_OPTIONS refuses, so it goes on the command
 * line; the server's own seeds (first start, a watched folder) run without it.
 */
export const SEED_NODE_FLAGS = ['--heap-growing-percent=50'];

/**
 * The flags to add to a process's own for the server (empty: none, or already given on its command line or in
 * NODE_OPTIONS). `version` is process.versions.node.
 * @param {string} version
 * @param {readonly string[]} execArgv
 * @param {string | undefined} nodeOptions
 * @returns {string[]}
 */
export function missingServerFlags(version, execArgv, nodeOptions) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const given = execArgv.includes(ASYNC_CONTEXT_FRAME) || (nodeOptions ?? '').split(/\s+/).includes(ASYNC_CONTEXT_FRAME);
  return major === 22 && minor >= 7 && !given ? [ASYNC_CONTEXT_FRAME] : [];
}

/**
 * Replaces this process by itself with the missing flags: same pid, arguments, environment, stdio and signals
 * (process.execve, Node 22.15+, not on Windows). Does nothing where they are all given, where execve is missing,
 * or where a parent talks to this process over IPC (child_process.fork): the new image would lose the channel.
 */
export function execWithServerFlags() {
  const flags = missingServerFlags(process.versions.node, process.execArgv, process.env.NODE_OPTIONS);
  /** @type {((file: string, args: string[], env: NodeJS.ProcessEnv) => never) | undefined} */
  const execve = /** @type {any} */ (process).execve; // not in @types/node 20
  if (flags.length === 0 || typeof execve !== 'function' || process.platform === 'win32' || process.channel) return;
  execve.call(
    process,
    process.execPath,
    [process.execPath, ...process.execArgv, ...flags, ...process.argv.slice(1)],
    process.env,
  );
}
