// Per-request state (request id, logger, operation, SQL statement count) that every layer below the HTTP
// handler can reach without passing it around: SQL logging, error masking and yoga's own log lines use it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';

export interface RequestState {
  id: string;
  startedAt: number;
  /** The process logger tagged with the request id (made on first use: most requests log one line or none). */
  readonly log: Logger;
  /** The URL's path, read once for the request (the hooks before ours share the parsed URL). */
  path?: string;
  operationName?: string;
  sqlStatements: number;
}

const storage = new AsyncLocalStorage<RequestState>();

/** The state of the request this code runs for, if any (none during start-up or a seed). */
export function currentRequest(): RequestState | undefined {
  return storage.getStore();
}

/** A caller's own request id is kept (so logs can be joined across services) when it looks like one. */
const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** Probes and scrapes are logged at debug level: at info they would drown the real traffic. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

export function useRequestContext(logger: Logger): Plugin {
  return {
    instrumentation: {
      // Wraps the whole request, so every continuation (resolvers, SQL events, masking) sees its state.
      request: ({ request }, handle) => {
        const incoming = request.headers.get('x-request-id');
        const id = incoming && INCOMING_REQUEST_ID.test(incoming) ? incoming : randomUUID();
        let log: Logger | undefined;
        const state: RequestState = {
          id,
          startedAt: performance.now(),
          get log() {
            log ??= logger.child({ requestId: id });
            return log;
          },
          sqlStatements: 0,
        };
        return storage.run(state, handle);
      },
    },
    onRequest({ url }) {
      // Yoga parses the URL once for every onRequest hook (the readiness probe reads it too).
      const state = currentRequest();
      if (state) state.path = url.pathname;
    },
    onExecute({ args }) {
      const state = currentRequest();
      if (state) state.operationName = getOperationAST(args.document, args.operationName)?.name?.value ?? 'anonymous';
    },
    onExecutionResult({ result, setResult }) {
      // Whoever reads an error response can quote the id that finds its log lines.
      const state = currentRequest();
      if (!state || !result || Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      setResult({ ...result, extensions: { ...result.extensions, requestId: state.id } });
    },
    onResponse({ request, response }) {
      const state = currentRequest();
      if (!state) return;
      response.headers.set('x-request-id', state.id);
      const path = state.path ?? new URL(request.url, 'http://localhost').pathname;
      const level = QUIET_PATHS.has(path) ? 'debug' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const fields = {
        method: request.method,
        path,
        status: response.status,
        durationMs: Math.round((performance.now() - state.startedAt) * 100) / 100,
        operation: state.operationName,
        sqlStatements: state.sqlStatements,
      };
      state.log[level](fields, 'request');
    },
  };
}
