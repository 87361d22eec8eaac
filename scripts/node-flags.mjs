// @ts-check
// Node flags the server runs best with that `npm start` cannot put on its command line, because they depend on
// the Node release: AsyncLocalStorage (src/server/request-context.ts keeps each request's id, logger and statement
// count in one) costs a promise hook on every promise on Node 20 and 22; Node 24 stores contexts in
// AsyncContextFrame instead, and Node 22 does too behind a flag that 20 and 24 refuse ("bad option"). On the
// benchmark's dashboard query, Node 22 with the flag spent 11 % less server CPU per request (16 % on article by
// URL; BENCHMARKS.md).
export const ASYNC_CONTEXT_FRAME = '--experimental-async-context-frame';

/**
 * The flags to add to this process's own for the server (empty: none, or already given). `version` is
 * process.versions.node.
 * @param {string} version
 * @param {readonly string[]} execArgv
 * @returns {string[]}
 */
export function missingServerFlags(version, execArgv) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  // 22.7 added the flag; NODE_OPTIONS may carry it too.
  const given =
    execArgv.includes(ASYNC_CONTEXT_FRAME) || (process.env.NODE_OPTIONS ?? '').split(/\s+/).includes(ASYNC_CONTEXT_FRAME);
  return major === 22 && minor >= 7 && !given ? [ASYNC_CONTEXT_FRAME] : [];
}

/**
 * Replaces this process by itself with the missing flags (same pid, stdio and signals: process.execve, Node
 * 22.15+); does nothing where they are all given or execve is missing.
 */
export function execWithServerFlags() {
  const flags = missingServerFlags(process.versions.node, process.execArgv);
  /** @type {((file: string, args: string[], env: NodeJS.ProcessEnv) => never) | undefined} */
  const execve = /** @type {any} */ (process).execve; // not in @types/node 20
  if (flags.length === 0 || typeof execve !== 'function') return;
  execve.call(
    process,
    process.execPath,
    [process.execPath, ...process.execArgv, ...flags, ...process.argv.slice(1)],
    process.env,
  );
}
