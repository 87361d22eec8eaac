// GraphQL over HTTP conformance: graphql-http's server audits against the server, in production mode over a
// real HTTP listener on 127.0.0.1, and in development through yoga.fetch. Every MUST passes in both.
// One MUST audit ("allow map {variables}") queries `__type(name: $name)`: it needs introspection, which
// production turns off by default, so the production server here runs with INTROSPECTION=1.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AuditResult, serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNewsYoga, type NewsYoga } from '../../src/server/yoga.js';
import { createTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let production: NewsYoga;
let listener: Server;
let url: string;
beforeAll(async () => {
  server = await createTestServer({}, { seeded: false });
  production = createNewsYoga({ db: server.db, production: true, settings: { INTROSPECTION: true } });
  listener = createServer(production);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await new Promise((resolve) => listener?.close(resolve));
  await production?.dispose();
  await server?.drop();
});

async function audit(options: Parameters<typeof serverAudits>[0]): Promise<AuditResult[]> {
  const results: AuditResult[] = [];
  for (const { fn } of serverAudits(options)) results.push(await fn());
  return results;
}

const summary = (results: AuditResult[], level: 'MUST' | 'other') =>
  results
    .filter((r) => (level === 'MUST') === r.name.startsWith('MUST'))
    .reduce<Record<string, number>>((counts, r) => {
      counts[r.status] = (counts[r.status] ?? 0) + 1;
      return counts;
    }, {});

const failures = (results: AuditResult[]) =>
  results.filter((r) => r.status !== 'ok').map((r) => `${r.status} ${r.name}: ${'reason' in r ? r.reason : ''}`);

describe('graphql-http server audits', () => {
  it('production over HTTP: every MUST passes; CSRF prevention costs three MAY notices about GET', async () => {
    const results = await audit({ url, fetchFn: fetch });
    expect(failures(results.filter((r) => r.name.startsWith('MUST')))).toEqual([]);
    expect(summary(results, 'MUST')).toEqual({ ok: 13 });
    expect(summary(results, 'other')).toEqual({ ok: 45, notice: 3 });
    expect(failures(results).every((f) => f.startsWith('notice MAY') && /GET/.test(f))).toBe(true);
  });

  it('development through yoga.fetch: every audit passes', async () => {
    const results = await audit({ url: 'http://localhost/graphql', fetchFn: server.yoga.fetch });
    expect(failures(results)).toEqual([]);
    expect(summary(results, 'MUST')).toEqual({ ok: 13 });
    expect(summary(results, 'other')).toEqual({ ok: 48 });
  });
});

describe('with introspection off (the production default)', () => {
  it('only the audit that queries __type fails', async () => {
    const closed = createNewsYoga({ db: server.db, production: true });
    try {
      const results = await audit({ url: 'http://localhost/graphql', fetchFn: closed.fetch });
      expect(failures(results.filter((r) => r.name.startsWith('MUST')))).toEqual([
        expect.stringMatching(/^error MUST allow map \{variables\} parameter when accepting application\/json/),
      ]);
    } finally {
      await closed.dispose();
    }
  });
});
