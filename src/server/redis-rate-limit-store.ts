// The ingest rate limit's store in Redis, atomic across instances. @envelop/rate-limiter reads an identity's
// timestamps, decides, then writes them back: with its RedisStore, parallel requests all read the same count
// before any writes, and all pass. Here the read also counts the call, in one Lua script (trim the window,
// read, add), so parallel calls see each other; the write-back has nothing left to do.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { currentRequest, type RequestState } from './request-context.js';

/** Rate-limit keys (never the response cache's, which a flush deletes). */
export const RATE_LIMIT_PREFIX = 'news:rate-limit:';

// KEYS[1]: the identity's sorted set (member: one call, score: its time). ARGV: now, window (ms), member.
// Returns the calls still in the window before this one, as member, score pairs.
const COUNT_CALL = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
local before = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return before`;

export class RedisRateLimitStore {
  /** Calls each request has counted (the limiter adds a request's own calls itself: they must not count twice). */
  private readonly own = new WeakMap<RequestState, Set<string>>();

  constructor(
    private readonly redis: Redis,
    private readonly windowMs: number,
  ) {}

  async getForIdentity(identity: { contextIdentity: string; fieldIdentity: string }): Promise<readonly number[]> {
    const request = currentRequest();
    const member = randomUUID();
    const key = `${RATE_LIMIT_PREFIX}${identity.contextIdentity}:${identity.fieldIdentity}`;
    const pairs = (await this.redis.eval(COUNT_CALL, 1, key, Date.now(), this.windowMs, member)) as string[];
    const mine = request ? (this.own.get(request) ?? new Set<string>()) : undefined;
    if (request && mine) this.own.set(request, mine.add(member));
    const times: number[] = [];
    for (let i = 0; i < pairs.length; i += 2) if (!mine?.has(pairs[i]!)) times.push(Number(pairs[i + 1]));
    return times;
  }

  /** The call was counted when it was read. */
  setForIdentity(): void {}
}
