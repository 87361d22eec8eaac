// Prometheus metrics at /metrics: GraphQL requests and their durations per operation (envelop's prometheus
// plugin), HTTP durations, SQL statements per operation, and the process's own (memory, event loop, GC).
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import type { Database } from '../db/client.js';
import { currentRequest } from './request-context.js';

export const METRICS_ENDPOINT = '/metrics';

/**
 * A registry per server instance (tests and benchmarks create several in one process). The returned
 * plugin also counts every SQL statement and stops counting when the server is disposed.
 */
export function useMetrics(db: Database): Plugin {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const sqlStatements = new Counter({
    name: 'news_sql_statements_total',
    help: 'SQL statements sent to the database, by GraphQL operation ("none" outside requests: start-up, seeding).',
    labelNames: ['operationName'],
    registers: [registry],
  });
  const unsubscribe = db.onStatement(() => {
    const request = currentRequest();
    if (request) request.sqlStatements++;
    sqlStatements.inc({ operationName: request?.operationName ?? 'none' });
  });
  const prometheus = usePrometheus({
    registry,
    endpoint: METRICS_ENDPOINT,
    metrics: {
      graphql_envelop_request: true,
      graphql_envelop_request_duration: true,
      graphql_envelop_phase_parse: true,
      graphql_envelop_phase_validate: true,
      graphql_envelop_phase_execute: true,
      graphql_envelop_error_result: true,
      graphql_yoga_http_duration: true,
    },
    // No url label: GET requests carry the whole query in their URL, one time series each.
    labels: { method: true, statusCode: true, url: false },
  });
  return {
    ...prometheus,
    onDispose: () => {
      unsubscribe();
      registry.clear();
    },
  };
}
