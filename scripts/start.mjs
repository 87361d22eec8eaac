// @ts-check
// `npm start`: runs the compiled server, dist/cli/serve.js (migrate, seed an empty database, serve), after
// building dist/ when it is missing or was built from other sources. Build messages go to stderr so that
// stdout carries only the server's JSON log lines.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIfStale, DIST } from './build.mjs';
import { execWithServerFlags } from './node-flags.mjs';
import { SQLITE_BINDING_FIX, sqliteBindingProblem } from './sqlite-binding.mjs';

execWithServerFlags(); // first: the checks below would otherwise run twice

const bindingProblem = sqliteBindingProblem();
if (bindingProblem) console.error(`WARNING: ${bindingProblem}; ${SQLITE_BINDING_FIX}`);

try {
  buildIfStale();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
process.setSourceMapsEnabled(true); // stack traces name src/*.ts lines
await import(pathToFileURL(join(DIST, 'cli', 'serve.js')).href);
