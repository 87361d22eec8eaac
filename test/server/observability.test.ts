// What operators see: one JSON log line per request (request id, duration, operation, SQL statements),
// SQL statements in the same log under LOG_SQL, liveness and readiness probes, Prometheus metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { DASHBOARD_QUERY } from '../../src/graphql/dashboard-query.js';
import { logSqlStatements } from '../../src/server/logging.js';
import { createMetricsRegistry } from '../../src/server/metrics.js';
import { createNewsYoga } from '../../src/server/yoga.js';
import { captureLogger, clientOf, createTestServer, serveMetrics, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server?.drop());

describe('logs', () => {
  it('one line per request with its id, duration, operation and SQL statement count', async () => {
    const before = server.sqlStatements();
    const reply = await server.post({ query: DASHBOARD_QUERY, variables: { first: 10 } });
    const statements = server.sqlStatements() - before;
    const requestId = reply.headers.get('x-request-id');
    const line = server.logs.find((l) => l.msg === 'request' && l.requestId === requestId);
    expect(line).toMatchObject({
      level: 30,
      service: 'news-graphql',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operation: 'Dashboard',
      sqlStatements: statements,
    });
    expect(statements).toBeGreaterThan(0);
    expect(line!.durationMs).toBeGreaterThan(0);
    expect(new Date(line!.time).getTime()).not.toBeNaN();
  });

  it('LOG_SQL logs every statement by name through the same logger, tagged with the request', async () => {
    const logs: Record<string, any>[] = [];
    const logger = captureLogger(logs);
    const stop = logSqlStatements(server.db, logger);
    const yoga = createNewsYoga({ db: server.db, logger });
    try {
      let counted = 0;
      const unsubscribe = server.db.onStatement(() => counted++);
      const reply = await clientOf(yoga).post({ query: DASHBOARD_QUERY, variables: { first: 5 } });
      unsubscribe();
      const requestId = reply.headers.get('x-request-id');
      const sql = logs.filter((l) => l.msg === 'sql');
      expect(sql).toHaveLength(counted);
      expect(sql.every((l) => l.requestId === requestId && typeof l.sql === 'string' && l.durationMs >= 0)).toBe(true);
      // Each statement of the dashboard is one of the stores' named statements.
      const names = sql.map((l) => l.statement);
      expect(names).not.toContain('unnamed');
      // One per level: each page reads its articles with their providers, topics, images and (top) count.
      expect(names.toSorted()).toEqual(['articlePage', 'relatedPage']);
      expect(sql.find((l) => l.statement === 'relatedPage')!.sql).toMatch(/^\/\* relatedPage \*\/ SELECT/);
    } finally {
      stop();
      await yoga.dispose();
    }
  });
});

describe('probes', () => {
  it('/health answers while the process serves', async () => {
    expect((await server.request('/health')).status).toBe(200);
  });

  it('/ready answers 200 when the database answers, 503 (without the cause) when it does not', async () => {
    const ready = await server.request('/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });

    const prisma = new Proxy(server.db.prisma, {
      get: (target, property, receiver) =>
        property === '$queryRaw'
          ? () => Promise.reject(new Error('SQLITE_CANTOPEN: /secret/path'))
          : Reflect.get(target, property, receiver),
    });
    const logs: Record<string, any>[] = [];
    const broken = createNewsYoga({ db: { ...server.db, prisma } as Database, logger: captureLogger(logs) });
    const down = await clientOf(broken).request('/ready');
    expect(down.status).toBe(503);
    expect(await down.text()).not.toContain('secret');
    expect(logs.some((l) => l.msg === 'readiness check failed' && /SQLITE_CANTOPEN/.test(l.err?.message))).toBe(true);
    await broken.dispose();
  });
});

describe('metrics', () => {
  it('count requests and SQL statements per operation, and time them, on the metrics server only', async () => {
    const registry = createMetricsRegistry();
    const metered = await createTestServer({ metricsRegistry: registry, settings: { METRICS_OPERATION_NAMES: ['Count'] } });
    const metrics = await serveMetrics(registry);
    try {
      const statementsOf = async (body: unknown) => {
        const before = metered.sqlStatements();
        await metered.post(body);
        return metered.sqlStatements() - before;
      };
      const dashboard = await statementsOf({ query: DASHBOARD_QUERY, variables: { first: 3 } });
      const count =
        (await statementsOf({ query: 'query Count { articles { totalCount } }' })) +
        (await statementsOf({ query: 'query Count { articles { totalCount } }' }));
      const text = await (await fetch(metrics.url)).text();
      const value = (metric: string, operationName: string) => {
        const line = text.split('\n').find((l) => l.startsWith(`${metric}{`) && l.includes(`operationName="${operationName}"`));
        return line ? Number(line.split(' ').at(-1)) : undefined;
      };
      expect(value('graphql_envelop_request', 'Count')).toBe(2);
      expect(value('graphql_envelop_request_duration_count', 'Count')).toBe(2);
      expect(value('graphql_envelop_request_duration_count', 'Dashboard')).toBeGreaterThanOrEqual(1);
      expect(value('news_sql_statements_total', 'Count')).toBe(count);
      expect(value('news_sql_statements_total', 'Dashboard')).toBeGreaterThanOrEqual(dashboard);
      const byName = (statement: string) =>
        Number(
          text
            .split('\n')
            .find((l) => l.startsWith(`news_sql_statement_duration_seconds_count{statement="${statement}"}`))
            ?.split(' ')
            .at(-1),
        );
      expect(byName('articlePage')).toBeGreaterThanOrEqual(2);
      expect(byName('relatedPage')).toBeGreaterThanOrEqual(1);
      expect(text).toContain('graphql_yoga_http_duration_bucket');
      expect(text).toContain('process_resident_memory_bytes');
      // The API port does not serve them.
      expect((await metered.request('/metrics')).status).toBe(404);
    } finally {
      await metrics.close();
      await metered.drop();
    }
  });
});
