// @ts-check
// better-sqlite3 12 wraps its Database and Statement objects in Node's header-only `node::ObjectWrap`. From Node
// 24.19 on, those headers register an environment cleanup hook per object, and the destructor, run when the
// garbage collector finalizes a statement outside any JavaScript context, aborts the process ("Assertion
// failed: (env) != nullptr", nodejs/node#65446; better-sqlite3 13 moved to Node-API but needs Node 22, and we
// support Node 20). Prisma's adapter prepares a statement per query, so such a binary dies at a random moment
// under load. Binaries built against Node 24 headers up to 24.18.1 (better-sqlite3's own prebuilt ones) run
// fine on every 24.x.
//
// `node scripts/sqlite-binding.mjs` checks the installed binary both ways: by the headers it was compiled
// against (build/config.gypi records them; a prebuilt binary has none), and by running a burst of statements
// in a child process and letting the collector finalize them. It exits 1 with the fix when either fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export const SQLITE_BINDING_FIX =
  'rebuild it against Node 24.18.1 headers, which work on every Node 24 release: ' +
  'npm rebuild better-sqlite3 --nodedir="$(bash scripts/npm-node.sh 24.18.1 "$HOME/.cache/node-24.18.1")" (or run Node 22)';

/** The reason the installed better-sqlite3 would abort on this Node, read from how it was built; or null. */
export function sqliteBindingProblem() {
  if (Number(process.versions.node.split('.')[0]) !== 24) return null;
  let packageDir;
  try {
    packageDir = dirname(createRequire(join(root, 'package.json')).resolve('better-sqlite3/package.json'));
  } catch {
    return null; // not installed: nothing to check
  }
  const config = join(packageDir, 'build', 'config.gypi');
  if (!existsSync(config)) return null; // a prebuilt binary
  const nodedir = /"nodedir":\s*"([^"]+)"/.exec(readFileSync(config, 'utf8'))?.[1];
  const header = nodedir && join(nodedir, 'include', 'node', 'node_object_wrap.h');
  if (!header || !existsSync(header)) return null;
  if (!readFileSync(header, 'utf8').includes('AddCleanupHook')) return null;
  return `better-sqlite3 was compiled against the Node headers in ${nodedir}, whose ObjectWrap aborts the process when a statement is garbage collected on Node 24 (nodejs/node#65446)`;
}

// Opens and closes databases with many statements and allocates garbage, so that the collector finalizes them.
const STRESS = `
const Database = require('better-sqlite3');
let round = 0;
function burst() {
  for (let d = 0; d < 20; d++) {
    const db = new Database(':memory:');
    for (let i = 0; i < 500; i++) db.prepare('select ? as x').get(i);
    db.close();
  }
  const garbage = [];
  for (let i = 0; i < 100000; i++) garbage.push({ i });
  if (++round < 10) setTimeout(burst, 200);
  else setTimeout(() => {}, 3000);
}
burst();
`;

/** Runs the statement burst in a child process; returns its failure output, or null when it survived. */
export function sqliteGarbageCollectionFailure() {
  const child = spawnSync(process.execPath, ['-e', STRESS], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  if (child.status === 0) return null;
  const reason = child.signal ? `signal ${child.signal}` : `exit code ${child.status}`;
  return `${reason}\n${child.stderr.split('\n').slice(0, 4).join('\n')}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problem = sqliteBindingProblem();
  const failure = sqliteGarbageCollectionFailure();
  if (problem || failure) {
    if (problem) console.error(problem);
    if (failure) console.error(`better-sqlite3 statements garbage collected on Node ${process.version}: ${failure}`);
    console.error(`fix: ${SQLITE_BINDING_FIX}`);
    process.exit(1);
  }
  console.log(`better-sqlite3 on Node ${process.version}: statements are finalized safely`);
}
