// Environment -> typed settings, validated once at start-up so a typo fails loudly, not at the first query.
import { z } from 'zod';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** A comma-separated list: blanks around items and empty items dropped. */
const list = (s: string) =>
  s
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const ORIGIN = /^https?:\/\/[^/\s]+$/;

const settingsSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** `file:./data/news.db` (SQLite, the default) or `postgresql://...`. */
  DATABASE_URL: z
    .string()
    .default('file:./data/news.db')
    .refine((u) => u.startsWith('file:') || /^postgres(ql)?:\/\//.test(u), {
      message: 'must start with file: (SQLite) or postgresql:// (PostgreSQL)',
    }),
  /** PostgreSQL only: connections in the pool of one server process. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  /**
   * PostgreSQL only: the API's reads as named prepared statements (parsed and planned once per connection).
   * Turn off behind a transaction-mode pooler without prepared-statement support (PgBouncer < 1.21, or
   * max_prepared_statements = 0).
   */
  DATABASE_PREPARED_STATEMENTS: booleanFlag.default(true),
  /** PostgreSQL only: statement_timeout for every connection, in ms (0 = none). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  /** PostgreSQL only: `disable`, `require` (encrypted, certificate not verified) or `verify-full`. */
  DATABASE_SSL: z.enum(['disable', 'require', 'verify-full']).default('disable'),
  /** PEM file of the CA for DATABASE_SSL=verify-full. */
  DATABASE_SSL_CA_FILE: z.string().optional(),
  /** PostgreSQL only: comma-separated URLs of read replicas; API reads go to one of them at random. */
  DATABASE_REPLICA_URLS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
    )
    .refine((urls) => urls.every((u) => /^postgres(ql)?:\/\//.test(u)), { message: 'every replica URL must be postgresql://' }),
  /** Default: 0.0.0.0 in production, 127.0.0.1 (loopback only) otherwise; see the end of this file. */
  HOST: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Open connections the API server accepts at once; more are closed as they arrive. */
  MAX_CONNECTIONS: z.coerce.number().int().min(1).default(500),
  /** A client must send its request headers within this time (HTTP 408 after). */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** A client must send its whole request within this time (HTTP 408 after). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  /** Log every SQL statement with its duration. */
  LOG_SQL: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Directory seeded by `npm start` when the database holds no article. */
  SEED_DIR: z.string().default('seeds'),
  /**
   * Files written per set (one transaction) by `npm run seed` and the first start's seed (BENCHMARKS.md: larger
   * sets are faster and hold more memory); unset: 1,000 on SQLite, 500 on PostgreSQL (defaultBatchSize).
   */
  SEED_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).optional(),
  /** A folder `npm start` keeps loaded as its files appear, change or go (one process per database watches). */
  SEED_WATCH_DIR: z.string().min(1).optional(),
  /** A watched file is read once its size has held still this long. */
  SEED_WATCH_STABLE_MS: z.coerce.number().int().min(0).default(500),

  // --- Server hardening (README, "Limits" and "Production"). Limits are checked before any SQL runs. ---
  /** Deepest field nesting: related stories three levels deep (with a provider's name at the last) are 14, four levels 16. */
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(15),
  /** Estimated objects an operation may fetch: lists multiplied by first/last/limit (src/server/query-cost.ts). The dashboard at first: 100 costs 36,902; the 3-levels-deep related query 149,801; pages of 100 in pages of 100 over a million. */
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(250_000),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(15),
  /** Lexical tokens of one query document (the dashboard query has about 70). */
  MAX_QUERY_TOKENS: z.coerce.number().int().min(1).default(1_000),
  MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).default(10),
  /** Fields of the operations with every fragment spread inlined, checked before validation (the dashboard query has 25). */
  MAX_QUERY_FIELDS: z.coerce.number().int().min(1).default(2_000),
  /** Largest request body; ingestArticles batches are the only big requests. */
  MAX_REQUEST_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(8 * 1024 * 1024),
  /** Largest body of a request without a valid API key (a read): a 1000-token query and 100 ids fit many times. */
  MAX_ANONYMOUS_REQUEST_BYTES: z.coerce
    .number()
    .int()
    .min(1_024)
    .default(64 * 1024),
  /** An operation still running after this is answered with EXECUTION_TIMEOUT and stops resolving fields. */
  EXECUTION_TIMEOUT_MS: z.coerce.number().int().min(1).default(10_000),
  /** GraphiQL at /graphql in a browser; default: on, except in production. */
  GRAPHIQL: booleanFlag.optional(),
  /** Schema introspection; default: on, except in production. */
  INTROSPECTION: booleanFlag.optional(),
  /** Require a custom header on GET and form-like requests (browsers cannot forge it); default: on in production. */
  CSRF_PREVENTION: booleanFlag.optional(),
  /**
   * The dashboard at / : `built` serves dist/web (built by `npm run build`, or by `npm start` when stale), `sources`
   * serves web/ through Vite's middleware (`npm run dev`: every reload reads the sources), `off` serves no page.
   */
  DASHBOARD: z.enum(['built', 'sources', 'off']).default('built'),
  /** JSON file {"<sha256 of query>": "<query>"}: when set, only these operations run (see npm run persisted-operations). */
  PERSISTED_OPERATIONS_FILE: z.string().optional(),
  /** Prometheus metrics at /metrics on their own server (METRICS_HOST:METRICS_PORT), never on the API port. */
  METRICS: booleanFlag.default(true),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  /** Operation names metrics are labelled with, besides the project's own and the persisted ones; others are "other". */
  METRICS_OPERATION_NAMES: z
    .string()
    .default('')
    .transform(list)
    .refine((names) => names.every((n) => GRAPHQL_NAME.test(n)), { message: 'every name must be a GraphQL operation name' }),
  /** Origins whose pages may read the API ("*": any). Never with credentials: reads are public, writes use a key. */
  CORS_ORIGINS: z
    .string()
    .default('*')
    .transform(list)
    .refine((origins) => origins.every((o) => o === '*' || ORIGIN.test(o)), {
      message: 'each origin is "*" or like https://news.example.com',
    }),
  /** Unexpected errors carry their message and stack in responses: a debugging aid, never for a public server. */
  DEBUG_ERRORS: booleanFlag.default(false),
  /** Comma-separated API keys allowed to call mutations (Authorization: Bearer <key>); unset: writes disabled. */
  INGEST_API_KEYS: z
    .string()
    .optional()
    .transform((s, context) => {
      const keys = list(s ?? '');
      // Set but blank (or ","): a deployment meant to enable writes and would silently run without them.
      if (s !== undefined && keys.length === 0) {
        context.addIssue({ code: 'custom', message: 'is set but holds no key: unset it to run without writes' });
      }
      return keys;
    })
    .refine((keys) => keys.every((k) => k.length >= 16), { message: 'every key must be at least 16 characters' }),
  /** ingestArticles calls per API key per window. */
  INGEST_RATE_LIMIT_MAX: z.coerce.number().int().min(1).default(60),
  /** Window of the rate limit: a number with ms, s, m or h. */
  INGEST_RATE_LIMIT_WINDOW: z
    .string()
    .regex(/^\d+(ms|s|m|h)$/, 'e.g. 500ms, 30s, 1m, 1h')
    .default('1m'),
  /** X-Forwarded-For names the client (its last entry, appended by the proxy in front): set only behind one. */
  TRUST_PROXY: booleanFlag.default(false),

  // --- Live updates and the response cache (README, "Live updates" and "Response cache"). ---
  /** Open articleAdded subscriptions one server process holds. */
  MAX_SUBSCRIPTIONS: z.coerce.number().int().min(0).default(1_000),
  /** Open articleAdded subscriptions per client address (TRUST_PROXY decides what the address is). */
  MAX_SUBSCRIPTIONS_PER_CLIENT: z.coerce.number().int().min(0).default(10),
  /**
   * New articles one subscription may have waiting to be matched and sent; a subscriber that falls further
   * behind is ended with QUERY_LIMIT_EXCEEDED (resubscribe, and catch up through `articles`).
   */
  MAX_SUBSCRIPTION_BACKLOG: z.coerce.number().int().min(1).default(100_000),
  /** How often a process with subscribers looks for new articles in the write journal (one indexed read). */
  SUBSCRIPTION_POLL_MS: z.coerce.number().int().min(10).default(500),
  /** Cache query responses; default: on in production. Any write, by any process, invalidates every entry. */
  RESPONSE_CACHE: booleanFlag.optional(),
  /** Longest life of a cached response, in ms. */
  RESPONSE_CACHE_TTL_MS: z.coerce.number().int().min(1).default(60_000),
  /**
   * Execute queries compiled by graphql-jit (one compilation per distinct document, kept while yoga's parse
   * cache keeps the document); `0` runs graphql-js's interpreter instead.
   */
  GRAPHQL_JIT: booleanFlag.default(true),
  /** OTLP/HTTP collector (e.g. http://127.0.0.1:4318): traces of operations and SQL statements go there. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /**
   * Longest wait for one Redis command, in ms: a Redis that stops answering (without closing its connections)
   * then counts as gone, so requests never wait on it for longer.
   */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).default(300),
  /** redis://host:port: shares the response cache and the ingest rate limit between instances. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be redis://... or rediss://...')
    .optional(),
});

/**
 * A server listens on loopback unless told otherwise, except in production (where a container or a proxy
 * reaches it): a developer's `npm start` never exposes its development features to the network.
 */
const withDefaults = settingsSchema.transform((settings) => ({
  ...settings,
  HOST: settings.HOST ?? (settings.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
}));

export type Settings = z.infer<typeof withDefaults>;

/** Reads settings from `env`; throws one error listing every invalid variable. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = withDefaults.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}
