// The dashboard's build: web/ to dist/web (served by the API server at /, src/server/dashboard.ts). The build fails
// when the JavaScript a first visit loads (entry chunk and its static imports) weighs more than BUDGET_BYTES gzipped,
// and records the figures in dist/web/.bundle-size.json (BENCHMARKS.md reads them).
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/** 200 kB of gzipped JavaScript on first load. */
export const BUDGET_BYTES = 200 * 1000;

interface Chunk {
  type: 'chunk' | 'asset';
  code?: string;
  isEntry?: boolean;
  imports?: string[];
}

/** Fails the build when the first-load JavaScript weighs more than `budget` bytes gzipped. */
export function firstLoadBudget(budget = BUDGET_BYTES): Plugin {
  return {
    name: 'first-load-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = bundle as unknown as Record<string, Chunk>;
      const seen = new Set<string>();
      const visit = (name: string) => {
        const chunk = chunks[name];
        if (seen.has(name) || chunk?.type !== 'chunk') return;
        seen.add(name);
        for (const imported of chunk.imports ?? []) visit(imported);
      };
      for (const [name, chunk] of Object.entries(chunks)) if (chunk.type === 'chunk' && chunk.isEntry) visit(name);
      const files = [...seen].map((name) => ({
        name,
        bytes: Buffer.byteLength(chunks[name]!.code ?? ''),
        gzip: gzipSync(chunks[name]!.code ?? '', { level: 9 }).length,
      }));
      const gzip = files.reduce((sum, f) => sum + f.gzip, 0);
      const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
      this.emitFile({
        type: 'asset',
        fileName: '.bundle-size.json',
        source: `${JSON.stringify({ firstLoadJs: { bytes, gzip, budget }, files }, null, 1)}\n`,
      });
      if (gzip > budget) {
        this.error(
          `first-load JavaScript is ${gzip} bytes gzipped, over the budget of ${budget}: ${files.map((f) => `${f.name} ${f.gzip}`).join(', ')}`,
        );
      }
      console.error(`first-load JavaScript: ${bytes} bytes, ${gzip} gzipped (budget ${budget})`);
    },
  };
}

/**
 * The page's configuration. A build is always a production one: the urql debugging code and Preact's development
 * checks are left out even when NODE_ENV says otherwise (vitest runs with NODE_ENV=test).
 */
export function dashboardConfig({
  command = 'build',
  budget = BUDGET_BYTES,
  outDir = fileURLToPath(new URL('../dist/web', import.meta.url)),
}: {
  command?: 'build' | 'serve';
  budget?: number;
  outDir?: string;
} = {}): UserConfig {
  return {
    root: import.meta.dirname,
    base: '/',
    ...(command === 'build' && { mode: 'production', define: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
    // The built page is the server's, under the project's dist/ like the compiled server.
    build: { outDir, emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: false },
    // A build's JSX is never the development transform (source positions in every element), whatever NODE_ENV is.
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact', ...(command === 'build' && { development: false }) } },
    logLevel: 'warn',
    clearScreen: false,
    plugins: [firstLoadBudget(budget)],
  };
}

export default defineConfig(({ command }) => dashboardConfig({ command }));
