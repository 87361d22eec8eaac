// The one way tests talk to the server, as a client does: HTTP requests, either in-process through yoga.fetch
// (real Request/Response objects through the whole HTTP handler) or over the network to a listening server.
// createTestServer adds a migrated database (seeded with seeds/ and the fixture corpus unless `seeded: false`)
// with a count of the SQL statements the server sent and its log lines.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { seed, type SeedSummary } from '../../src/ingest/seed.js';
import { createLogger } from '../../src/server/logging.js';
import { createMetricsServer, listenForMetrics } from '../../src/server/metrics-server.js';
import { createNewsYoga, type NewsYoga, type ServerOptions } from '../../src/server/yoga.js';
import { SAMPLE_DIRS } from './fixtures.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const API_KEY = 'test-key-0123456789abcdef';

/** An HTTP reply: status, headers, and the body parsed as JSON (or its text when it is not JSON). */
export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A GraphQL response body with the HTTP status beside it. */
export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
  extensions?: Record<string, unknown>;
}

export interface Client {
  /** Any request, by path (`/graphql`, `/ready`, ...). */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** POST /graphql with a JSON body (or a raw string body). */
  post<T = any>(body: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  /** POST /graphql of one operation: the response body with the status. */
  graphql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
}

/** A client of a server in this process (`yoga`, through yoga.fetch) or of one listening at `origin` (an http:// URL). */
export function clientOf(server: NewsYoga | string): Client {
  const request =
    typeof server === 'string'
      ? (path: string, init?: RequestInit) => fetch(new URL(path, server), init)
      : (path: string, init?: RequestInit) => Promise.resolve(server.fetch(new Request(`http://localhost${path}`, init)));
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
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
  };
  return {
    request,
    post,
    async graphql(query, variables, headers) {
      const reply = await post({ query, variables }, headers);
      return { status: reply.status, ...(reply.body as object) };
    },
  };
}

export interface TestServer extends TestDatabase, Client {
  yoga: NewsYoga;
  /** What seeding loaded (all zero for `seeded: false`). */
  summary: SeedSummary;
  /** SQL statements sent since the server was created. */
  sqlStatements(): number;
  /** Log lines written by the server, parsed. */
  logs: Record<string, any>[];
}

export function captureLogger(lines: Record<string, any>[], level: 'info' | 'debug' = 'info'): Logger {
  return createLogger({ LOG_LEVEL: level }, { write: (line: string) => void lines.push(JSON.parse(line)) });
}

export async function createTestServer(options: Omit<ServerOptions, 'db'> = {}, { seeded = true } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const summary = await seed(database.db.prisma, seeded ? SAMPLE_DIRS : []);
  let statements = 0;
  database.db.onStatement(() => statements++);
  const logs: Record<string, any>[] = [];
  const yoga = createNewsYoga({ db: database.db, logger: captureLogger(logs), ...options });
  return {
    ...database,
    ...clientOf(yoga),
    yoga,
    summary,
    logs,
    sqlStatements: () => statements,
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
