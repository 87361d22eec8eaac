// The API's HTTP server: bounded in how long a client may take to send its request and in how many
// connections it holds open. Node checks the header and request timeouts only every
// `connectionsCheckingInterval` (30 s by default), so a 10 s headers timeout fired after up to 40 s; the
// interval here is a fraction of the shortest timeout.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Settings } from '../config.js';

export type HttpLimits = Pick<Settings, 'HEADERS_TIMEOUT_MS' | 'REQUEST_TIMEOUT_MS' | 'MAX_CONNECTIONS'>;

/** How often Node looks for connections past their timeout: a tenth of the shortest, between 50 ms and 1 s. */
export function timeoutCheckInterval(limits: Pick<HttpLimits, 'HEADERS_TIMEOUT_MS' | 'REQUEST_TIMEOUT_MS'>): number {
  return Math.min(1_000, Math.max(50, Math.floor(Math.min(limits.HEADERS_TIMEOUT_MS, limits.REQUEST_TIMEOUT_MS) / 10)));
}

/**
 * Answers 400 to a request whose target is no URL (`GET http://[ HTTP/1.1` passes Node's parser) before the
 * handler sees it: yoga's URL parsing would throw, and its 500 carried a stack trace; on a plain server the
 * throw ends the process.
 */
export function refusingMalformedTargets(handler: RequestListener): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    if (URL.canParse(request.url ?? '/', 'http://localhost')) return handler(request, response);
    response
      .writeHead(400, { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff', connection: 'close' })
      .end('Bad request: the request target is not a URL\n');
  };
}

export function createApiServer(handler: RequestListener, limits: HttpLimits): Server {
  const server = createServer(
    {
      headersTimeout: limits.HEADERS_TIMEOUT_MS,
      // Node requires requestTimeout >= headersTimeout (0 would mean none).
      requestTimeout: Math.max(limits.REQUEST_TIMEOUT_MS, limits.HEADERS_TIMEOUT_MS),
      connectionsCheckingInterval: timeoutCheckInterval(limits),
    },
    refusingMalformedTargets(handler),
  );
  // Connections past the cap are closed as they arrive (the client sees a reset): memory and file descriptors
  // stay bounded however many a client opens.
  server.maxConnections = limits.MAX_CONNECTIONS;
  return server;
}
