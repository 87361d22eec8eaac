// Persisted operations: with PERSISTED_OPERATIONS_FILE set, clients send the sha256 of a known operation
// (Apollo's `extensions.persistedQuery`) instead of its text, and nothing else runs. The file is generated from
// the clients' own documents (`npm run persisted-operations`: codegen's persisted documents of every client folder).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ErrorCode } from '../graphql/errors.js';

/** The id a client sends for an operation: the sha256 of its exact text, in hex. */
export function persistedOperationId(query: string): string {
  return createHash('sha256').update(query).digest('hex');
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
    // A hand-edited text under a generated id would make the client's hash run another operation than it sent.
    if (persistedOperationId(query) !== id) throw new Error(`${path}: operation ${id}: the id is not the sha256 of its text`);
    operations.set(id, query);
  }
  return operations;
}

export function usePersistedOperationsOnly(operations: ReadonlyMap<string, string>): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (id) => operations.get(id) ?? null,
    allowArbitraryOperations: false,
    customErrors: {
      notFound: {
        message: 'Unknown persisted operation',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' satisfies ErrorCode, http: { status: 400 } },
      },
      persistedQueryOnly: {
        message: 'Only persisted operations run on this server: send extensions.persistedQuery.sha256Hash',
        extensions: { code: 'PERSISTED_QUERY_ONLY' satisfies ErrorCode, http: { status: 400 } },
      },
      keyNotFound: {
        message: 'Missing extensions.persistedQuery.sha256Hash',
        extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED' satisfies ErrorCode, http: { status: 400 } },
      },
    },
  }) as Plugin;
}
