// The one Pothos SchemaBuilder: plugins, scalars and the request context every resolver sees.
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import type { Database } from '../db/client.js';
import { DateTimeScalar } from './date-time.js';
import { badUserInput } from './errors.js';
import { decodeNodeId } from './global-id.js';
import type { Loaders } from './loaders.js';
import { MAX_PAGE_SIZE } from './paging.js';

export interface Context {
  db: Database;
  loaders: Loaders;
  /** The client a valid API key identifies (mutations require one), or null: reads are public. */
  writer: Writer | null;
  /**
   * Aborted when the operation has run EXECUTION_TIMEOUT_MS (src/server/limits.ts): writes stop at the next
   * document and roll back the one in progress, and the answer reports what was and was not stored.
   */
  deadline?: AbortSignal;
  /**
   * Set to the query's own signal by the execution timeout (src/server/limits.ts): once it is aborted (the
   * time limit, or the client gone) the request's reads fail instead of sending more SQL. graphql-jit, unlike
   * graphql-js, does not stop resolving fields on an aborted signal.
   */
  readsStop?: { signal?: AbortSignal };
  /** What articleAdded runs on (src/server/live.ts); absent where the server does not serve subscriptions. */
  live?: LiveServices;
}

export interface LiveServices {
  /** Takes one of the client's subscription slots (or throws over a cap); the function gives it back. */
  acquire(): () => void;
  /** Calls `deliver` with the ids of articles made visible after it resolves; the function stops it. */
  listen(deliver: (articleIds: number[]) => void): Promise<() => void>;
  /** MAX_SUBSCRIPTION_BACKLOG: new article ids one subscription may have waiting. */
  maxBacklog: number;
  /** Aborted when the client goes away: a subscription still being set up then releases what it took. */
  signal?: AbortSignal;
}

export interface Writer {
  /** A fingerprint of the API key, for logs and rate limits: never the key itself. */
  keyId: string;
}

/** Ids one nodes(ids:) call may ask for: a page. */
export const MAX_NODE_IDS = MAX_PAGE_SIZE;

export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  DefaultFieldNullability: false;
  /** Every connection carries a lazy total: the count query runs only when a client selects it. */
  Connection: { totalCount: () => number | Promise<number> };
}>({
  plugins: [RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    cursorType: 'String',
    clientMutationId: 'omit',
    decodeGlobalID: decodeNodeId,
    // Capped like a page: 100k ids (accepted anonymously before) took 5-12 s per request.
    nodesQueryOptions: {
      description: `The nodes of these global ids, in their order (null for an id that names nothing); at most ${MAX_NODE_IDS} ids.`,
      resolve: (_root, args, _context, _info, resolveNodes) => {
        if (args.ids.length > MAX_NODE_IDS) throw badUserInput(`ids takes at most ${MAX_NODE_IDS} ids, got ${args.ids.length}`);
        return resolveNodes(args.ids);
      },
    },
  },
});

builder.addScalarType('DateTime', DateTimeScalar);

builder.queryType({ description: 'Stories, their providers and topics.' });

builder.subscriptionType({ description: 'Live updates over Server-Sent Events (POST with Accept: text/event-stream).' });

builder.globalConnectionField('totalCount', (t) =>
  t.int({ description: 'Number of items across all pages.', resolve: (connection) => connection.totalCount() }),
);
