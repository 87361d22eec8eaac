// Writes prisma/<dialect>/schema.prisma from prisma/models.prisma: one source of truth for the models,
// one generated client per dialect. `--check` exits non-zero instead of writing when a file is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDialectSchemas } from './migrations/dialect-schemas.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');
let stale = 0;
for (const { path, content } of renderDialectSchemas(root)) {
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    /* missing counts as stale */
  }
  if (current === content) continue;
  stale++;
  if (check) console.error(`${path} is stale: run npm run db:schema`);
  else {
    writeFileSync(path, content);
    console.log(`wrote ${path}`);
  }
}
if (check && stale) process.exit(1);
