// One pino logger for the process: JSON lines on stdout, request-scoped fields (requestId) added from the
// request context, so yoga's messages and SQL statements land in the same stream as request logs.

import type { YogaLogger } from 'graphql-yoga';
import { type DestinationStream, type Logger, pino } from 'pino';
import type { Settings } from '../config.js';
import type { Database } from '../db/client.js';
import { currentRequest } from './request-context.js';

export function createLogger(settings: Pick<Settings, 'LOG_LEVEL'>, destination?: DestinationStream): Logger {
  const options = { level: settings.LOG_LEVEL, base: { service: 'news-graphql' }, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
}

/** A silent logger, for servers created by tests and benchmarks that do not pass one. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Yoga's logger interface over pino, tagged with the current request. */
export function yogaLogger(logger: Logger): YogaLogger {
  const scoped = () => currentRequest()?.log ?? logger;
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      if (!logger.isLevelEnabled(level)) return; // yoga logs debug lines on every request: skip building them
      const [first, ...rest] = args;
      // pino wants an Error first (serialized as `err`) and a message string last.
      if (first instanceof Error) scoped()[level]({ err: first }, rest.map(String).join(' ') || first.message);
      else scoped()[level](args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}

/** LOG_SQL: every statement, with its name and duration, at info level. Returns the unsubscribe function. */
export function logSqlStatements(db: Database, logger: Logger): () => void {
  return db.onStatement((s) =>
    (currentRequest()?.log ?? logger).info({ statement: s.name, sql: s.sql, params: s.params, durationMs: s.durationMs }, 'sql'),
  );
}
