// `npm start`: apply pending migrations, seed seeds/ when the database holds no article, then serve.
// Everything is logged as JSON lines (pino) on stdout.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadSettings } from '../config.js';
import { openDatabase } from '../db/client.js';
import { applyMigrationsForUrl } from '../db/migrate.js';
import { seed } from '../ingest/seed.js';
import { formatSummary } from '../ingest/summary.js';
import { describeWatchEvent, watchFolder } from '../ingest/watch.js';
import { serveDashboardSources } from '../server/dashboard-sources.js';
import { developmentDefaults } from '../server/exposure.js';
import { createApiServer } from '../server/http-server.js';
import { createLogger, logSqlStatements } from '../server/logging.js';
import { createMetricsRegistry } from '../server/metrics.js';
import { createMetricsServer, listenForMetrics, METRICS_PATH } from '../server/metrics-server.js';
import { startTracing } from '../server/tracing.js';
import { createNewsYoga } from '../server/yoga.js';

async function main() {
  const settings = loadSettings();
  const logger = createLogger(settings);
  const { applied } = await applyMigrationsForUrl(settings.DATABASE_URL);
  if (applied.length) logger.info({ migrations: applied }, `applied migrations: ${applied.join(', ')}`);

  const tracing = startTracing(settings); // before the database client: Prisma's spans need it in place
  if (tracing) logger.info(`tracing to ${settings.OTEL_EXPORTER_OTLP_ENDPOINT}`);
  const db = await openDatabase(settings);
  if (settings.LOG_SQL) logSqlStatements(db, logger);
  if ((await db.prisma.article.count()) === 0) {
    if (!existsSync(settings.SEED_DIR)) {
      logger.warn(
        { seedDir: settings.SEED_DIR },
        `empty database and no ${settings.SEED_DIR}/ to seed it from: serving it empty`,
      );
    } else {
      logger.info(`empty database: seeding ${settings.SEED_DIR}/`);
      const summary = await seed(db.prisma, [settings.SEED_DIR], {
        dialect: db.dialect,
        batchSize: settings.SEED_BATCH_SIZE,
        onFile: (e) => e.status === 'failed' && logger.error({ path: e.path, reason: e.reason }, `FAILED ${e.path}: ${e.reason}`),
      });
      const { failures, ...counts } = summary;
      logger.info({ seed: counts, failed: failures.length }, formatSummary(summary).replace(/\n/g, '; '));
    }
  }

  const metricsRegistry = settings.METRICS ? createMetricsRegistry() : undefined;
  const metricsServer = metricsRegistry && createMetricsServer(metricsRegistry);
  if (metricsServer) {
    const { address, port } = await listenForMetrics(metricsServer, settings.METRICS_PORT, settings.METRICS_HOST);
    logger.info(`metrics at http://${address.includes(':') ? `[${address}]` : address}:${port}${METRICS_PATH}`);
  }
  if (settings.DEBUG_ERRORS) logger.warn('DEBUG_ERRORS: responses carry the messages and stacks of unexpected errors');
  const production = settings.NODE_ENV === 'production';
  if (!production && !developmentDefaults(settings, production)) {
    logger.warn(
      `listening on ${settings.HOST}, beyond loopback: GraphiQL, introspection and suggestions stay off unless switched on`,
    );
  }

  const yoga = createNewsYoga({ db, settings, logger, metricsRegistry, tracerProvider: tracing?.provider });
  const sources =
    settings.DASHBOARD === 'sources'
      ? await serveDashboardSources(yoga, {
          persistedOperations: Boolean(settings.PERSISTED_OPERATIONS_FILE),
          graphiql: settings.GRAPHIQL ?? developmentDefaults(settings, production),
        })
      : null;
  const server = createApiServer(sources?.handler ?? yoga, settings);
  server.listen(settings.PORT, settings.HOST, () => {
    const { port } = server.address() as AddressInfo; // the real one when PORT=0
    const url = `http://localhost:${port}${yoga.graphqlEndpoint}`;
    logger.info({ url, host: settings.HOST, production }, `GraphQL server ready at ${url}`);
    if (settings.DASHBOARD !== 'off') {
      const page = `http://localhost:${port}/`;
      logger.info(
        { dashboard: page, from: settings.DASHBOARD },
        `dashboard at ${page} (${settings.DASHBOARD === 'sources' ? 'from web/ through Vite' : 'built, dist/web'})`,
      );
    }
  });

  const watcher =
    settings.SEED_WATCH_DIR === undefined
      ? undefined
      : watchFolder(db, settings.SEED_WATCH_DIR, {
          databaseUrl: settings.DATABASE_URL,
          stableMs: settings.SEED_WATCH_STABLE_MS,
          batchSize: settings.SEED_BATCH_SIZE, // unset: the watch's own smaller sets (watch.ts)
          onEvent: (e) => {
            const failed = e.kind === 'error' || (e.kind === 'file' && e.event.status === 'failed');
            logger[failed ? 'error' : 'info']({ watch: e.kind }, describeWatchEvent(e));
          },
        });

  const shutdown = (signal: string) => {
    logger.info(`${signal}: closing`);
    metricsServer?.close();
    server.close(
      () =>
        void (watcher?.close() ?? Promise.resolve())
          .then(() => Promise.all([db.close(), yoga.dispose(), tracing?.shutdown(), sources?.close()]))
          .then(() => process.exit(0)),
    );
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
