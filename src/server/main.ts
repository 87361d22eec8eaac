// `npm start`: apply pending migrations, seed seeds/ when the database holds no article, then serve.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadSettings } from '../config.js';
import { openDatabase } from '../db/client.js';
import { applyMigrationsForUrl } from '../db/migrate.js';
import { formatSummary } from '../ingest/summary.js';
import { seed } from '../ingest/seed.js';
import { createNewsYoga } from './yoga.js';

async function main() {
  const settings = loadSettings();
  const { applied } = await applyMigrationsForUrl(settings.DATABASE_URL);
  if (applied.length) console.log(`applied migrations: ${applied.join(', ')}`);

  const db = await openDatabase(settings);
  if (settings.LOG_SQL) {
    db.onStatement((s) => console.log(`[sql ${s.durationMs} ms] ${s.sql} ${s.params}`));
  }
  if ((await db.prisma.article.count()) === 0) {
    console.log(`empty database: seeding ${settings.SEED_DIR}/`);
    const summary = await seed(db.prisma, [settings.SEED_DIR], {
      onFile: (e) => e.status === 'failed' && console.error(`FAILED ${e.path}: ${e.reason}`),
    });
    console.log(formatSummary(summary));
  }

  const yoga = createNewsYoga({ db, production: settings.NODE_ENV === 'production' });
  const server = createServer(yoga);
  server.listen(settings.PORT, settings.HOST, () => {
    const { port } = server.address() as AddressInfo; // the real one when PORT=0
    console.log(`GraphQL server ready at http://localhost:${port}${yoga.graphqlEndpoint}`);
  });

  const shutdown = () => {
    server.close(() => void db.close().then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
