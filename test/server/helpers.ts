// Servers for the server tests, called the way a client calls them (yoga.fetch: real Request/Response
// objects through the whole HTTP handler), with a count of the SQL statements they sent and their log lines.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { seed } from '../../src/ingest/seed.js';
import { createLogger } from '../../src/server/logging.js';
import { createMetricsServer, listenForMetrics } from '../../src/server/metrics-server.js';
import { createNewsYoga, type NewsYoga, type ServerOptions } from '../../src/server/yoga.js';
import { CORPUS_DIR, SEEDS_DIR } from '../helpers/seeded-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

export const API_KEY = 'test-key-0123456789abcdef';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestServer extends TestDatabase {
  yoga: NewsYoga;
  /** SQL statements sent since the server was created. */
  sqlStatements(): number;
  /** Log lines written by the server, parsed. */
  logs: Record<string, any>[];
  /** POST /graphql with a JSON body. */
  post<T = any>(body: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  request(path: string, init?: RequestInit): Promise<Response>;
}

export function captureLogger(lines: Record<string, any>[], level: 'info' | 'debug' = 'info'): Logger {
  return createLogger({ LOG_LEVEL: level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
}

/** A migrated database (seeded with seeds/ and the election corpus unless `seeded: false`) and a server over it. */
export async function createTestServer(options: Omit<ServerOptions, 'db'> = {}, { seeded = true } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  if (seeded) await seed(database.db.prisma, [SEEDS_DIR, CORPUS_DIR]);
  let statements = 0;
  database.db.onStatement(() => statements++);
  const logs: Record<string, any>[] = [];
  const yoga = createNewsYoga({ db: database.db, logger: captureLogger(logs), ...options });
  const request = (path: string, init?: RequestInit) => Promise.resolve(yoga.fetch(new Request(`http://localhost${path}`, init)));
  return {
    ...database,
    yoga,
    logs,
    sqlStatements: () => statements,
    request,
    async post(body, headers = {}) {
      const response = await request('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON (e.g. a 413 from the body limit): the test sees the text
      }
      return { status: response.status, headers: response.headers, body: parsed as any };
    },
    drop: async () => {
      await yoga.dispose();
      await database.drop();
    },
  };
}

/** The metrics server `npm start` runs, on a free loopback port, over `registry`. */
export async function serveMetrics(registry: Registry): Promise<{ url: string; close(): Promise<void> }> {
  const server = createMetricsServer(registry);
  const { port } = await listenForMetrics(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
