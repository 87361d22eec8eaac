// `npm run migrate`: applies pending migrations to DATABASE_URL (default: the SQLite file data/news.db).
import { applyMigrationsForUrl } from '../db/migrate.js';

const databaseUrl = process.env.DATABASE_URL ?? 'file:./data/news.db';
const shownUrl = databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@'); // never print a password

try {
  const { applied } = await applyMigrationsForUrl(databaseUrl, { log: (message) => console.log(message) });
  if (applied.length === 0) console.log(`${shownUrl}: already up to date`);
  else console.log(`${shownUrl}: applied ${applied.length} migration(s):\n${applied.map((name) => `  ${name}`).join('\n')}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
