// Prometheus metrics at /metrics: GraphQL requests and their durations per operation (envelop's prometheus
// plugin), HTTP durations, SQL statements per operation and their durations per statement name, and the
// process's own (memory, event loop, GC).
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
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
  const sqlDurations = new Histogram({
    name: 'news_sql_statement_duration_seconds',
    help: 'SQL statements by name (the /* name */ of src/db stores, or Model.action for the ingest writer) and their durations.',
    labelNames: ['statement'],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  const unsubscribe = db.onStatement((statement) => {
    const request = currentRequest();
    if (request) request.sqlStatements++;
    sqlStatements.inc({ operationName: request?.operationName ?? 'none' });
    sqlDurations.observe({ statement: statement.name }, statement.durationMs / 1000);
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
