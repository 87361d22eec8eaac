// The GraphQL client: urql (@urql/core with Preact bindings), chosen over Apollo Client for its size — the whole
// page must load in 200 kB of gzipped JavaScript, and urql's core is a few kB where Apollo's is tens — and because
// its fetch transport carries subscriptions over server-sent events without another library.

import { Client, cacheExchange, fetchExchange } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';

/** Set by the server in the page (src/server/dashboard.ts): it runs only persisted operations. */
function persistedOperationsOnly(): boolean {
  return document.querySelector('meta[name="news-persisted-operations"]')?.getAttribute('content') === 'on';
}

/** The sha256 codegen embeds in every document (the id in persisted-operations.json). */
async function embeddedHash(_query: string, document: unknown): Promise<string> {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash) throw new Error('a document without its persisted hash: run npm run codegen');
  return hash;
}

export function createNewsClient(endpoint = '/graphql'): Client {
  const persisted = persistedOperationsOnly();
  return new Client({
    url: endpoint,
    // POST only: a JSON POST passes the server's CSRF prevention as it is; the header covers any GET all the same.
    preferGetMethod: false,
    fetchOptions: { headers: { 'x-graphql-yoga-csrf': '1' } },
    fetchSubscriptions: true,
    requestPolicy: 'cache-first',
    exchanges: [
      cacheExchange,
      ...(persisted
        ? [
            persistedExchange({
              enforcePersistedQueries: true,
              enableForMutation: true,
              enableForSubscriptions: true,
              preferGetForPersistedQueries: false,
              generateHash: embeddedHash,
            }),
          ]
        : []),
      fetchExchange,
    ],
  });
}
