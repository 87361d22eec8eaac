// The HTTP layer: graphql-yoga over the schema, with a fresh context (and fresh loaders) per request.
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Database } from '../db/client.js';
import type { Context } from '../graphql/builder.js';
import { DASHBOARD_QUERY } from '../graphql/dashboard-query.js';
import { createLoaders } from '../graphql/loaders.js';
import { schema } from '../graphql/schema.js';

export interface ServerOptions {
  db: Database;
  production?: boolean;
  /** Benchmarks only: resolve every relation with its own query, as a naive server would. */
  disableBatching?: boolean;
  /** Extra envelop/yoga plugins, e.g. the response cache bench/servers.ts adds. */
  plugins?: Plugin<Record<string, never> & Context>[];
}

export type NewsYoga = YogaServerInstance<Record<string, never>, Context>;

export function createNewsYoga(options: ServerOptions): NewsYoga {
  const { db } = options;
  return createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    context: () => ({ db, loaders: createLoaders(db, { batch: !options.disableBatching }) }),
    graphiql: options.production ? false : { title: 'News GraphQL', defaultQuery: DASHBOARD_QUERY },
    // Unexpected errors become "Unexpected error." for clients; GraphQLErrors (BAD_USER_INPUT...) pass through.
    maskedErrors: true,
    landingPage: false,
    plugins: options.plugins ?? [],
  });
}
