// Redis (REDIS_URL) as an accelerator, never a single point of failure: the response cache and the ingest
// rate limit are shared by every instance while Redis answers. While it does not, each process bypasses the
// shared cache and counts writes in its own memory, logs one warning per outage, and ioredis reconnects by
// itself; /ready never looks at Redis. When Redis comes back the shared cache is flushed before it is used
// again (writes made meanwhile did not reach it; its entries also carry the data version, so this is belt
// and braces).

import { InMemoryStore, RedisStore, type Store } from '@envelop/rate-limiter';
import type { Cache } from '@envelop/response-cache';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

const CACHE_PREFIX = 'news:response-cache:';

export class SharedState {
  readonly redis: Redis;
  /** True once connected and the shared cache flushed; false from the first sign of an outage. */
  private usable = false;
  private outage = false;
  private closed = false;

  constructor(
    url: string,
    private readonly log: Logger,
  ) {
    this.redis = new Redis(url, {
      // Fail at once while disconnected (callers fall back) instead of queueing requests behind the outage.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    });
    this.redis.on('ready', () => void this.reconnected());
    this.redis.on('error', (error: Error) => this.lost(error.message));
    this.redis.on('close', () => this.lost('connection closed'));
  }

  /** Whether the shared cache and rate limit are in use (tests wait on the log line saying it changed). */
  get available(): boolean {
    return this.usable;
  }

  private lost(reason: string): void {
    this.usable = false;
    if (this.outage || this.closed) return;
    this.outage = true;
    this.log.warn({ reason }, 'redis unavailable: response cache bypassed, ingest rate limit per process until it returns');
  }

  private async reconnected(): Promise<void> {
    try {
      await this.flushCache();
      this.usable = true;
      this.outage = false;
      this.log.info('redis available: response cache and ingest rate limit shared');
    } catch (error) {
      this.lost(error instanceof Error ? error.message : String(error));
    }
  }

  /** Deletes every shared cache entry (never the rate-limit counters). */
  private async flushCache(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${CACHE_PREFIX}*`, 'COUNT', 1_000);
      if (keys.length) await this.redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  /** The response cache's store: Redis while available; otherwise no cache at all (every query executes). */
  responseCache(): Cache {
    return {
      get: async (key) => {
        if (!this.usable) return undefined;
        const json = await this.redis.get(CACHE_PREFIX + key).catch(() => null);
        return json ? JSON.parse(json) : undefined;
      },
      set: async (key, result, _entities, ttl) => {
        if (!this.usable) return;
        await this.redis.set(CACHE_PREFIX + key, JSON.stringify(result), 'PX', Math.max(1, ttl)).catch(() => undefined);
      },
      invalidate: () => undefined, // entries carry the data version: a write makes older ones unservable
    };
  }

  /** The ingest rate limit's store: counts in Redis while available, in this process otherwise. */
  rateLimitStore(): Store {
    const shared = new RedisStore(this.redis);
    const local = new InMemoryStore();
    const either = <T>(use: (store: Store) => Promise<T> | T) =>
      this.usable ? Promise.resolve(use(shared)).catch(() => use(local)) : use(local);
    return {
      getForIdentity: (identity) => either((store) => store.getForIdentity(identity)),
      setForIdentity: (identity, timestamps, windowMs) => either((store) => store.setForIdentity(identity, timestamps, windowMs)),
    } as Store;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.usable = false;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
