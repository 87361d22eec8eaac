// scripts/node-flags.mjs: which Node releases npm start re-executes with AsyncContextFrame, and the re-exec itself
// on the Node running the tests (CI runs this file on Node 20 and on Node 22); the seed CLI's flags.
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ASYNC_CONTEXT_FRAME, missingServerFlags, SEED_NODE_FLAGS } from '../../scripts/node-flags.mjs';

describe('missingServerFlags', () => {
  it('adds AsyncContextFrame on Node 22.7 and later 22 releases only: 20 and 24 refuse the flag', () => {
    expect(missingServerFlags('22.23.3', [], undefined)).toEqual([ASYNC_CONTEXT_FRAME]);
    expect(missingServerFlags('22.7.0', ['--max-semi-space-size=64'], '--max-old-space-size=4096')).toEqual([
      ASYNC_CONTEXT_FRAME,
    ]);
    expect(missingServerFlags('22.6.0', [], undefined)).toEqual([]);
    expect(missingServerFlags('20.20.2', [], undefined)).toEqual([]);
    expect(missingServerFlags('24.21.0', [], undefined)).toEqual([]);
  });

  it('adds nothing the command line or NODE_OPTIONS already gives', () => {
    expect(missingServerFlags('22.23.3', [ASYNC_CONTEXT_FRAME], undefined)).toEqual([]);
    expect(missingServerFlags('22.23.3', [], `--inspect ${ASYNC_CONTEXT_FRAME}`)).toEqual([]);
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
    const flags = missingServerFlags(process.versions.node, [], undefined);
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

  it('stays as it is when its parent talks to it over IPC (the new image would lose the channel)', async () => {
    const script = join(dir, 'forked.mjs');
    const module = new URL('../../scripts/node-flags.mjs', import.meta.url).href;
    writeFileSync(
      script,
      `import { execWithServerFlags } from ${JSON.stringify(module)};
       execWithServerFlags();
       process.send({ execArgv: process.execArgv });
       process.disconnect();`,
    );
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = fork(script, [], { env, execArgv: [] });
    const message = await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`exited (${code}) without a message`)));
    });
    expect(message).toEqual({ execArgv: [] });
  });
});

describe('SEED_NODE_FLAGS', () => {
  it("are npm run seed's, and the Node running the tests takes them", () => {
    const scripts = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts;
    expect(scripts.seed).toBe(`node ${SEED_NODE_FLAGS.join(' ')} --import tsx src/cli/seed.ts`);
    expect(execFileSync(process.execPath, [...SEED_NODE_FLAGS, '-p', '6 * 7'], { encoding: 'utf8' }).trim()).toBe('42');
  });
});
