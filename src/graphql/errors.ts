// Every error a client can receive, one constructor per code. Each sets the HTTP status (and headers) yoga
// answers with, so a code means the same response wherever it is raised: a resolver, a plugin, a limit.
import { GraphQLError } from 'graphql';
import type { Settings } from '../config.js';

export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'QUERY_LIMIT_EXCEEDED',
  'REQUEST_ENTITY_TOO_LARGE',
  'EXECUTION_TIMEOUT',
  // Raised by yoga's persisted-operations plugin with the messages src/server/persisted-operations.ts gives it.
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_ONLY',
  'PERSISTED_QUERY_ID_REQUIRED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The client sent something the API cannot accept (an argument, a cursor, an id, a filter). Raised by a
 * resolver it is a field error in a 200 response; `rejectRequest` makes it a 400 for checks that refuse the
 * whole request before execution.
 */
export function badUserInput(message: string, options: { rejectRequest?: boolean } = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT' satisfies ErrorCode, ...(options.rejectRequest ? { http: { status: 400 } } : {}) },
  });
}

/** 401 with a Bearer challenge: no valid API key for a write. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED' satisfies ErrorCode, http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } },
  });
}

/** 429: this API key used up its writes for the window; Retry-After says when the window is over. */
export function rateLimited(message: string, retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'RATE_LIMITED' satisfies ErrorCode,
      limit: 'INGEST_RATE_LIMIT_MAX' satisfies keyof Settings,
      http: { status: 429, headers: { 'Retry-After': String(retryAfterSeconds) } },
    },
  });
}

/** 400: the operation asks for more than a limit allows; the message and `extensions.limit` name the setting. */
export function limitExceeded(message: string, setting: keyof Settings): GraphQLError {
  return new GraphQLError(`${message.replace(/\.$/, '')} (${setting}).`, {
    extensions: { code: 'QUERY_LIMIT_EXCEEDED' satisfies ErrorCode, limit: setting, http: { status: 400 } },
  });
}

/** 413: the request body is over a size limit; `extensions.limit` names the setting. */
export function requestTooLarge(message: string, setting: keyof Settings): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' satisfies ErrorCode, limit: setting, http: { status: 413 } },
  });
}

/** 503: the operation ran out of time and was stopped. */
export function executionTimeout(ms: number): GraphQLError {
  return new GraphQLError(`Execution time limit of ${ms} ms exceeded (EXECUTION_TIMEOUT_MS).`, {
    extensions: {
      code: 'EXECUTION_TIMEOUT' satisfies ErrorCode,
      limit: 'EXECUTION_TIMEOUT_MS' satisfies keyof Settings,
      http: { status: 503 },
    },
  });
}
