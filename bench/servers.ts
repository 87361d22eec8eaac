// The yoga instances the query benchmark compares: this server as it is, without DataLoaders, with
// yoga's response cache, with graphql-jit, and with a leaner article loader (a proposal). Extra behaviour goes in through createNewsYoga's
// `plugins` option, so the server under test is otherwise exactly the one `npm start` runs.
import { useGraphQlJit } from '@envelop/graphql-jit';
import { useResponseCache } from '@graphql-yoga/plugin-response-cache';
import type { Database } from '../src/db/client.js';
import { createNewsYoga, type NewsYoga, type ServerOptions } from '../src/server/yoga.js';
import { useLeanArticleLoader } from './lean-loader.js';

// Envelop plugins are typed by the context they read; ours is a superset of theirs, which the types cannot say.
const plugin = (p: unknown) => p as NonNullable<ServerOptions['plugins']>[number];

export const OUR_VARIANTS = ['dataloaders', 'no-dataloaders', 'response-cache', 'graphql-jit', 'lean-loader'] as const;
export type OurVariant = (typeof OUR_VARIANTS)[number];

export const VARIANT_LABELS: Record<OurVariant, string> = {
  dataloaders: 'ours',
  'no-dataloaders': 'ours, DataLoaders off',
  'response-cache': 'ours + response cache',
  'graphql-jit': 'ours + graphql-jit',
  'lean-loader': 'ours + lean articleById (proposal)',
};

export function createBenchYoga(db: Database, variant: OurVariant): NewsYoga {
  switch (variant) {
    case 'dataloaders':
      return createNewsYoga({ db, production: true });
    case 'no-dataloaders':
      return createNewsYoga({ db, production: true, disableBatching: true });
    case 'response-cache':
      // One cache for every client (no session): the data is public. The benchmark only reads, so
      // nothing needs invalidating; a real deployment would bound the TTL (or invalidate after a seed).
      return createNewsYoga({ db, production: true, plugins: [plugin(useResponseCache({ session: () => null, ttl: 60_000 }))] });
    case 'graphql-jit':
      return createNewsYoga({ db, production: true, plugins: [plugin(useGraphQlJit())] });
    case 'lean-loader':
      return createNewsYoga({ db, production: true, plugins: [plugin(useLeanArticleLoader(db))] });
  }
}
