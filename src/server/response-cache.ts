// The response cache (graphql-yoga's plugin): whole query responses, public (reads are the same for everyone),
// never mutations, subscriptions or responses with errors. No stale read: each entry is stamped with the data
// version (src/db/change-store.ts) read before its query executed, and served only while the version is still
// the current one. Every write transaction of every process bumps the version before it commits, so after a
// write's response no instance serves an entry from before it, with nothing to broadcast; such entries age
// out (TTL, LRU). The version is read only when an entry exists or a query executes: a request refused by a
// limit sends no SQL. The read goes through the driver, not Prisma, and concurrent requests share one, but
// only one sent after they arrived (Database.dataStamp, src/db/data-version-reads.ts). Concurrent misses of
// one query at one version execute once (below). ETags carry the version too, so `If-None-Match` answers 304
// only at the current one.
// Keys and stamps also carry the database's random id (data_version.database_id): a Redis shared by
// instances of two databases never answers one with the other's entries, even at equal versions.
import { type Cache, createInMemoryCache } from '@envelop/response-cache';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import { type ExecutionResult, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Settings } from '../config.js';
import { type DataStamp, readDataStamp } from '../db/change-store.js';
import type { Database } from '../db/client.js';
import { currentRequest, type RequestState } from './request-context.js';

/** The response header saying where a query's answer came from: HIT (the cache) or MISS (executed). */
export const CACHE_STATUS_HEADER = 'x-response-cache';
/** Entries one process keeps in memory (least recently used go first). */
const MAX_ENTRIES = 1_000;
/** Where an entry keeps its stamp (database id and version); removed before the entry is served. */
const VERSION_FIELD = 'newsDataVersion';
const DATABASE_FIELD = 'newsDatabaseId';
/**
 * An ETag (quoted, RFC 7232; a weak one's W/ ignored): the cache key, the database id and the version of the
 * response it names. If-None-Match is matched against the first tag it lists.
 */
const ETAG = /^(?:W\/)?"([^"-]+)-db([0-9a-f-]+)-v(\d+)"/;
const etagOf = (key: string, stamp: DataStamp) => `"${key}-db${stamp.databaseId}-v${stamp.version}"`;

export type ResponseCacheSettings = Pick<Settings, 'RESPONSE_CACHE_TTL_MS'>;

export interface ResponseCacheOptions {
  db: Database;
  settings: ResponseCacheSettings;
  /** Where the hit/miss counters go (METRICS on). */
  registry?: Registry;
  /** The store; default: in memory, per process (src/server/shared-state.ts gives the Redis one). */
  cache?: Cache;
}

export function responseCachePlugins(options: ResponseCacheOptions): Plugin[] {
  const { db } = options;
  // Per request: the current stamp (read at most once), and the stamp of the response it gets.
  const current = new WeakMap<RequestState, Promise<DataStamp | null>>();
  const answered = new WeakMap<RequestState, Promise<DataStamp | null>>();
  /** The database id last read: it prefixes store keys (a stale one only misses: stamps are compared whole). */
  let databaseId: string | undefined;
  // A failed read (database down) bypasses the cache: the query then runs, and fails, as it would without it.
  const currentStamp = (request = currentRequest()) => {
    const known = request && current.get(request);
    if (known) return known;
    const stamp = db
      .dataStamp()
      .then((read) => {
        databaseId = read?.databaseId ?? databaseId;
        return read;
      })
      .catch(() => null);
    if (request) current.set(request, stamp);
    return stamp;
  };
  const storeKey = async (key: string) => `${databaseId ?? (await currentStamp())?.databaseId}:${key}`;

  const store = options.cache ?? createInMemoryCache({ max: MAX_ENTRIES });
  /** The stored entry for `key` if it is of the version `now`, without its stamp. */
  const lookup = async (key: string, now: () => Promise<DataStamp | null>, tag?: { database?: string; version?: string }) => {
    const entry = await store.get(await storeKey(key));
    const version = entry?.extensions?.[VERSION_FIELD];
    const database = entry?.extensions?.[DATABASE_FIELD];
    if (!entry || typeof version !== 'number') return undefined;
    if (tag?.version !== undefined && (Number(tag.version) !== version || tag.database !== database)) return undefined;
    const stamp = await now(); // read only when there is an entry to check
    if (version !== stamp?.version || database !== stamp.databaseId) return undefined;
    const request = currentRequest();
    if (request) answered.set(request, Promise.resolve(stamp));
    const { [VERSION_FIELD]: _, [DATABASE_FIELD]: __, ...extensions } = entry.extensions ?? {};
    return { ...entry, extensions };
  };

  // Misses at one version share one execution: a request that finds no entry while another request of this
  // process executes the same key at the same version waits for that one's answer to be stored (or for its end)
  // and is then answered from the cache. Not stale: that execution read its data after reading this version, and
  // this request read the version after it arrived. Each waiter waits once; if nothing was stored it executes.
  const executing = new Map<string, { owner: RequestState; done: Promise<void>; finish: () => void }>();
  /** Requests past the limits, about to execute; and those then answered from another one's execution. */
  const executingRequests = new WeakSet<RequestState>();
  const answeredByAnother = new WeakSet<RequestState>();
  /** The slots each request executes for (a batched request may run several operations). */
  const executes = new WeakMap<RequestState, Set<string>>();
  const startExecution = (owner: RequestState, slot: string) => {
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    executing.set(slot, { owner, done, finish });
    const slots = executes.get(owner) ?? new Set<string>();
    executes.set(owner, slots.add(slot));
  };
  const endExecution = (request: RequestState | undefined, only?: string) => {
    const slots = request && executes.get(request);
    for (const slot of slots ?? []) {
      if (only !== undefined && slot !== only) continue;
      slots?.delete(slot);
      const running = executing.get(slot);
      if (!running || running.owner !== request) continue;
      executing.delete(slot);
      running.finish();
    }
  };

  const cache: Cache = {
    async get(id) {
      // `id` is a cache key, or, for a conditional GET, the client's If-None-Match (always quoted).
      const quoted = /^(W\/)?"/.test(id);
      const [, key = id, database, version] = ETAG.exec(id) ?? [];
      if (quoted) return version === undefined ? undefined : lookup(key, currentStamp, { database, version });
      const request = currentRequest();
      const served = await lookup(key, () => currentStamp(request));
      // Before execution (yoga looks a request up as soon as its parameters are read, before the limits) a
      // miss reads nothing; at execution the version is known (tracking read it) and misses are shared.
      if (served || !request || !executingRequests.has(request)) return served;
      const stamp = await currentStamp(request);
      if (!stamp) return undefined;
      const slot = `${stamp.databaseId}:${key}@${stamp.version}`;
      const running = executing.get(slot);
      if (running?.owner === request) return undefined;
      if (!running) {
        startExecution(request, slot);
        return undefined;
      }
      await running.done;
      const waited = await lookup(key, () => currentStamp(request));
      if (waited) answeredByAnother.add(request);
      return waited;
    },
    async set(key, result, entities, ttl) {
      const request = currentRequest();
      const stamp = request && (await answered.get(request));
      if (!stamp) return;
      const extensions = { ...result.extensions, [VERSION_FIELD]: stamp.version, [DATABASE_FIELD]: stamp.databaseId };
      const stamped: ExecutionResult = { ...result, extensions };
      try {
        await store.set(`${stamp.databaseId}:${key}`, stamped, entities, ttl);
      } finally {
        endExecution(request, `${stamp.databaseId}:${key}@${stamp.version}`);
      }
    },
    invalidate: (entities) => store.invalidate(entities),
  };

  const counts = options.registry ? cacheCounters(options.registry) : undefined;
  const outcome = new WeakMap<Request, 'HIT' | 'MISS'>();
  const tracking: Plugin = {
    // After the limits (this plugin comes after them): a query about to run reads the version it will be
    // stamped with, before it reads any data.
    async onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const state = currentRequest();
      if (!request || !state || getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      outcome.set(request, 'MISS');
      const stamp = currentStamp(state);
      answered.set(state, db.replicas.length ? replicasAtLeast(db, stamp) : stamp);
      await answered.get(state);
      executingRequests.add(state);
    },
    onResultProcess({ request, result }) {
      if ((result as Record<symbol, unknown>)[Symbol.for('servedFromResponseCache')]) outcome.set(request, 'HIT');
    },
    async onResponse({ request, response }) {
      const state = currentRequest();
      endExecution(state); // an answer not stored (an error) lets those waiting for it execute
      // A 304 answers If-None-Match from the cache (the plugin ends such a request before it executes).
      const cached = response.status === 304 || (state && answeredByAnother.has(state));
      const status = cached ? 'HIT' : outcome.get(request);
      if (status) {
        response.headers.set(CACHE_STATUS_HEADER, status);
        counts?.record(status);
      }
      const etag = response.headers.get('etag');
      if (!etag) return;
      // Any copy a browser or proxy keeps must be revalidated (If-None-Match) before each use.
      response.headers.set('cache-control', 'no-cache');
      const stamp = state && (await answered.get(state));
      if (ETAG.test(etag)) return; // a 304 repeats the client's tag
      // The plugin's tag is the bare cache key: only a response of a known version may carry a tag at all.
      if (stamp) response.headers.set('etag', etagOf(etag, stamp));
      else response.headers.delete('etag');
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
    }) as Plugin,
  ];
}

/**
 * With read replicas the query runs on replicas, which may lag behind the primary's version: its answer is
 * stamped (stored, and ETagged) only when every replica had reached that version before it ran, so no entry
 * holds older data than its stamp says. Otherwise null: the answer is sent but not kept.
 */
async function replicasAtLeast(db: Database, primary: Promise<DataStamp | null>): Promise<DataStamp | null> {
  const [stamp, ...replicas] = await Promise.all([
    primary,
    ...db.replicas.map((replica) => readDataStamp(db, replica).catch(() => null)),
  ]);
  return stamp && replicas.every((r) => r && r.version >= stamp.version) ? stamp : null;
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
