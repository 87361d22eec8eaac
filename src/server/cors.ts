// CORS: pages of the allowed origins (CORS_ORIGINS, "*" for any) may read the API; no origin is ever allowed
// credentials. Reads are public and writes authenticate with a key in a header, so a browser's cookies have
// nothing to add — and yoga's default (reflect any origin, with credentials) lets any page act with them.
import type { Plugin } from 'graphql-yoga';

const ALLOWED_METHODS = 'GET, POST';
const ALLOWED_HEADERS = 'content-type, accept, authorization, x-api-key, x-graphql-yoga-csrf, x-request-id';
const EXPOSED_HEADERS = 'x-request-id, retry-after, www-authenticate';
const PREFLIGHT_CACHE_SECONDS = '600';

/** Replaces yoga's CORS handling (create the server with `cors: false`). */
export function useCorsPolicy(origins: readonly string[]): Plugin {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  const allows = (origin: string | null): origin is string => origin !== null && (any || allowed.has(origin));
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (request.method !== 'OPTIONS') return;
      // A preflight: answered here, with the CORS headers added in onResponse when the origin is allowed.
      endResponse(new fetchAPI.Response(null, { status: 204, headers: { 'content-length': '0' } }));
    },
    onResponse({ request, response }) {
      // The answer depends on the Origin header: caches must keep one copy per origin.
      response.headers.append('vary', 'Origin');
      const origin = request.headers.get('origin');
      if (!allows(origin)) return;
      response.headers.set('access-control-allow-origin', origin);
      response.headers.set('access-control-expose-headers', EXPOSED_HEADERS);
      if (request.method === 'OPTIONS') {
        response.headers.set('access-control-allow-methods', ALLOWED_METHODS);
        response.headers.set('access-control-allow-headers', ALLOWED_HEADERS);
        response.headers.set('access-control-max-age', PREFLIGHT_CACHE_SECONDS);
      }
    },
  };
}
