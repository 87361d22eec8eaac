// The ingestArticles call over HTTP on fetch: one batch per request, the API key as a Bearer token, the
// operation sent as text or as its persisted hash, and 429 answers waited out as the server's Retry-After says.
import { print } from 'graphql';
import type { IngestArticlesMutation, IngestDocumentInput } from './gql/graphql.js';
import { IngestArticlesMutation as IngestArticles } from './queries.js';

export type IngestResult = IngestArticlesMutation['ingestArticles'][number];

/** One entry of a response's `errors` list, as the server sends it. */
export interface GraphQLErrorEntry {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/**
 * The server refused the whole request. `fatal` errors would refuse every other batch too (a missing or wrong
 * key, an operation the server does not list, a rate limit not over in time): the push stops there.
 */
export class IngestRequestError extends Error {
  override name = 'IngestRequestError';

  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
    readonly fatal: boolean,
  ) {
    super(message);
  }
}

/** Codes after which no other request can succeed either. */
const FATAL_CODES = new Set(['UNAUTHENTICATED', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_ONLY', 'RATE_LIMITED']);

export interface IngestClientOptions {
  endpoint: string;
  /** Sent as `Authorization: Bearer <key>`; without one the server answers 401. */
  apiKey?: string;
  /** Send the operation's sha256 only (`extensions.persistedQuery`), for a server with PERSISTED_OPERATIONS_FILE. */
  persistedOperations?: boolean;
  /** Times a batch answered 429 is sent again. Defaults to 5. */
  maxRetries?: number;
  /** Longest wait for one retry; a longer Retry-After stops the push instead. Defaults to 5 minutes. */
  maxRetryWaitMs?: number;
  /** Called before each wait, with the reason. */
  onRetry?: (waitMs: number, error: IngestRequestError) => void;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Defaults to a timer. */
  sleep?: (ms: number) => Promise<void>;
}

export interface IngestClient {
  /** The batch's results, one per document in the order sent. Throws IngestRequestError when the request is refused. */
  ingest(documents: readonly IngestDocumentInput[]): Promise<IngestResult[]>;
  /** The exact size in bytes of the request body that carries `documents`, for packing batches under a size limit. */
  bodyBytes(documents: readonly IngestDocumentInput[]): number;
  /** Requests answered 429 and sent again so far. */
  readonly retries: number;
  /** Requests sent so far, retries included. */
  readonly requests: number;
}

const OPERATION_NAME = 'IngestArticles';

/** The sha256 `npm run codegen` embeds in the document (client preset, `persistedDocuments`). */
function persistedHash(): string {
  const hash = (IngestArticles as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== 'string') throw new Error('IngestArticles carries no persisted-operation hash: run npm run codegen');
  return hash;
}

/** Seconds (`120`) or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export function createIngestClient(options: IngestClientOptions): IngestClient {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxRetries = options.maxRetries ?? 5;
  const maxWait = options.maxRetryWaitMs ?? 5 * 60_000;
  const operation = options.persistedOperations
    ? { extensions: { persistedQuery: { version: 1, sha256Hash: persistedHash() } } }
    : { query: print(IngestArticles) };
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  };
  const body = (documents: readonly IngestDocumentInput[]) =>
    JSON.stringify({ ...operation, operationName: OPERATION_NAME, variables: { documents } });
  let retries = 0;
  let requests = 0;

  async function send(documents: readonly IngestDocumentInput[]): Promise<{ response: Response; text: string }> {
    requests += 1;
    try {
      const response = await doFetch(options.endpoint, { method: 'POST', headers, body: body(documents) });
      return { response, text: await response.text() };
    } catch (error) {
      // Node's fetch says only "fetch failed"; the reason (ECONNREFUSED...) is in `cause`.
      const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new IngestRequestError(`cannot reach ${options.endpoint}: ${reason}`, 0, null, true);
    }
  }

  async function ingest(documents: readonly IngestDocumentInput[]): Promise<IngestResult[]> {
    for (let attempt = 0; ; attempt++) {
      const { response, text } = await send(documents);
      let reply: { data?: IngestArticlesMutation | null; errors?: GraphQLErrorEntry[] };
      try {
        reply = JSON.parse(text) as typeof reply;
      } catch {
        // Not a GraphQL response: a proxy's error page, a wrong endpoint, a body limit answered in plain text.
        throw new IngestRequestError(
          `HTTP ${response.status} from ${options.endpoint}, not JSON: ${text.slice(0, 200)}`,
          response.status,
          null,
          response.status === 404,
        );
      }
      const results = reply.data?.ingestArticles;
      if (results) {
        if (results.length !== documents.length) {
          throw new IngestRequestError(
            `${results.length} results for ${documents.length} documents`,
            response.status,
            null,
            true,
          );
        }
        // An error on one result's field (a database failure on that document) fails that document only.
        const itemErrors = new Map<number, string>();
        for (const error of reply.errors ?? []) {
          const index = error.path?.[0] === 'ingestArticles' ? error.path[1] : undefined;
          if (typeof index !== 'number') throw requestError(response, error);
          itemErrors.set(index, error.message);
        }
        return results.map((result, i) => {
          const error = itemErrors.get(i);
          return error === undefined ? result : { ...result, status: 'FAILED', error };
        });
      }
      const first = reply.errors?.[0];
      if (!first) throw new IngestRequestError(`HTTP ${response.status} without data or errors`, response.status, null, false);
      const error = requestError(response, first, reply.errors!.length);
      if (response.status !== 429) throw error;
      const wait = retryAfterMs(response.headers.get('retry-after')) ?? 1000 * 2 ** attempt;
      if (attempt >= maxRetries) throw withReason(error, `still rate limited after ${maxRetries} retries`);
      if (wait > maxWait)
        throw withReason(
          error,
          `Retry-After asks for ${Math.ceil(wait / 1000)} s, more than the ${Math.ceil(maxWait / 1000)} s this client waits`,
        );
      options.onRetry?.(wait, error);
      retries += 1;
      await sleep(wait);
    }
  }

  return {
    ingest,
    bodyBytes: (documents) => Buffer.byteLength(body(documents)),
    get retries() {
      return retries;
    },
    get requests() {
      return requests;
    },
  };
}

function requestError(response: Response, error: GraphQLErrorEntry, count = 1): IngestRequestError {
  const code = typeof error.extensions?.code === 'string' ? error.extensions.code : null;
  const more = count > 1 ? ` (and ${count - 1} more errors)` : '';
  const message = `HTTP ${response.status}: ${error.message}${code ? ` [${code}]` : ''}${more}`;
  // Held to the body limit of requests without a key: the server did not take the key, and smaller batches
  // would only meet the 401.
  if (error.extensions?.limit === 'MAX_ANONYMOUS_REQUEST_BYTES') {
    return new IngestRequestError(`${message}: the server did not accept the API key`, response.status, code, true);
  }
  return new IngestRequestError(message, response.status, code, code !== null && FATAL_CODES.has(code));
}

function withReason(error: IngestRequestError, reason: string): IngestRequestError {
  return new IngestRequestError(`${error.message}: ${reason}`, error.status, error.code, true);
}
