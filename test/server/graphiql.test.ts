// GraphiQL stands alone: the page at /graphql and everything it makes a browser load come from the server
// itself (or are inline data: / blob: URLs), so the playground works on a network without internet.
import { renderGraphiQL as yogaCdnGraphiQL } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_QUERY } from '../../src/graphql/dashboard-query.js';
import { createTestServer, type TestServer } from '../helpers/server.js';

const PAGE_URL = 'http://localhost/graphql';

/** Public CDNs and code hosts a page could pull scripts, styles or fonts from. */
const CDN_HOSTS =
  /\b(unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|esm\.sh|fonts\.googleapis\.com|fonts\.gstatic\.com|raw\.githubusercontent\.com)\b/g;

interface Reference {
  where: string;
  url: string;
}

/** url(...) and @import targets of a style sheet. */
function cssReferences(css: string, where: string): Reference[] {
  const urls = [...css.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/g)].map((m) => m[2]!);
  const imports = [...css.matchAll(/@import\s+(['"])(.*?)\1/g)].map((m) => m[2]!);
  return [...urls, ...imports].map((url) => ({ where, url }));
}

/**
 * What an HTML page makes a browser load: src/href/srcset/poster/data attributes of its markup, the url()s and
 * @imports of its styles, and string URLs handed to fetch, importScripts, new Worker or import() in its scripts.
 */
function pageReferences(html: string): Reference[] {
  const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]!);
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]!);
  const markup = html.replace(/<(script|style)\b([^>]*)>[\s\S]*?<\/\1>/gi, '<$1$2></$1>');
  const attributes = [...markup.matchAll(/\s(src|href|srcset|poster|data|style)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)].flatMap(
    (m) => {
      const value = m[2]!.replace(/^["']|["']$/g, '');
      if (m[1]!.toLowerCase() === 'style') return cssReferences(value, 'style attribute');
      const urls = m[1]!.toLowerCase() === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0]!) : [value];
      return urls.map((url) => ({ where: `${m[1]} attribute`, url }));
    },
  );
  const loads = scripts.flatMap((script) =>
    [...script.matchAll(/\b(fetch|importScripts|new\s+Worker|new\s+SharedWorker|import)\s*\(\s*(['"`])(.*?)\2/g)]
      .filter((m) => !m[3]!.includes('${')) // a URL computed at run time (Monaco's module loader): not a fixed place
      .map((m) => ({ where: `${m[1]}() in a script`, url: m[3]! })),
  );
  return [...attributes, ...styles.flatMap((css) => cssReferences(css, '<style>')), ...loads];
}

/** References leaving the page's origin: anything but data:, blob: and same-host http(s) URLs. */
function foreign(references: readonly Reference[], base = PAGE_URL): Reference[] {
  const origin = new URL(base).origin;
  return references.filter(({ url }) => {
    const resolved = new URL(url, base);
    return !['data:', 'blob:'].includes(resolved.protocol) && resolved.origin !== origin;
  });
}

let server: TestServer;
let html: string;
beforeAll(async () => {
  server = await createTestServer({ production: false }, { seeded: false });
  const response = await server.request('/graphql', { headers: { accept: 'text/html' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/text\/html/);
  html = await response.text();
});
afterAll(() => server?.drop());

describe('GraphiQL', () => {
  it('opens on the dashboard query', () => {
    expect(html).toContain('<title>News GraphQL</title>');
    expect(html).toContain(JSON.stringify(DASHBOARD_QUERY));
  });

  it('references no host but the server, and every asset it references loads from the server', async () => {
    const references = pageReferences(html);
    expect(references.length).toBeGreaterThan(0); // at least the favicon and the fonts of the style sheet
    expect(foreign(references)).toEqual([]);
    expect(html.match(CDN_HOSTS) ?? []).toEqual([]);

    const sameHost = references.map((r) => new URL(r.url, PAGE_URL)).filter((u) => u.protocol.startsWith('http'));
    for (const url of sameHost) {
      const asset = await server.request(url.pathname + url.search);
      expect(asset.status, url.href).toBe(200);
      const body = await asset.text();
      if (asset.headers.get('content-type')?.includes('css'))
        expect(foreign(cssReferences(body, url.href), url.href)).toEqual([]);
      expect(body.match(CDN_HOSTS) ?? [], url.href).toEqual([]);
    }
  });

  it("the check finds what yoga's default page loads from unpkg.com and GitHub", () => {
    const cdnPage = yogaCdnGraphiQL({ title: 'News GraphQL' });
    const hosts = new Set(foreign(pageReferences(cdnPage)).map((r) => new URL(r.url).host));
    expect([...hosts].sort()).toEqual(['raw.githubusercontent.com', 'unpkg.com']);
    expect(new Set(foreign(pageReferences(cdnPage)).map((r) => r.where))).toEqual(new Set(['href attribute', 'src attribute']));
  });
});
