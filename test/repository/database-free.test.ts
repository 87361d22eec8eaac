// DATABASE_FREE_TESTS (test/database-free.ts) is left out of the PostgreSQL pass: a file on it that opened a
// database would go untested on PostgreSQL. Each listed file's relative imports are followed through the test
// and benchmark code they reach (test/, bench/); none of it may name the test database settings or call what
// opens a database: openDatabase, the GraphQL server, the test database helper or the seed loader.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DATABASE_FREE_TESTS } from '../database-free.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OPENS_A_DATABASE =
  /\b(?:openDatabase|createNewsYoga|createTestDatabase|startServer\w*|seedFiles|seed)\(|\bTEST_(?:DB|DATABASE_URL)\b/;
const TEST_SIDE = /^(?:test|bench)\//;
const THIS_FILE = relative(ROOT, fileURLToPath(import.meta.url));
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function testFiles(entry: string): string[] {
  const path = join(ROOT, entry);
  if (!statSync(path).isDirectory()) return [entry];
  return readdirSync(path)
    .flatMap((name) => testFiles(join(entry, name)))
    .filter((file) => file.endsWith('.test.ts'));
}

/** The repository files `file` reaches through relative imports, as paths from the root. */
function reachable(file: string): Set<string> {
  const seen = new Set<string>();
  const visit = (current: string) => {
    if (seen.has(current)) return;
    seen.add(current);
    for (const [, specifier = ''] of readFileSync(join(ROOT, current), 'utf8').matchAll(RELATIVE_IMPORT)) {
      const target = resolve(dirname(join(ROOT, current)), specifier.replace(/\.js$/, '.ts'));
      if (existsSync(target) && statSync(target).isFile()) visit(relative(ROOT, target));
    }
  };
  visit(file);
  return seen;
}

/** The test-side files `file` reaches that open a database. */
const openers = (file: string) =>
  [...reachable(file)].filter(
    (path) => TEST_SIDE.test(path) && path !== THIS_FILE && OPENS_A_DATABASE.test(readFileSync(join(ROOT, path), 'utf8')),
  );

describe('the database-free test files', () => {
  const files = DATABASE_FREE_TESTS.flatMap(testFiles);

  it('exist', () => {
    for (const entry of DATABASE_FREE_TESTS) expect(existsSync(join(ROOT, entry)), entry).toBe(true);
    expect(files.length).toBeGreaterThan(DATABASE_FREE_TESTS.length);
  });

  it.each(files)('%s reaches no database', (file) => {
    expect(openers(file)).toEqual([]);
  });

  it('catches a file that opens one (the check can fail)', () => {
    expect(openers('test/ingest/fuzz.test.ts')).not.toEqual([]);
    expect(openers('test/graphql/relations.test.ts')).not.toEqual([]);
  });
});
