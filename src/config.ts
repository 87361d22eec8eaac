// Environment -> typed settings, validated once at start-up so a typo fails loudly, not at the first query.
import { z } from 'zod';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

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
  /** PostgreSQL only: statement_timeout for every connection, in ms (0 = none). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(15_000),
  /** PostgreSQL only: `disable`, `require` (encrypted, certificate not verified) or `verify-full`. */
  DATABASE_SSL: z.enum(['disable', 'require', 'verify-full']).default('disable'),
  /** PEM file of the CA for DATABASE_SSL=verify-full. */
  DATABASE_SSL_CA_FILE: z.string().optional(),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Log every SQL statement with its duration. */
  LOG_SQL: booleanFlag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Directory seeded by `npm start` when the database holds no article. */
  SEED_DIR: z.string().default('seeds'),
});

export type Settings = z.infer<typeof settingsSchema>;

/** Reads settings from `env`; throws one error listing every invalid variable. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}

export type DatabaseProvider = 'sqlite' | 'postgresql';

export function databaseProvider(url: string): DatabaseProvider {
  return url.startsWith('file:') ? 'sqlite' : 'postgresql';
}
