// Development (`npm run dev`, DASHBOARD=sources): the dashboard from web/'s sources through Vite's middleware, so
// a reload always shows the code as it is on disk, never a stale build. Vite is a development dependency, loaded
// only here. The API's paths still go to yoga.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { dashboardSecurityHeaders, isPageRoute, type PageSettings, renderPage } from './dashboard.js';

const WEB_DIR = fileURLToPath(new URL('../../web', import.meta.url));
/** Paths yoga answers; everything else is the page's (its routes, its modules, Vite's own). */
const API_PATHS = new Set(['/graphql', '/health', '/ready']);
const VITE_CLIENT = /<script type="module" src="\/@vite\/client"><\/script>\s*/;

export interface DashboardSources {
  handler: RequestListener;
  close(): Promise<void>;
}

/** Wraps the API's handler: page routes and Vite's module requests go to Vite, the rest to `api`. */
export async function serveDashboardSources(api: RequestListener, settings: PageSettings): Promise<DashboardSources> {
  const { createServer } = await import('vite');
  const vite = await createServer({
    configFile: fileURLToPath(new URL('../../web/vite.config.ts', import.meta.url)),
    root: WEB_DIR,
    appType: 'custom',
    // No HMR socket: a reload re-reads the sources, and the page's policy needs no ws: source.
    server: { middlewareMode: true, hmr: false, ws: false },
  });
  const headers = { ...dashboardSecurityHeaders(), 'content-type': 'text/html; charset=utf-8' };

  const page = async (request: IncomingMessage, response: ServerResponse) => {
    try {
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
