// A minimal GraphQL-over-HTTP client on fetch: the generated TypedDocumentNode fixes both the variables a call
// must pass and the type of the data it returns.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, print } from 'graphql';

/** One entry of a response's `errors` list, as the server sends it. */
export interface GraphQLErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/** The response carried GraphQL errors; `data` is whatever partial result came with them. */
export class GraphQLResponseError extends Error {
  override name = 'GraphQLResponseError';

  constructor(
    readonly operationName: string,
    readonly status: number,
    readonly errors: readonly GraphQLErrorEntry[],
    readonly data: unknown,
  ) {
    const details = errors.map((e) => (e.extensions?.code ? `${e.message} [${e.extensions.code}]` : e.message));
    super(`${operationName} failed (HTTP ${status}): ${details.join('; ')}`);
  }
}

/** Variables may be left out only when the operation has no required ones. */
type VariablesArgument<TVariables> =
  Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

export interface GraphQLClient {
  execute<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    ...[variables]: VariablesArgument<TVariables>
  ): Promise<TResult>;
}

export interface ClientOptions {
  headers?: Record<string, string>;
  /** Defaults to the global fetch (Node 18+). */
  fetch?: typeof fetch;
  /**
   * Send each operation as its hash only (`extensions.persistedQuery.sha256Hash`), never its text: for a server
   * that runs only persisted operations (PERSISTED_OPERATIONS_FILE, generated from these documents).
   */
  persistedOperations?: boolean;
}

const printed = new WeakMap<DocumentNode, string>();

function printOnce(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/** The sha256 `npm run codegen` puts in each document (client preset, `persistedDocuments`). */
function persistedHashOf(document: DocumentNode, operationName: string): string {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== 'string') {
    throw new Error(`${operationName}: the document carries no persisted-operation hash: run npm run codegen`);
  }
  return hash;
}

/** The request body: the operation's text, or only its hash for a persisted-operations server. */
function requestBody(document: DocumentNode, operationName: string, variables: unknown, persisted: boolean): string {
  const operation = persisted
    ? { extensions: { persistedQuery: { version: 1, sha256Hash: persistedHashOf(document, operationName) } } }
    : { query: printOnce(document) };
  return JSON.stringify({ ...operation, operationName, variables: variables ?? {} });
}

function operationNameOf(document: DocumentNode): string {
  for (const definition of document.definitions) {
    if (definition.kind === 'OperationDefinition' && definition.name) return definition.name.value;
  }
  return 'GraphQL operation';
}

export function createClient(endpoint: string, options: ClientOptions = {}): GraphQLClient {
  const doFetch = options.fetch ?? fetch;

  return {
    async execute<TResult, TVariables>(
      document: TypedDocumentNode<TResult, TVariables>,
      ...[variables]: VariablesArgument<TVariables>
    ): Promise<TResult> {
      const operationName = operationNameOf(document);
      const body = requestBody(document, operationName, variables, options.persistedOperations ?? false);
      let response: Response;
      try {
        response = await doFetch(endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/graphql-response+json, application/json',
            ...options.headers,
          },
          body,
        });
      } catch (error) {
        // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED...) is in `cause`.
        const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
        throw new Error(`${operationName}: cannot reach ${endpoint}: ${reason}`, { cause: error });
      }

      const text = await response.text();
      let reply: { data?: TResult | null; errors?: GraphQLErrorEntry[] };
      try {
        reply = JSON.parse(text) as typeof reply;
      } catch {
        // Not a GraphQL response at all: a proxy error page, a wrong endpoint...
        throw new Error(`${operationName}: HTTP ${response.status} from ${endpoint}, not JSON: ${text.slice(0, 200)}`);
      }
      // Partial data with errors is still a failure here: a dashboard built from half a page would lie.
      if (reply.errors?.length) throw new GraphQLResponseError(operationName, response.status, reply.errors, reply.data);
      if (!response.ok || reply.data == null) {
        throw new Error(`${operationName}: HTTP ${response.status} from ${endpoint} without data or errors`);
      }
      return reply.data;
    },
  };
}
