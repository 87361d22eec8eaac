// scripts/node-flags.mjs: which Node releases npm start re-executes with AsyncContextFrame, and the re-exec itself
// on the Node running the tests (CI runs this file on Node 20 and on Node 22).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ASYNC_CONTEXT_FRAME, missingServerFlags } from '../../scripts/node-flags.mjs';

describe('missingServerFlags', () => {
  it('adds AsyncContextFrame on Node 22.7 and later 22 releases only: 20 and 24 refuse the flag', () => {
    expect(missingServerFlags('22.23.3', [])).toEqual([ASYNC_CONTEXT_FRAME]);
    expect(missingServerFlags('22.7.0', ['--max-semi-space-size=64'])).toEqual([ASYNC_CONTEXT_FRAME]);
    expect(missingServerFlags('22.6.0', [])).toEqual([]);
    expect(missingServerFlags('20.20.2', [])).toEqual([]);
    expect(missingServerFlags('24.21.0', [])).toEqual([]);
  });

  it('adds nothing the command line already gives', () => {
    expect(missingServerFlags('22.23.3', [ASYNC_CONTEXT_FRAME])).toEqual([]);
  });
});

describe('execWithServerFlags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'news-node-flags-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the process by itself with the missing flags, keeping its own flags, arguments and pid', () => {
    const script = join(dir, 'probe.mjs');
    const module = new URL('../../scripts/node-flags.mjs', import.meta.url).href;
    writeFileSync(
      script,
      `import { execWithServerFlags } from ${JSON.stringify(module)};
       process.stdout.write(JSON.stringify({ pid: process.pid, execArgv: process.execArgv, args: process.argv.slice(2) }) + '\\n');
       execWithServerFlags();`,
    );
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // CI's Node 22 pass sets the flag there
    const lines = execFileSync(process.execPath, ['--max-semi-space-size=64', script, 'an argument'], { env, encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const flags = missingServerFlags(process.versions.node, []);
    const canExec = typeof (process as { execve?: unknown }).execve === 'function';
    expect(lines[0]).toMatchObject({ execArgv: ['--max-semi-space-size=64'], args: ['an argument'] });
    if (flags.length === 0 || !canExec) {
      expect(lines).toHaveLength(1);
    } else {
      // The probe printed once before the exec and once after (a no-op then), as the same process with the flag.
      expect(lines).toHaveLength(2);
      expect(lines[1]).toEqual({ pid: lines[0].pid, execArgv: ['--max-semi-space-size=64', ...flags], args: ['an argument'] });
    }
  });
});
