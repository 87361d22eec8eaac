// Development (`npm run dev`, DASHBOARD=sources): the dashboard from web/'s sources through Vite's middleware, so
// a reload always shows the code as it is on disk, never a stale build. Vite is a development dependency, loaded
// only here. The API's paths still go to yoga.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dashboardSecurityHeaders, isPageRoute, type PageSettings, renderPage } from './dashboard.js';

const WEB_DIR = fileURLToPath(new URL('../../web', import.meta.url));
/** The installed packages (the page's libraries, Vite's client and its pre-bundled dependencies). */
const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));
/** Paths yoga answers; everything else is the page's (its routes, its modules, Vite's own). */
const API_PATHS = new Set(['/graphql', '/health', '/ready']);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The page's typed documents, generated (not committed): without them its modules do not resolve. */
const GENERATED_DIR = join(WEB_DIR, 'src', 'gql');
const VITE_CLIENT = /<script type="module" src="\/@vite\/client"><\/script>\s*/;

export interface DashboardSources {
  handler: RequestListener;
  close(): Promise<void>;
}

/**
 * The page's typed documents from schema.graphql and web/src (graphql-codegen, CODEGEN_ONLY=web, as `npm run build`
 * does): a fresh clone has none, and an edited document needs its types and hash again. Rejects with codegen's output.
 */
export function generatePageDocuments(): Promise<void> {
  const cli = join(dirname(createRequire(import.meta.url).resolve('@graphql-codegen/cli/package.json')), 'cjs', 'bin.js');
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [cli, '--config', 'codegen.ts', '--silent'],
      { cwd: ROOT, env: { ...process.env, CODEGEN_ONLY: 'web' } },
      (error, stdout, stderr) =>
        error ? reject(new Error(`codegen of the dashboard (web/) failed:\n${stdout}${stderr}`)) : resolve(),
    ),
  );
}

/** Wraps the API's handler: page routes and Vite's module requests go to Vite, the rest to `api`. */
export async function serveDashboardSources(api: RequestListener, settings: PageSettings): Promise<DashboardSources> {
  await generatePageDocuments();
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)),
    root: WEB_DIR,
    appType: 'custom',
    // No HMR socket: a reload re-reads the sources, and the page's policy needs no ws: source.
    server: {
      middlewareMode: true,
      hmr: false,
      ws: false,
      // /@fs/ serves only the page's sources and the packages it imports: never the project (its database, config,
      // server sources), which Vite would otherwise allow from the workspace root.
      fs: { strict: true, allow: [WEB_DIR, NODE_MODULES], deny: ['.env', '.env.*', '*.db', '*.db-*'] },
    },
  });
  const headers = { ...dashboardSecurityHeaders(), 'content-type': 'text/html; charset=utf-8' };
  // An edited source may add or change a document: generate again (one run at a time, the last edit included).
  let codegenError: Error | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  const regenerate = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = generatePageDocuments()
      .then(() => {
        codegenError = null;
      })
      .catch((error: Error) => {
        codegenError = error;
        console.error(error.message);
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          regenerate();
        }
      });
  };
  const onSourceEvent = (file: string) => {
    if (file.startsWith(`${WEB_DIR}${sep}src${sep}`) && !file.startsWith(`${GENERATED_DIR}${sep}`)) regenerate();
  };
  for (const event of ['add', 'change', 'unlink'] as const) vite.watcher.on(event, onSourceEvent);

  const page = async (request: IncomingMessage, response: ServerResponse) => {
    try {
      await running;
      // Without its documents the page would load blank (its modules 404): say what is wrong instead.
      if (codegenError || !existsSync(join(GENERATED_DIR, 'index.ts'))) {
        const why = codegenError?.message ?? `${GENERATED_DIR} is missing`;
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${why}\n`);
        return;
      }
      const source = await readFile(`${WEB_DIR}/index.html`, 'utf8');
      // Vite's client exists for hot updates over a WebSocket, which this mode does not open: without it a reload
      // still runs every module from its source.
      const transformed = (await vite.transformIndexHtml(request.url ?? '/', source)).replace(VITE_CLIENT, '');
      const html = renderPage(transformed, settings);
      response.writeHead(200, headers).end(request.method === 'HEAD' ? undefined : html);
    } catch (error) {
      vite.ssrFixStacktrace(error as Error);
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${(error as Error).stack}\n`);
    }
  };

  return {
    handler(request, response) {
      const { pathname } = new URL(request.url ?? '/', 'http://localhost');
      if (API_PATHS.has(pathname) || (request.method !== 'GET' && request.method !== 'HEAD')) return api(request, response);
      if (isPageRoute(pathname)) return void page(request, response);
      vite.middlewares(request, response, () => api(request, response));
    },
    close: () => vite.close(),
  };
}
