// A build of the dashboard (web/) of its own for a test file, in a temporary folder: tests check the sources as they
// are, never a dist/web left over from an earlier `npm run build`. Built as `npm run build` builds it (production,
// whatever NODE_ENV the tests run with), optionally under another first-load budget.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { dashboardConfig } from '../../web/vite.config.js';

export interface DashboardBuild {
  dir: string;
  /** What the build's budget check measured (web/vite.config.ts). */
  size: { firstLoadJs: { bytes: number; gzip: number; budget: number } };
  remove(): void;
}

export async function buildDashboard({ budget }: { budget?: number } = {}): Promise<DashboardBuild> {
  const dir = mkdtempSync(join(tmpdir(), 'news-web-'));
  try {
    await build({ ...dashboardConfig({ budget, outDir: dir }), configFile: false, logLevel: 'silent' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    size: JSON.parse(readFileSync(join(dir, '.bundle-size.json'), 'utf8')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
