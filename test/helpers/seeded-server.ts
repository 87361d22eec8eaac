// A server over a database seeded with the seed documents and the election corpus, called the way a
// client calls it: HTTP requests through yoga.fetch.
import { fileURLToPath } from 'node:url';
import { seed, type SeedSummary } from '../../src/ingest/seed.js';
import { createNewsYoga, type NewsYoga } from '../../src/server/yoga.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const SEEDS_DIR = fileURLToPath(new URL('../../seeds', import.meta.url));
export const CORPUS_DIR = fileURLToPath(new URL('../../../shared/corpus/election', import.meta.url));

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface SeededServer extends TestDatabase {
  yoga: NewsYoga;
  summary: SeedSummary;
  graphql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
}

export async function createSeededServer(options: { disableBatching?: boolean } = {}): Promise<SeededServer> {
  const database = await createTestDatabase();
  const summary = await seed(database.db.prisma, [SEEDS_DIR, CORPUS_DIR]);
  const yoga = createNewsYoga({ db: database.db, ...options });
  return {
    ...database,
    yoga,
    summary,
    async graphql(query, variables) {
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
  };
}
