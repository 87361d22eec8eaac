// The yoga instances the query benchmark compares: this server as it is, without DataLoaders, with
// yoga's response cache, and with graphql-js's interpreter instead of graphql-jit. Extra behaviour goes in through createNewsYoga's
// `plugins` option, so the server under test is otherwise exactly the one `npm start` runs.
import type { Database } from '../src/db/client.js';
import type { createNewsYoga, NewsYoga } from '../src/server/yoga.js';

export const OUR_VARIANTS = ['dataloaders', 'no-dataloaders', 'response-cache', 'graphql-js'] as const;
export type OurVariant = (typeof OUR_VARIANTS)[number];

export const VARIANT_LABELS: Record<OurVariant, string> = {
  dataloaders: 'ours',
  'no-dataloaders': 'ours, DataLoaders off',
  'response-cache': 'ours + response cache (production default)',
  'graphql-js': 'ours, graphql-js (graphql-jit off)',
};

/** The variants that measure execution run without the production response cache. */
const uncached = { RESPONSE_CACHE: false };

/** `createNewsYoga` is the server's, from the code the benchmark runs (dist/ or src/: bench/serve-ours.ts). */
export function createBenchYoga(create: typeof createNewsYoga, db: Database, variant: OurVariant): NewsYoga {
  switch (variant) {
    case 'dataloaders':
      return create({ db, production: true, settings: uncached });
    case 'no-dataloaders':
      return create({ db, production: true, settings: uncached, disableBatching: true });
    case 'response-cache':
      // The production configuration: its response cache is on by default (src/server/response-cache.ts).
      return create({ db, production: true });
    case 'graphql-js':
      return create({ db, production: true, settings: { ...uncached, GRAPHQL_JIT: false } });
  }
}
