// The repository stands alone: no file of it (code, tests, benchmarks, docs) names a folder outside the
// repository or an absolute path of one machine, so a clone with nothing beside it works anywhere. `git grep`
// over the tracked files (and new ones not yet added, unless ignored) finds candidate lines; `offences` then
// decides, so that URLs (https://host/home/...), system paths (/usr/bin/env, /proc/<pid>/stat, /dev/null) and
// relative paths that stay inside the repository ('../../src/x.js' from test/) pass.
import { execFileSync } from 'node:child_process';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const THIS_FILE = relative(ROOT, fileURLToPath(import.meta.url));

// Roots of home, scratch and workspace folders (Linux, macOS, Windows). A path under one of them exists on one
// machine only. Not preceded by a character that would make it part of a URL, a longer path or a variable.
const MACHINE_PATH =
  /(?<![\w.~%$@:/\\-])(?:\/(?:home|root|Users|tmp|var\/folders|private|work|mnt)\/|[A-Za-z]:\\{1,2}(?:Users|Temp)\b)/;
// The folder beside this repository that holds reference material on the machine it was written on.
const SIBLING_SHARED = /\.\.[/\\]shared\b/;
// A relative path that goes up ('../x', '..\\x'), not inside a URL or a longer path.
const UP = /(?<![\w.~%$@:/\\-])(?:\.\.[/\\])+[\w.@-]*/g;
// Path segments joined in code: '..' followed by a named folder, as in join(root, '..', 'shared').
const UP_SEGMENT = /['"]\.\.['"]\s*,\s*['"][\w.-]+['"]/;
// Where a relative path is relative to the file that holds it (imports, import.meta.url, links, Prisma
// outputs); anywhere else (commands in docs and scripts) it is relative to the repository root, where npm
// scripts and documented commands run.
const FILE_RELATIVE =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bnew URL\s*\(\s*|\]\(|\boutput\s*=\s*|\b(?:src|href)\s*=\s*)['"`]?$/;

/** Lines allowed to name a path outside the repository, each with its reason. Keep it short. */
const ALLOWED: { file: string; text: string; why: string }[] = [
  {
    file: '.ci/run',
    text: '../shared/corpus/election',
    why: 'points ELECTION_CORPUS_DIR at the real corpus when that folder exists, for the optional suite (issue 9)',
  },
];

const outside = (path: string) => {
  const rel = relative(ROOT, path);
  return rel === '..' || rel.startsWith(`..${'/'}`) || isAbsolute(rel);
};

/** What is wrong with one line of `file` (a path relative to the repository root): nothing when empty. */
function offences(file: string, line: string): string[] {
  const found: string[] = [];
  const machine = MACHINE_PATH.exec(line);
  if (machine) found.push(`absolute path of a machine: ${line.slice(machine.index, machine.index + 60).split(/[\s'"`)]/)[0]}`);
  if (SIBLING_SHARED.test(line)) found.push('names ../shared, a folder beside the repository');
  if (UP_SEGMENT.test(line)) found.push(`joins '..' with a folder name: ${UP_SEGMENT.exec(line)![0]}`);
  for (const match of line.matchAll(UP)) {
    const base = FILE_RELATIVE.test(line.slice(0, match.index)) ? dirname(resolve(ROOT, file)) : ROOT;
    if (outside(resolve(base, match[0]))) found.push(`relative path out of the repository: ${match[0]}`);
  }
  return [...new Set(found)];
}

/** Candidate lines of every tracked (or new, not ignored) text file, by a loose pattern `offences` narrows. */
function candidateLines(): { file: string; line: number; text: string }[] {
  let output: string;
  try {
    output = execFileSync(
      'git',
      [
        'grep',
        '-n',
        '-I',
        '--untracked',
        '--null',
        '-E',
        '-e',
        String.raw`\.\.[/\\]|['"]\.\.['"]|/(home|root|Users|tmp|var/folders|private|work|mnt)/|[A-Za-z]:\\`,
      ],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
  } catch (error) {
    // git grep exits 1 when nothing matches; anything else (no git, not a checkout) is a real failure.
    if ((error as { status?: number }).status === 1) return [];
    throw new Error(`git grep failed (this test needs a git checkout of the repository): ${(error as Error).message}`);
  }
  return output
    .split('\n')
    .filter(Boolean)
    .map((row) => {
      const [file = '', line = '', ...text] = row.split('\0');
      return { file, line: Number(line), text: text.join('\0') };
    });
}

describe('the repository stands alone', () => {
  it('no file names a folder outside the repository or an absolute path of a machine', () => {
    const problems: string[] = [];
    for (const { file, line, text } of candidateLines()) {
      // This file spells the patterns out in its comments and checks.
      if (file === THIS_FILE) continue;
      if (ALLOWED.some((allowed) => allowed.file === file && text.includes(allowed.text))) continue;
      for (const offence of offences(file, text)) problems.push(`${file}:${line}: ${offence}`);
    }
    expect(problems).toEqual([]);
  });

  it('tells such lines from URLs, system paths and paths inside the repository', () => {
    const flagged = [
      ['README.md', 'see /work/shared/corpus/election for the real files'],
      ['bench/x.ts', "const dir = process.argv[2] ?? '/home/ada/corpus';"],
      ['docs/x.md', 'Run `npm run seed -- ../shared/corpus/election`.'],
      ['test/helpers/x.ts', "new URL('../../../shared/corpus/election', import.meta.url)"],
      ['bench/x.ts', "const corpus = join(root, '..', 'shared', 'corpus');"],
      ['docs/x.md', 'Keep the data in `../data` next to the clone.'],
      ['scripts/x.sh', 'cp out.json /tmp/report.json'],
      ['docs/x.md', 'C:\\Users\\ada\\news'],
    ];
    for (const [file, line] of flagged) expect(offences(file!, line!), line).not.toEqual([]);
    const fine = [
      ['test/graphql/x.test.ts', "import { seed } from '../../src/ingest/seed.js';"],
      ['test/helpers/x.ts', "const root = new URL('../..', import.meta.url).pathname;"],
      ['prisma/sqlite/schema.prisma', '  output       = "../../src/generated/sqlite"'],
      ['docs/x.md', 'See [the README](../README.md).'],
      ['test/ingest/url.test.ts', "urlIdentityKey('https://a.com/x/../y')"],
      ['docs/x.md', 'https://github.com/work/home/tmp/file and https://example.com/Users/x'],
      ['bench/x.ts', '#!/usr/bin/env node, /proc/<pid>/stat, /dev/null, /etc/hosts'],
      ['bench/x.ts', 'postgresql://.../a_seeded_database'],
      ['scripts/x.sh', 'cd "$(dirname "$0")/.."'],
      ['test/x.ts', 'process.env.ELECTION_CORPUS_DIR'],
    ];
    for (const [file, line] of fine) expect(offences(file!, line!), line).toEqual([]);
  });
});
