// Writes need an API key; reads stay public. Keys come from INGEST_API_KEYS and are compared in constant
// time; a key is known afterwards only by its fingerprint (logs, rate-limit buckets).
import { createHash, timingSafeEqual } from 'node:crypto';
import { type Store, useRateLimiter } from '@envelop/rate-limiter';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Settings } from '../config.js';
import type { Context, Writer } from '../graphql/builder.js';
import { rateLimited, unauthenticated } from '../graphql/errors.js';

const digest = (key: string) => createHash('sha256').update(key).digest();

/** The key a request presents: `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(request: Request): string | null {
  const authorization = request.headers.get('authorization');
  const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  return bearer || request.headers.get('x-api-key') || null;
}

/** Returns the function that maps a request to its writer (null without a valid key). */
export function createKeyring(keys: readonly string[]): (request: Request) => Writer | null {
  const known = keys.map(digest); // equal-length digests, so timingSafeEqual can compare any key
  return (request) => {
    const key = presentedKey(request);
    if (!key) return null;
    const presented = digest(key);
    const match = known.some((k) => timingSafeEqual(k, presented));
    return match ? { keyId: presented.toString('hex').slice(0, 12) } : null;
  };
}

const isMutation = (args: { document: Parameters<typeof getOperationAST>[0]; operationName?: string | null }) =>
  getOperationAST(args.document, args.operationName)?.operation === 'mutation';

/** Stops a mutation without a valid key before any resolver runs (so before rate limiting and any SQL). */
export function useWriteAccess(writesEnabled: boolean): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (!isMutation(args) || args.contextValue.writer) return;
      const request = (args.contextValue as { request?: Request }).request;
      const message = !writesEnabled
        ? 'Writes are disabled on this server'
        : request && presentedKey(request)
          ? 'Invalid API key'
          : 'An API key is required to write: send Authorization: Bearer <key>';
      setResultAndStopExecution({ errors: [unauthenticated(message)] });
    },
  };
}

/**
 * INGEST_RATE_LIMIT_MAX mutations per API key per INGEST_RATE_LIMIT_WINDOW; over it: RATE_LIMITED (429).
 * Counted in `store` (shared by every instance through Redis: src/server/shared-state.ts), or in memory.
 */
export function useWriteRateLimit(
  settings: Pick<Settings, 'INGEST_RATE_LIMIT_MAX' | 'INGEST_RATE_LIMIT_WINDOW'>,
  store?: Store,
): Plugin<Context> {
  const window = settings.INGEST_RATE_LIMIT_WINDOW;
  const limiter = useRateLimiter({
    identifyFn: (context) => (context as Context).writer?.keyId ?? 'anonymous',
    ...(store ? { store } : {}),
    configByField: [{ type: 'Mutation', field: '*', max: settings.INGEST_RATE_LIMIT_MAX, window }],
    formatError: ({ max }) => `Rate limit of ${max} writes per ${window} exceeded for this API key (INGEST_RATE_LIMIT_MAX)`,
    transformError: (message) => rateLimited(message, Math.ceil(windowMs(window) / 1000)),
  }) as Plugin<Context>;
  return {
    ...limiter,
    // Reads are never rate limited: skip the limiter's walk over their documents.
    onExecute: (payload) => (isMutation(payload.args) ? limiter.onExecute?.(payload) : undefined),
  };
}

/** "500ms", "30s", "1m", "1h" -> milliseconds (the format the setting is validated against). */
export function windowMs(window: string): number {
  const [, amount, unit] = /^(\d+)(ms|s|m|h)$/.exec(window) ?? [];
  const factor = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  if (!amount || !factor) throw new Error(`Invalid window "${window}"`);
  return Number(amount) * factor;
}
