// Issue 10, low: yoga's default CORS answered any Origin by reflecting it with
// Access-Control-Allow-Credentials: true, so any page could read the API with the visitor's cookies; and API
// responses carried no security headers. Now the allowed origins are a setting (CORS_ORIGINS, "*" by
// default: reads are public), credentials are never allowed, and every non-HTML response carries nosniff,
// a deny-all CSP, framing and referrer protections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_SECURITY_HEADERS } from '../../src/server/security-headers.js';
import { createTestServer, type TestServer } from '../helpers/server.js';

let open: TestServer;
let listed: TestServer;
beforeAll(async () => {
  open = await createTestServer({ production: true }, { seeded: false });
  listed = await createTestServer(
    { production: true, settings: { CORS_ORIGINS: ['https://news.example.com', 'https://admin.example.com'] } },
    { seeded: false },
  );
});
afterAll(async () => {
  await open?.drop();
  await listed?.drop();
});

const read = (server: TestServer, origin: string) =>
  server.request('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ query: '{ articles(first: 1) { totalCount } }' }),
  });
const preflight = (server: TestServer, origin: string) =>
  server.request('/graphql', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
  });

describe('CORS', () => {
  it('lets any page read by default, never with credentials', async () => {
    for (const origin of ['https://evil.example', 'null']) {
      const response = await read(open, origin);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.headers.get('vary')).toMatch(/Origin/);
    }
    const answer = await preflight(open, 'https://evil.example');
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(answer.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://evil.example');
  });

  it('with CORS_ORIGINS, answers those origins only, never with credentials', async () => {
    const allowed = await read(listed, 'https://admin.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    for (const origin of ['https://evil.example', 'null', 'https://news.example.com.evil.example']) {
      const refused = await read(listed, origin);
      expect(refused.headers.get('access-control-allow-origin'), origin).toBeNull();
      expect((await preflight(listed, origin)).headers.get('access-control-allow-origin'), origin).toBeNull();
    }
  });
});

describe('security headers', () => {
  it('are on every API response: GraphQL, errors, probes, unknown paths, oversized bodies', async () => {
    const responses = [
      await read(open, 'https://evil.example'),
      await open.request('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query": "{ nope }"}',
      }),
      await open.request('/health'),
      await open.request('/ready'),
      await open.request('/nowhere'),
      await open.request('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: 'x'.repeat(9 * 1024 * 1024),
      }),
    ];
    for (const response of responses) {
      for (const [name, value] of Object.entries(API_SECURITY_HEADERS))
        expect(response.headers.get(name), `${response.status} ${name}`).toBe(value);
    }
  });

  it('leave HTML pages (GraphiQL) to set their own policy', async () => {
    const server = await createTestServer({ settings: { GRAPHIQL: true } }, { seeded: false });
    try {
      const page = await server.request('/graphql', { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.headers.get('content-security-policy')).toBeNull();
    } finally {
      await server.drop(); // its database too: it was left on the PostgreSQL server after every run
    }
  });
});
