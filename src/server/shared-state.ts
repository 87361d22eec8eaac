// Redis (REDIS_URL) as an accelerator, never a single point of failure: the response cache and the ingest
// rate limit are shared by every instance while Redis answers. While it does not, each process bypasses the
// shared cache and counts writes in its own memory, logs one warning per outage, and ioredis reconnects by
// itself; /ready never looks at Redis. A Redis that keeps its connections but stops answering counts as gone
// too: each command waits at most REDIS_COMMAND_TIMEOUT_MS, and a timeout starts an outage that a periodic
// PING ends. When Redis comes back the shared cache is flushed before it is used again (writes made meanwhile
// did not reach it; its entries also carry the data version, so this is belt and braces).

import { InMemoryStore, type Store } from '@envelop/rate-limiter';
import type { Cache } from '@envelop/response-cache';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RedisRateLimitStore } from './redis-rate-limit-store.js';

const CACHE_PREFIX = 'news:response-cache:';
/** How often a Redis that stopped answering is asked again (PING) whether it is back. */
const PROBE_MS = 500;

export class SharedState {
  readonly redis: Redis;
  /** True once connected and the shared cache flushed; false from the first sign of an outage. */
  private usable = false;
  private outage = false;
  private closed = false;
  private probe: NodeJS.Timeout | undefined;

  constructor(
    url: string,
    private readonly log: Logger,
    commandTimeoutMs = 300,
  ) {
    this.redis = new Redis(url, {
      // Fail at once while disconnected (callers fall back) instead of queueing requests behind the outage,
      // and give up on a command Redis does not answer in time (a hung or stopped server keeps the socket open).
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: commandTimeoutMs,
      keepAlive: 10_000,
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
    // A closed connection comes back through ioredis's reconnect ('ready'); a silent one only answers a probe.
    this.probe ??= setInterval(() => {
      if (this.redis.status === 'ready')
        void this.redis.ping().then(
          () => this.reconnected(),
          () => undefined,
        );
    }, PROBE_MS).unref();
  }

  /** Runs a Redis command; a failure (a timeout included) starts an outage and yields `fallback`. */
  private async attempt<T>(command: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await command();
    } catch (error) {
      this.lost(error instanceof Error ? error.message : String(error));
      return fallback;
    }
  }

  private async reconnected(): Promise<void> {
    if (this.usable || this.closed) return;
    try {
      await this.flushCache();
      this.usable = true;
      this.outage = false;
      clearInterval(this.probe);
      this.probe = undefined;
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
        const json = await this.attempt(() => this.redis.get(CACHE_PREFIX + key), null);
        return json ? JSON.parse(json) : undefined;
      },
      set: async (key, result, _entities, ttl) => {
        if (!this.usable) return;
        await this.attempt(() => this.redis.set(CACHE_PREFIX + key, JSON.stringify(result), 'PX', Math.max(1, ttl)), null);
      },
      invalidate: () => undefined, // entries carry the data version: a write makes older ones unservable
    };
  }

  /**
   * The ingest rate limit's store: counts in Redis while available (atomically: src/server/redis-rate-limit-store.ts),
   * in this process otherwise.
   */
  rateLimitStore(windowMs: number): Store {
    const shared = new RedisRateLimitStore(this.redis, windowMs);
    const local = new InMemoryStore();
    return {
      getForIdentity: (identity) =>
        this.usable
          ? shared.getForIdentity(identity).catch((error: unknown) => {
              this.lost(error instanceof Error ? error.message : String(error));
              return local.getForIdentity(identity);
            })
          : local.getForIdentity(identity),
      // Redis counted the call as it was read; the local store counts it now.
      setForIdentity: (identity, timestamps) => {
        if (!this.usable) local.setForIdentity(identity, timestamps);
      },
    } as Store;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.usable = false;
    clearInterval(this.probe);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
