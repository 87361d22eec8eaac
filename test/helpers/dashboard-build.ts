// A build of the dashboard (web/) of its own for a test file, in a temporary folder: tests check the sources as they
// are, never a dist/web left over from an earlier `npm run build`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const CONFIG = fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url));

export interface DashboardBuild {
  dir: string;
  /** What the build's budget check measured (web/vite.config.ts). */
  size: { firstLoadJs: { bytes: number; gzip: number; budget: number } };
  remove(): void;
}

export async function buildDashboard(): Promise<DashboardBuild> {
  const dir = mkdtempSync(join(tmpdir(), 'news-web-'));
  await build({ configFile: CONFIG, logLevel: 'error', build: { outDir: dir, emptyOutDir: true } });
  return {
    dir,
    size: JSON.parse(readFileSync(join(dir, '.bundle-size.json'), 'utf8')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
