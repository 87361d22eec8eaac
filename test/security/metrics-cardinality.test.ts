// Issue 10, item 5: every operation name a client sent became a label value, so each new name created new
// Prometheus series: 5,000 cheap anonymous queries grew /metrics to 145 MB and RSS by 800 MB, and a scrape,
// served on the public API port, blocked /health for 9 s. Now operation labels come from a fixed set (the
// project's own operations, the persisted allow-list, METRICS_OPERATION_NAMES) and "other"; error paths (which
// hold client-chosen aliases) are not labels; /metrics is served on its own loopback port only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_QUERY } from '../../src/graphql/dashboard-query.js';
import { createMetricsRegistry } from '../../src/server/metrics.js';
import { createTestServer, serveMetrics, type TestServer } from '../helpers/server.js';

let server: TestServer;
let metrics: Awaited<ReturnType<typeof serveMetrics>>;
beforeAll(async () => {
  const registry = createMetricsRegistry();
  server = await createTestServer(
    { production: true, metricsRegistry: registry, settings: { METRICS_OPERATION_NAMES: ['Headlines'] } },
    { seeded: false },
  );
  metrics = await serveMetrics(registry);
});
afterAll(async () => {
  await metrics?.close();
  await server?.drop();
});

const scrape = async () => (await fetch(metrics.url)).text();
const operationLabels = (text: string) => new Set([...text.matchAll(/operationName="([^"]*)"/g)].map((m) => m[1]));

describe('metrics labels', () => {
  it('stay a fixed set after 5,000 distinct operation names, and the scrape stays small', async () => {
    // Warm every metric with a few requests of each kind, then measure.
    await server.post({ query: DASHBOARD_QUERY, variables: { first: 1 } });
    await server.post({ query: 'query Headlines { articles(first: 1) { totalCount } }' });
    for (let i = 0; i < 20; i++) await server.post({ query: `query Warm${i} { articles(first: 1) { totalCount } }` });
    await server.post({ query: '{ __typename }' });
    const before = await scrape();

    for (let i = 0; i < 5_000; i++) {
      // Distinct operation names and operationName parameters; every 25th fails under a distinct alias (error paths).
      const query =
        i % 25
          ? `query Op${i} { a: __typename }`
          : `query Op${i} { a${i}: articles(first: 1, after: "forged${i}") { totalCount } }`;
      await server.post({ query, operationName: `Op${i}` });
    }
    const after = await scrape();

    expect(operationLabels(after)).toEqual(new Set(['Dashboard', 'Headlines', 'other', 'anonymous']));
    expect(after).not.toMatch(/Op4999|a4999|forged/);
    // Only counts changed: the same series, a scrape of about the same size (under 64 KB), whatever the names.
    expect(after.length).toBeLessThan(before.length * 1.1);
    expect(after.length).toBeLessThan(64 * 1024);
    const executed = after
      .split('\n')
      .find((l) => l.startsWith('graphql_envelop_request{') && l.includes('operationName="other"'));
    expect(executed?.split(' ').at(-1)).toBe('5020');
  });

  it('are served on the metrics port, not on the API port', async () => {
    expect((await server.request('/metrics')).status).toBe(404);
    expect((await fetch(metrics.url)).status).toBe(200);
    const elsewhere = await fetch(metrics.url.replace('/metrics', '/graphql'));
    expect(elsewhere.status).toBe(404);
  });
});
