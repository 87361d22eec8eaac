// The response cache (graphql-yoga's plugin): whole query responses, public (reads are the same for everyone),
// never mutations, subscriptions or responses with errors. No stale read: every key opens with the data
// version (src/db/change-store.ts), which every write transaction of every process bumps before it commits,
// and the version is read once per request before anything else. A write therefore makes every earlier
// entry unreachable for the next request on every instance, with nothing to broadcast; stale entries age out
// (TTL, LRU). The same check guards `If-None-Match`: an ETag (the key) answers 304 only at the current version.
import { type Cache, createInMemoryCache, defaultBuildResponseCacheKey } from '@envelop/response-cache';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Settings } from '../config.js';
import { readDataVersion } from '../db/change-store.js';
import type { Database } from '../db/client.js';
import { currentRequest } from './request-context.js';

/** The response header saying where a query's answer came from: HIT (the cache) or MISS (executed). */
export const CACHE_STATUS_HEADER = 'x-response-cache';
/** Entries one process keeps in memory (least recently used go first). */
const MAX_ENTRIES = 1_000;

export type ResponseCacheSettings = Pick<Settings, 'RESPONSE_CACHE_TTL_MS'>;

export interface ResponseCacheOptions {
  db: Database;
  settings: ResponseCacheSettings;
  /** Where the hit/miss counters go (METRICS on). */
  registry?: Registry;
  /** The store; default: in memory, per process (src/server/shared-cache.ts gives the Redis one). */
  cache?: Cache;
}

const KEY = /^v(\d+):/;

export function responseCachePlugins(options: ResponseCacheOptions): Plugin[] {
  const { db } = options;
  // One version read per request, shared by the If-None-Match check and the key.
  const versions = new WeakMap<object, Promise<number | null>>();
  // A failed read (database down) bypasses the cache: the query then runs, and fails, as it would without it.
  const readVersion = () => readDataVersion(db).catch(() => null);
  const currentVersion = () => {
    const request = currentRequest();
    if (!request) return readVersion();
    const known = versions.get(request);
    if (known) return known;
    const version = readVersion();
    versions.set(request, version);
    return version;
  };
  const store = options.cache ?? createInMemoryCache({ max: MAX_ENTRIES });
  const cache: Cache = {
    set: (...args) => store.set(...args),
    invalidate: (entities) => store.invalidate(entities),
    async get(key) {
      const version = KEY.exec(key)?.[1];
      if (version === undefined || Number(version) !== (await currentVersion())) return undefined;
      return store.get(key);
    },
  };

  const counts = options.registry ? cacheCounters(options.registry) : undefined;
  const outcome = new WeakMap<Request, 'HIT' | 'MISS'>();
  const tracking: Plugin = {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (request && getOperationAST(args.document, args.operationName)?.operation === 'query') outcome.set(request, 'MISS');
    },
    onResultProcess({ request, result }) {
      if ((result as Record<symbol, unknown>)[Symbol.for('servedFromResponseCache')]) outcome.set(request, 'HIT');
    },
    onResponse({ request, response }) {
      const status = outcome.get(request);
      if (status) {
        response.headers.set(CACHE_STATUS_HEADER, status);
        counts?.record(status);
      }
      // Any copy a browser or proxy keeps must be revalidated (If-None-Match) before each use.
      if (response.headers.has('etag')) response.headers.set('cache-control', 'no-cache');
    },
  };

  return [
    tracking,
    useResponseCache({
      session: () => null,
      cache,
      ttl: options.settings.RESPONSE_CACHE_TTL_MS,
      // Left on: it is what keeps mutations out of the cache (with it off the plugin caches them like queries).
      // The entities it invalidates are moot: the data version already changed with the write.
      invalidateViaMutation: true,
      buildResponseCacheKey: async (params) => {
        const version = await currentVersion();
        return `${version === null ? 'uncached' : `v${version}`}:${await defaultBuildResponseCacheKey(params)}`;
      },
      shouldCacheResult: ({ cacheKey, result }) => KEY.test(cacheKey) && !result.errors?.length,
    }) as Plugin,
  ];
}

function cacheCounters(registry: Registry) {
  const requests = new Counter({
    name: 'news_response_cache_requests_total',
    help: 'Queries answered from the response cache (result="hit") or executed (result="miss").',
    labelNames: ['result'],
    registers: [registry],
  });
  let hits = 0;
  let total = 0;
  new Gauge({
    name: 'news_response_cache_hit_ratio',
    help: 'Share of queries answered from the response cache since the process started (0 to 1).',
    registers: [registry],
    collect() {
      this.set(total === 0 ? 0 : hits / total);
    },
  });
  return {
    record(status: 'HIT' | 'MISS') {
      total++;
      if (status === 'HIT') hits++;
      requests.inc({ result: status.toLowerCase() });
    },
  };
}
