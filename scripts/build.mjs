// @ts-check
// `npm run build`: compiles src/ (with the generated Prisma clients) to dist/, builds the dashboard (web/, with its
// typed documents generated from schema.graphql) to dist/web, and records what it was built from in
// dist/.build-inputs.json, so that `npm start` (scripts/start.mjs) builds again only when that changed. Plain
// JavaScript: it must run before anything is compiled, and where tsx is not installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');
const INPUTS_FILE = join(DIST, '.build-inputs.json');

/**
 * The files dist/ is compiled from, by content rather than modification time: a fresh clone, a copied
 * build or a branch switched back and forth leaves times that say nothing about what changed.
 * src/generated/ is left out and the Prisma schemas it is generated from are in (with package-lock.json for
 * the Prisma version): a production install has no Prisma CLI to regenerate it, and needs none.
 */
function inputFiles() {
  /** @type {string[]} */
  const files = [];
  /** @param {string} dir @param {(path: string) => boolean} keep */
  const walk = (dir, keep) => {
    if (!existsSync(join(ROOT, dir))) return;
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path, keep);
      else if (keep(path)) files.push(path);
    }
  };
  walk('src', (path) => !path.startsWith('src/generated/'));
  walk('prisma', (path) => path.endsWith('.prisma'));
  // The dashboard: its sources (not the typed documents generated into web/src/gql) and what they are typed from.
  walk('web', (path) => !path.startsWith('web/src/gql/') && !path.startsWith('web/node_modules/'));
  files.push(
    ...[
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'schema.graphql',
      'codegen.ts',
      'scripts/graphql-clients.ts',
    ].filter((f) => existsSync(join(ROOT, f))),
  );
  return files.sort();
}

/** @returns {Record<string, string>} sha256 of each input file, by path from the project root */
function currentInputs() {
  return Object.fromEntries(
    inputFiles().map((path) => [
      path,
      createHash('sha256')
        .update(readFileSync(join(ROOT, path)))
        .digest('hex'),
    ]),
  );
}

/** Why dist/ must be built before it runs, or null when it was built from the files as they are. */
export function staleReason() {
  if (!existsSync(INPUTS_FILE)) return 'no build yet';
  // The page's build can be deleted alone (or never made, when web/ came later): the inputs say nothing about it.
  if (existsSync(join(ROOT, 'web', 'index.html')) && !existsSync(join(DIST, 'web', 'index.html'))) {
    return 'dist/web/index.html is missing';
  }
  /** @type {Record<string, string>} */
  const built = JSON.parse(readFileSync(INPUTS_FILE, 'utf8'));
  const now = currentInputs();
  for (const [path, hash] of Object.entries(now)) {
    if (!(path in built)) return `${path} is new`;
    if (built[path] !== hash) return `${path} changed`;
  }
  const removed = Object.keys(built).find((path) => !(path in now));
  return removed ? `${removed} was removed` : null;
}

/** Compiles src/ into an emptied dist/ (no module of a deleted source survives). Output goes to stderr. */
export function build() {
  let tsc;
  try {
    tsc = createRequire(join(ROOT, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    throw new Error(
      'TypeScript is not installed (a production install, npm ci --omit=dev?): build first, then install for production: ' +
        'npm ci && npm run build && npm ci --omit=dev --omit=optional',
    );
  }
  // Read before compiling: a file edited during the build makes the next start build again.
  const inputs = currentInputs();
  rmSync(DIST, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: ['ignore', 2, 2],
  });
  if (result.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed (exit ${result.status ?? result.signal})`);
  buildDashboard();
  writeFileSync(INPUTS_FILE, `${JSON.stringify(inputs, null, 1)}\n`);
}

/** Builds dist/ when it is missing or was built from other files (saying why on stderr); true when it built. */
export function buildIfStale() {
  const reason = staleReason();
  if (!reason) return false;
  console.error(`building dist/: ${reason}`);
  build();
  return true;
}

/**
 * The dashboard: its typed documents (codegen, web's only), then Vite into dist/web. Vite's build fails when the
 * first-load JavaScript is over its budget (web/vite.config.ts).
 */
function buildDashboard() {
  if (!existsSync(join(ROOT, 'web', 'index.html'))) return;
  const require = createRequire(join(ROOT, 'package.json'));
  // Their exports maps hide the command-line scripts: found next to package.json.
  const bin = (/** @type {string} */ pkg, /** @type {string} */ file) => {
    try {
      return join(dirname(require.resolve(`${pkg}/package.json`)), file);
    } catch {
      throw new Error(
        `${pkg} is not installed (a production install?): the dashboard is built with the development dependencies: npm ci && npm run build`,
      );
    }
  };
  const run = (/** @type {string} */ what, /** @type {string[]} */ args, /** @type {NodeJS.ProcessEnv} */ env = {}) => {
    const step = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 2, 2], env: { ...process.env, ...env } });
    if (step.status !== 0) throw new Error(`${what} failed (exit ${step.status ?? step.signal})`);
  };
  run('codegen of the dashboard', [bin('@graphql-codegen/cli', 'cjs/bin.js'), '--config', 'codegen.ts', '--silent'], {
    CODEGEN_ONLY: 'web',
  });
  run('vite build (web/)', [bin('vite', 'bin/vite.js'), 'build', '--config', 'web/vite.config.ts']);
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  try {
    const started = Date.now();
    // --if-stale: only when dist/ is missing or out of date (`npm run bench`, before it serves dist/).
    if (process.argv.includes('--if-stale')) {
      if (!buildIfStale()) process.exit(0);
    } else {
      build();
    }
    console.error(`built ${relative(process.cwd(), DIST) || '.'}${sep} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
