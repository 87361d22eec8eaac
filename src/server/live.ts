// What articleAdded subscriptions run on. One feed per process polls the write journal (src/db/change-store.ts)
// while anyone listens: a cheap version read per poll, the journal rows only when the version moved. The
// journal is in the database, so every instance sees every writer's articles, a seed process's included,
// with or without Redis. The gate caps open subscriptions per client address and in total.
import type { Logger } from 'pino';
import type { Settings } from '../config.js';
import { type ArticleAdded, articlesAddedBetween, readDataVersion } from '../db/change-store.js';
import type { Database } from '../db/client.js';
import { limitExceeded } from '../graphql/errors.js';

type Listener = { seen: number; deliver: (articleIds: number[]) => void };

export class ArticleFeed {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  /** Listeners registered now (a test checks that disconnects leave none behind). */
  get size(): number {
    return this.listeners.size;
  }

  /**
   * Starts listening from the current version: `deliver` gets the ids of every article made visible by a write
   * committed after this resolves. Returns the function that stops it.
   */
  async listen(deliver: (articleIds: number[]) => void): Promise<() => void> {
    const listener: Listener = { seen: await readDataVersion(this.db), deliver };
    this.listeners.add(listener);
    this.timer ??= setInterval(() => void this.poll(), this.pollMs);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Whether the poll timer runs (only while someone listens). */
  get polling(): boolean {
    return this.timer !== undefined;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One poll at a time: a slow database never piles polls up. */
  private poll(): Promise<void> {
    this.inFlight ??= this.readJournal()
      .catch((error: unknown) => this.log.warn({ err: error }, 'articleAdded: reading the write journal failed; retrying'))
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  private async readJournal(): Promise<void> {
    if (this.listeners.size === 0) return;
    const current = await readDataVersion(this.db);
    const from = Math.min(...[...this.listeners].map((l) => l.seen));
    if (current <= from) return;
    const added: ArticleAdded[] = await articlesAddedBetween(this.db, from, current);
    // Listeners that had seen the same version get the same array: subscribers share work per array
    // (src/graphql/live-matching.ts).
    const bySeen = new Map<number, number[]>();
    for (const listener of this.listeners) {
      let ids = bySeen.get(listener.seen);
      if (!ids) {
        ids = [...new Set(added.filter((a) => a.version > listener.seen).map((a) => a.articleId))];
        bySeen.set(listener.seen, ids);
      }
      listener.seen = Math.max(listener.seen, current);
      if (ids.length) listener.deliver(ids);
    }
  }
}

export type GateSettings = Pick<Settings, 'MAX_SUBSCRIPTIONS' | 'MAX_SUBSCRIPTIONS_PER_CLIENT'>;

/** Counts open subscriptions; `acquire` refuses one over a cap with QUERY_LIMIT_EXCEEDED naming the setting. */
export class SubscriptionGate {
  private total = 0;
  private readonly byClient = new Map<string, number>();

  constructor(private readonly settings: GateSettings) {}

  get open(): number {
    return this.total;
  }

  /** Takes a slot for `client`; the returned function gives it back (calling it again does nothing). */
  acquire(client: string): () => void {
    const mine = this.byClient.get(client) ?? 0;
    if (mine >= this.settings.MAX_SUBSCRIPTIONS_PER_CLIENT) {
      throw limitExceeded(
        `At most ${this.settings.MAX_SUBSCRIPTIONS_PER_CLIENT} open subscriptions per client address`,
        'MAX_SUBSCRIPTIONS_PER_CLIENT',
      );
    }
    if (this.total >= this.settings.MAX_SUBSCRIPTIONS) {
      throw limitExceeded(
        `This server holds its maximum of ${this.settings.MAX_SUBSCRIPTIONS} open subscriptions`,
        'MAX_SUBSCRIPTIONS',
      );
    }
    this.total++;
    this.byClient.set(client, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.byClient.get(client) ?? 1) - 1;
      if (left > 0) this.byClient.set(client, left);
      else this.byClient.delete(client);
    };
  }
}

/**
 * The client's address: the socket's peer, or, behind a proxy (TRUST_PROXY), the address that proxy appended
 * last to X-Forwarded-For; entries before it are whatever the client claimed and are never trusted.
 */
export function clientAddress(request: Request, socketAddress: string | undefined, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  return socketAddress ?? 'unknown';
}
