// Security headers on API responses (JSON, probes, errors): nothing the API sends may be sniffed into
// another type, rendered as a page, framed, or leak the page that called it. HTML pages (GraphiQL, a future
// dashboard) set their own policies, so they are left alone here. HSTS belongs to the TLS terminator.
import type { Plugin } from 'graphql-yoga';

export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export function useSecurityHeaders(): Plugin {
  return {
    onResponse({ response }) {
      if (response.headers.get('content-type')?.startsWith('text/html')) return;
      for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) {
        if (!response.headers.has(name)) response.headers.set(name, value);
      }
    },
  };
}
