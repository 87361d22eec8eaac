// The yoga instances the query benchmark compares: this server as it is, without DataLoaders, with
// yoga's response cache, with graphql-jit. Extra behaviour goes in through createNewsYoga's
// `plugins` option, so the server under test is otherwise exactly the one `npm start` runs.
import { useGraphQlJit } from '@envelop/graphql-jit';
import type { Database } from '../src/db/client.js';
import { createNewsYoga, type NewsYoga, type ServerOptions } from '../src/server/yoga.js';

// Envelop plugins are typed by the context they read; ours is a superset of theirs, which the types cannot say.
const plugin = (p: unknown) => p as NonNullable<ServerOptions['plugins']>[number];

export const OUR_VARIANTS = ['dataloaders', 'no-dataloaders', 'response-cache', 'graphql-jit'] as const;
export type OurVariant = (typeof OUR_VARIANTS)[number];

export const VARIANT_LABELS: Record<OurVariant, string> = {
  dataloaders: 'ours',
  'no-dataloaders': 'ours, DataLoaders off',
  'response-cache': 'ours + response cache (production default)',
  'graphql-jit': 'ours + graphql-jit',
};

/** The variants that measure execution run without the production response cache. */
const uncached = { RESPONSE_CACHE: false };

export function createBenchYoga(db: Database, variant: OurVariant): NewsYoga {
  switch (variant) {
    case 'dataloaders':
      return createNewsYoga({ db, production: true, settings: uncached });
    case 'no-dataloaders':
      return createNewsYoga({ db, production: true, settings: uncached, disableBatching: true });
    case 'response-cache':
      // The production configuration: its response cache is on by default (src/server/response-cache.ts).
      return createNewsYoga({ db, production: true });
    case 'graphql-jit':
      return createNewsYoga({ db, production: true, settings: uncached, plugins: [plugin(useGraphQlJit())] });
  }
}
