// Persisted operations: with PERSISTED_OPERATIONS_FILE set, clients send the sha256 of a known operation
// (Apollo's `extensions.persistedQuery`) instead of its text, and nothing else runs.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { DASHBOARD_QUERY } from '../graphql/dashboard-query.js';

/** The id a client sends for an operation: the sha256 of its exact text, in hex. */
export function persistedOperationId(query: string): string {
  return createHash('sha256').update(query).digest('hex');
}

/** The operations of the default file (`npm run persisted-operations`): what the project's own clients send. */
export const KNOWN_OPERATIONS: readonly string[] = [
  DASHBOARD_QUERY,
  /* GraphQL */ `mutation IngestArticles($documents: [IngestDocumentInput!]!) {
  ingestArticles(documents: $documents) { name status articleIds skippedKind error }
}
`,
];

export function persistedOperationsFile(queries: readonly string[]): Record<string, string> {
  return Object.fromEntries(queries.map((q) => [persistedOperationId(q), q]));
}

/** Reads and checks the file at start-up: a broken entry fails there, not at a client's request. */
export function loadPersistedOperations(path: string): Map<string, string> {
  const entries = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
    throw new Error(`${path}: expected an object {"<sha256>": "<operation>"}`);
  }
  const operations = new Map<string, string>();
  for (const [id, query] of Object.entries(entries)) {
    if (typeof query !== 'string') throw new Error(`${path}: operation ${id} is not a string`);
    try {
      parse(query);
    } catch (error) {
      throw new Error(`${path}: operation ${id}: ${(error as Error).message}`);
    }
    operations.set(id, query);
  }
  return operations;
}

export function usePersistedOperationsOnly(operations: ReadonlyMap<string, string>): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (id) => operations.get(id) ?? null,
    allowArbitraryOperations: false,
    customErrors: {
      notFound: { message: 'Unknown persisted operation', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } },
      persistedQueryOnly: {
        message: 'Only persisted operations run on this server: send extensions.persistedQuery.sha256Hash',
        extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
      },
      keyNotFound: {
        message: 'Missing extensions.persistedQuery.sha256Hash',
        extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED', http: { status: 400 } },
      },
    },
  }) as Plugin;
}
