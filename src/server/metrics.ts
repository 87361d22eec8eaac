// Prometheus metrics: GraphQL requests and their durations per operation (envelop's prometheus plugin), HTTP
// durations, SQL statements per operation and their durations per statement name (names come from the code,
// src/db stores, so they are bounded too), and the process's own (memory, event loop, GC). Served on their
// own port by src/server/metrics-server.ts, never on the API port.
//
// Every label value is bounded: an operation is labelled with its name only when the name is known (the
// project's own operations, the persisted allow-list, METRICS_OPERATION_NAMES), otherwise "other" (or
// "anonymous"). A client picks its operation names, so labelling by them would let each request create new
// time series: 5,000 names grew a scrape to 145 MB before this.
import { createCounter, createHistogram, type FillLabelsFnParams, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { Kind, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/client.js';
import { currentRequest } from './request-context.js';

/** A registry with the process metrics; useMetrics adds the server's own. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The names of the named operations in these documents (unparseable documents are reported where they are loaded). */
export function operationNamesOf(documents: Iterable<string>): string[] {
  const names: string[] = [];
  for (const document of documents) {
    for (const definition of parse(document).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.push(definition.name.value);
    }
  }
  return names;
}

/** Maps a client-chosen operation name to a label value from a fixed set. */
export function operationLabel(known: ReadonlySet<string>): (name: string | null | undefined) => string {
  return (name) => (!name || name === 'Anonymous' || name === 'anonymous' ? 'anonymous' : known.has(name) ? name : 'other');
}

/**
 * The plugin records into `registry` (tests and benchmarks create several servers in one process, each with
 * its own), counts every SQL statement, and stops counting when the server is disposed.
 */
export function useMetrics(db: Database, registry: Registry, knownOperations: Iterable<string>): Plugin {
  const label = operationLabel(new Set(knownOperations));
  const operation = (params: FillLabelsFnParams) => ({
    operationName: label(params.operationName),
    operationType: params.operationType ?? 'unknown',
  });
  const byOperation = ['operationType', 'operationName'];
  const histogram = <Phase>(name: string, help: string, phase: Phase) =>
    createHistogram({ registry, histogram: { name, help, labelNames: byOperation }, fillLabelsFn: operation, phases: [phase] });

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
    sqlStatements.inc({ operationName: request ? label(request.operationName) : 'none' });
    sqlDurations.observe({ statement: statement.name }, statement.durationMs / 1000);
  });

  const prometheus = usePrometheus({
    registry,
    endpoint: false, // served by the metrics server, on its own port
    metrics: {
      graphql_envelop_request: createCounter({
        registry,
        counter: { name: 'graphql_envelop_request', help: 'GraphQL operations executed.', labelNames: byOperation },
        fillLabelsFn: operation,
        phases: ['execute'],
      }),
      graphql_envelop_request_duration: histogram(
        'graphql_envelop_request_duration',
        'Time from parse to the end of execution, in seconds.',
        'execute' as const,
      ),
      graphql_envelop_phase_parse: histogram('graphql_envelop_phase_parse', 'Time spent parsing, in seconds.', 'parse' as const),
      graphql_envelop_phase_validate: histogram(
        'graphql_envelop_phase_validate',
        'Time spent validating, in seconds.',
        'validate' as const,
      ),
      graphql_envelop_phase_execute: histogram(
        'graphql_envelop_phase_execute',
        'Time spent executing, in seconds.',
        'execute' as const,
      ),
      // No `path` label: an error's path holds client-chosen aliases.
      graphql_envelop_error_result: createCounter({
        registry,
        counter: { name: 'graphql_envelop_error_result', help: 'Errors, by phase.', labelNames: [...byOperation, 'phase'] },
        fillLabelsFn: (params: FillLabelsFnParams) => ({ ...operation(params), phase: params.errorPhase ?? 'unknown' }),
        phases: ['parse', 'validate', 'context', 'execute'],
      }),
      // No url label: GET requests carry the whole query in their URL.
      graphql_yoga_http_duration: createHistogram({
        registry,
        histogram: {
          name: 'graphql_yoga_http_duration',
          help: 'Time spent on HTTP requests, in seconds.',
          labelNames: [...byOperation, 'method', 'statusCode'],
        },
        fillLabelsFn: (params: FillLabelsFnParams, context: { request: Request; response: Response }) => ({
          ...operation(params),
          method: context.request.method,
          statusCode: context.response.status,
        }),
        phases: ['request'],
      }),
      graphql_envelop_deprecated_field: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_schema_change: false,
    },
  });
  return {
    ...prometheus,
    onDispose: () => {
      unsubscribe();
      registry.clear();
    },
  };
}
