// The HTTP layer: graphql-yoga over the schema, with a fresh context (and fresh loaders) per request, and the
// production hardening around it: limits, write access, masking with request ids, logs, metrics, probes; the
// response cache, articleAdded subscriptions (SSE), Redis sharing (REDIS_URL) and tracing when configured.

import type { IncomingMessage } from 'node:http';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { TracerProvider } from '@opentelemetry/api';
import { GraphQLError } from 'graphql';
import {
  createYoga,
  maskError,
  type Plugin,
  useExecutionCancellation,
  type YogaServerInstance,
  type YogaServerOptions,
} from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { loadSettings, type Settings } from '../config.js';
import type { Database } from '../db/client.js';
import { readsStoppable } from '../db/reader.js';
import type { Context } from '../graphql/builder.js';
import { DASHBOARD_QUERY } from '../graphql/dashboard-query.js';
import { createLoaders } from '../graphql/loaders.js';
import { schema } from '../graphql/schema.js';
import { useCompiledExecution } from './compiled-execution.js';
import { useCorsPolicy } from './cors.js';
import { useBuiltDashboard } from './dashboard.js';
import { developmentDefaults } from './exposure.js';
import { createGraphiQLRenderer } from './graphiql.js';
import { limitPlugins } from './limits.js';
import { ArticleFeed, clientAddress, SubscriptionGate } from './live.js';
import { silentLogger, yogaLogger } from './logging.js';
import { createMetricsRegistry, operationNamesOf, useMetrics } from './metrics.js';
import { loadPersistedOperations, usePersistedOperationsOnly } from './persisted-operations.js';
import { useReadiness } from './readiness.js';
import { useRequestBodyLimit } from './request-body-limit.js';
import { currentRequest, useRequestContext } from './request-context.js';
import { responseCachePlugins } from './response-cache.js';
import { useSecurityHeaders } from './security-headers.js';
import { SharedState } from './shared-state.js';
import { useTracing } from './tracing.js';
import { createKeyring, useWriteAccess, useWriteRateLimit, windowMs } from './write-access.js';

export interface ServerOptions {
  db: Database;
  /** Overrides settings.NODE_ENV === 'production'. */
  production?: boolean;
  /** Settings the server reads; anything not given takes its default (src/config.ts). */
  settings?: Partial<Settings>;
  /** Where logs go; default: nowhere (tests and benchmarks). `npm start` passes the process logger. */
  logger?: Logger;
  /** Benchmarks only: resolve every relation with its own query, as a naive server would. */
  disableBatching?: boolean;
  /** Where metrics are recorded (METRICS on); `npm start` serves it on METRICS_PORT. Default: a registry of its own. */
  metricsRegistry?: Registry;
  /** The built dashboard served at / (DASHBOARD=built): default dist/web; tests pass a build of their own. */
  dashboardDir?: string;
  /** Traces operations (src/server/tracing.ts: `npm start` passes one when OTEL_EXPORTER_OTLP_ENDPOINT is set). */
  tracerProvider?: TracerProvider;
  /** Extra envelop/yoga plugins, e.g. the response cache bench/servers.ts adds. */
  plugins?: Plugin<Record<string, never> & Context>[];
}

export type NewsYoga = YogaServerInstance<Record<string, never>, Context> & {
  live: { feed: ArticleFeed; gate: SubscriptionGate };
  /** Redis-shared state (REDIS_URL), if any. */
  shared: SharedState | undefined;
};
/** Plugins are typed by the context they read; yoga's list takes ours, envelop's and yoga's own side by side. */
type ServerPlugins = NonNullable<YogaServerOptions<Record<string, never>, Context>['plugins']>;

/** The settings a server runs with: the given ones over the defaults (never the process environment). */
export function serverSettings(given: Partial<Settings> = {}): Settings {
  return { ...loadSettings({}), ...given };
}

export function createNewsYoga(options: ServerOptions): NewsYoga {
  const { db } = options;
  const settings = serverSettings(options.settings);
  const production = options.production ?? settings.NODE_ENV === 'production';
  const logger = options.logger ?? silentLogger();
  const development = developmentDefaults(settings, production);
  const introspection = settings.INTROSPECTION ?? development;
  const identifyWriter = createKeyring(settings.INGEST_API_KEYS);
  const persisted = settings.PERSISTED_OPERATIONS_FILE ? loadPersistedOperations(settings.PERSISTED_OPERATIONS_FILE) : null;

  // Metrics label operations by these names only (others are "other"): the project's and the allow-list's.
  const knownOperations = [
    ...operationNamesOf([DASHBOARD_QUERY, ...(persisted?.values() ?? [])]),
    ...settings.METRICS_OPERATION_NAMES,
  ];

  const metricsRegistry = settings.METRICS ? (options.metricsRegistry ?? createMetricsRegistry()) : undefined;
  const shared = settings.REDIS_URL ? new SharedState(settings.REDIS_URL, logger, settings.REDIS_COMMAND_TIMEOUT_MS) : undefined;
  const feed = new ArticleFeed(db, settings.SUBSCRIPTION_POLL_MS, logger);
  const gate = new SubscriptionGate(settings);

  const plugins: ServerPlugins = [
    // First: graphql-jit replaces the execute function, which the plugins after it (tracing, the response
    // cache) then wrap; placed after them, it would replace their wrappers and bypass them.
    ...(settings.GRAPHQL_JIT ? useCompiledExecution() : []),
    useRequestContext(logger),
    ...(options.tracerProvider ? [useTracing(options.tracerProvider)] : []),
    useCorsPolicy(settings.CORS_ORIGINS),
    useSecurityHeaders(),
    ...(settings.DASHBOARD === 'built'
      ? [
          useBuiltDashboard({
            dir: options.dashboardDir,
            settings: { persistedOperations: persisted !== null, graphiql: settings.GRAPHIQL ?? development },
          }),
        ]
      : []),
    useRequestBodyLimit(
      { maxBytes: settings.MAX_REQUEST_BYTES, anonymousMaxBytes: settings.MAX_ANONYMOUS_REQUEST_BYTES },
      identifyWriter,
    ),
    ...((settings.CSRF_PREVENTION ?? !development) ? [useCSRFPrevention()] : []),
    ...(persisted ? [usePersistedOperationsOnly(persisted)] : []),
    ...(metricsRegistry ? [useMetrics(db, metricsRegistry, knownOperations)] : []),
    useReadiness(db),
    useExecutionCancellation(),
    ...limitPlugins(settings, { hideSchema: !introspection }),
    useWriteAccess(settings.INGEST_API_KEYS.length > 0),
    useWriteRateLimit(settings, shared?.rateLimitStore(windowMs(settings.INGEST_RATE_LIMIT_WINDOW))),
    // After the limits and write access: a request they refuse never reads the data version.
    ...((settings.RESPONSE_CACHE ?? production)
      ? responseCachePlugins({ db, settings, registry: metricsRegistry, cache: shared?.responseCache() })
      : []),
    ...(options.plugins ?? []),
    {
      onDispose: async () => {
        feed.stop();
        await shared?.close();
      },
    } as Plugin,
  ];

  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    context: ({ request, req }: { request: Request; req?: IncomingMessage }) => {
      const client = clientAddress(request, req?.socket.remoteAddress, settings.TRUST_PROXY);
      // Per request: the reads stop when the operation is aborted (see Context.readsStop).
      const readsStop: { signal?: AbortSignal } = {};
      const requestDb = readsStoppable(db, readsStop);
      return {
        db: requestDb,
        readsStop,
        loaders: createLoaders(requestDb, { batch: !options.disableBatching }),
        writer: identifyWriter(request),
        live: {
          acquire: () => gate.acquire(client),
          listen: (deliver) => feed.listen(deliver),
          maxBacklog: settings.MAX_SUBSCRIPTION_BACKLOG,
          signal: request.signal,
        },
      };
    },
    graphiql: (settings.GRAPHIQL ?? development) ? { title: 'News GraphQL', defaultQuery: DASHBOARD_QUERY } : false,
    renderGraphiQL: createGraphiQLRenderer(),
    cors: false, // useCorsPolicy: never with credentials
    maskedErrors: {
      // Unexpected errors become "Unexpected error." plus the request id that finds the full error in the log
      // (yoga logs it through `logging`, tagged with the same id); GraphQLErrors (BAD_USER_INPUT...) pass through.
      maskError(error, message, isDev) {
        const masked = maskError(error, message, isDev);
        const requestId = currentRequest()?.id;
        if (masked !== error && masked instanceof GraphQLError && requestId) masked.extensions.requestId = requestId;
        return masked;
      },
      // Messages and stacks of unexpected errors (SQL, paths) reach a response only under an explicit switch.
      isDev: settings.DEBUG_ERRORS,
    },
    maxRequestBodySize: false, // useRequestBodyLimit: counts only bodies Node's parser does not bound
    healthCheckEndpoint: '/health',
    logging: yogaLogger(logger),
    landingPage: false,
    plugins,
  });
  // Tests read these to check that disconnects leave no listener or slot behind.
  return Object.assign(yoga, { live: { feed, gate }, shared });
}
