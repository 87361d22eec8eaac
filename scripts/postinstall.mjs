// @ts-check
// postinstall: generates the Prisma client of each database into src/generated/. A production install
// (`npm ci --omit=dev --omit=optional`, after `npm run build`) has no Prisma CLI and needs none: the clients are
// compiled in dist/. (With `--omit=dev` alone npm keeps the CLI as an optional peer of @prisma/client: it generates.)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SQLITE_BINDING_FIX, sqliteBindingProblem } from './sqlite-binding.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const bindingProblem = sqliteBindingProblem();
if (bindingProblem) console.warn(`postinstall: WARNING: ${bindingProblem}; ${SQLITE_BINDING_FIX}`);
let cli;
try {
  cli = createRequire(join(root, 'package.json')).resolve('prisma/build/index.js');
} catch {
  if (!existsSync(join(root, 'dist', 'generated'))) {
    console.warn(
      'postinstall: no Prisma CLI (production install) and no dist/ build: run npm ci && npm run build before the production install',
    );
  }
  process.exit(0);
}
for (const provider of ['sqlite', 'postgresql']) {
  const result = spawnSync(process.execPath, [cli, 'generate', '--schema', `prisma/${provider}/schema.prisma`], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
