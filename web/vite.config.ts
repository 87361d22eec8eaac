// The dashboard's build: web/ to dist/web (served by the API server at /, src/server/dashboard.ts). The build fails
// when the JavaScript a first visit loads (entry chunk and its static imports) weighs more than BUDGET_BYTES gzipped,
// and records the figures in dist/web/.bundle-size.json (BENCHMARKS.md reads them).
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** 200 kB of gzipped JavaScript on first load. */
export const BUDGET_BYTES = 200 * 1000;

interface Chunk {
  type: 'chunk' | 'asset';
  code?: string;
  isEntry?: boolean;
  imports?: string[];
}

function firstLoadBudget(): Plugin {
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
        source: `${JSON.stringify({ firstLoadJs: { bytes, gzip, budget: BUDGET_BYTES }, files }, null, 1)}\n`,
      });
      if (gzip > BUDGET_BYTES) {
        this.error(
          `first-load JavaScript is ${gzip} bytes gzipped, over the budget of ${BUDGET_BYTES}: ${files.map((f) => `${f.name} ${f.gzip}`).join(', ')}`,
        );
      }
      console.error(`first-load JavaScript: ${bytes} bytes, ${gzip} gzipped (budget ${BUDGET_BYTES})`);
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  // The built page is the server's, under the project's dist/ like the compiled server.
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  logLevel: 'warn',
  clearScreen: false,
  plugins: [firstLoadBudget()],
});
