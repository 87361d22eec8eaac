// The dashboard (web/) at `/`: its page and assets from the Vite build in dist/web, next to the API. The page is an
// HTML response of its own, so it carries its own policy: scripts, styles and requests from this origin only;
// images from any HTTPS host (lead images and logos live on the publishers' hosts). In development (DASHBOARD=sources)
// src/server/dashboard-sources.ts serves the same routes from web/ through Vite instead.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';

/** Where `npm run build` writes the dashboard (dist/web), from src/server or dist/server alike. */
export const BUILT_DASHBOARD_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** Policy of the page, the same from the build and from the sources (development). */
export function dashboardSecurityHeaders(): Record<string, string> {
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // Publishers' images over HTTPS only: an http: image would be mixed content on an HTTPS deployment, and a
    // cleartext request leaks what the reader looks at. Such images are not shown (README).
    "img-src 'self' https: data:",
    "connect-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // Images load from publishers' hosts: they learn nothing of what the reader was looking at.
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'cache-control': 'no-cache',
  };
}

/** What the page needs to know of the server before its first request (read by web/src/client.ts). */
export interface PageSettings {
  /** Only persisted operations run: the page sends hashes, never query text. */
  persistedOperations: boolean;
  /** GraphiQL answers a browser at /graphql: the page's header links to it (a bare 406 otherwise). */
  graphiql?: boolean;
}

/** The page with the server's settings in its `<meta name="news-…">` tags. */
export function renderPage(html: string, settings: PageSettings): string {
  return html
    .replace(
      /<meta name="news-persisted-operations" content="[^"]*"\s*\/?>/,
      `<meta name="news-persisted-operations" content="${settings.persistedOperations ? 'on' : 'off'}" />`,
    )
    .replace(
      /<meta name="news-graphiql" content="[^"]*"\s*\/?>/,
      `<meta name="news-graphiql" content="${settings.graphiql ? 'on' : 'off'}" />`,
    );
}

/** Paths the page answers (client-side routes): the feed and story pages. */
export function isPageRoute(pathname: string): boolean {
  return pathname === '/' || /^\/story\/[^/]+\/?$/.test(pathname);
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Every file of the build, by URL path; read once (a few files, a few hundred kB). */
function readBuild(dir: string): Map<string, { body: Uint8Array<ArrayBuffer>; type: string; immutable: boolean }> {
  const files = new Map<string, { body: Uint8Array<ArrayBuffer>; type: string; immutable: boolean }>();
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else if (path !== 'index.html' && !entry.name.startsWith('.') && statSync(join(dir, path)).isFile()) {
        const type = CONTENT_TYPES[extname(entry.name)];
        // Vite names what it emits under assets/ by content hash: such a file never changes.
        if (type)
          files.set(`/${path}`, {
            body: new Uint8Array(readFileSync(join(dir, path))),
            type,
            immutable: path.startsWith('assets/'),
          });
      }
    }
  };
  walk('');
  return files;
}

export interface DashboardOptions {
  /** The built page: dist/web unless a test builds its own. */
  dir?: string;
  settings: PageSettings;
}

/** Serves the built dashboard for GET and HEAD requests to its routes and files; everything else goes on to the API. */
export function useBuiltDashboard(options: DashboardOptions): Plugin {
  const dir = options.dir ?? BUILT_DASHBOARD_DIR;
  const built = existsSync(join(dir, 'index.html'));
  const page = built ? renderPage(readFileSync(join(dir, 'index.html'), 'utf8'), options.settings) : null;
  const files = built ? readBuild(dir) : new Map();
  const html = { ...dashboardSecurityHeaders(), 'content-type': 'text/html; charset=utf-8' };
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const body = (content: Uint8Array<ArrayBuffer> | string) => (request.method === 'HEAD' ? null : content);
      if (isPageRoute(url.pathname)) {
        if (page === null) {
          endResponse(
            new Response(
              body('The dashboard is not built: run `npm run build` (`npm start` builds it too when dist/web is missing).\n'),
              {
                status: 503,
                headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
              },
            ),
          );
        } else {
          endResponse(new Response(body(page), { status: 200, headers: html }));
        }
        return;
      }
      const file = files.get(url.pathname);
      if (file) {
        endResponse(
          new Response(body(file.body), {
            status: 200,
            headers: {
              'content-type': file.type,
              'x-content-type-options': 'nosniff',
              'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
            },
          }),
        );
      }
    },
  };
}
