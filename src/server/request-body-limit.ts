// Request body limits, in place of yoga's maxRequestBodySize (turned off in yoga.ts). A request without a
// valid API key is a read, and no read needs a large body: a 1000-token query and its variables (100 ids at
// most) fit in a few KB. Such requests are held to MAX_ANONYMOUS_REQUEST_BYTES; only keyed writers get
// MAX_REQUEST_BYTES for their ingestArticles batches. A body declared too large is refused from its
// Content-Length before it is read (100,000 ids, 2.3 MB, cost as much CPU to parse as a dashboard query); a
// chunked body is counted as it arrives.
//
// Why not yoga's: it pipes every body through a counting TransformStream, declared length or not, and that
// stream (a Node pipeline, its AbortController, a DOMException when it closes) was ~9 % of the server's CPU
// on a one-row query (BENCHMARKS.md). Node's HTTP parser already ends a body at its Content-Length, so a
// body that came through it with a declared length is only counted when it has none.
import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Writer } from '../graphql/builder.js';
import { badUserInput, requestTooLarge } from '../graphql/errors.js';

function tooLarge(limit: number, anonymous: boolean) {
  return anonymous
    ? requestTooLarge(
        `Request body too large: ${limit} bytes at most without an API key (MAX_ANONYMOUS_REQUEST_BYTES)`,
        'MAX_ANONYMOUS_REQUEST_BYTES',
      )
    : requestTooLarge(`Request body too large: ${limit} bytes at most (MAX_REQUEST_BYTES)`, 'MAX_REQUEST_BYTES');
}

/** The request with a body that fails once more than `limit` bytes have arrived. */
function countedBody(
  request: Request,
  limit: number,
  error: () => Error,
  fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream },
): Request {
  if (!request.body) return request;
  let received = 0;
  // The stream classes must match the body's: the platform's, or the fetch ponyfill's (as yoga's own limit does).
  const Transform = request.body instanceof ReadableStream ? TransformStream : fetchAPI.TransformStream;
  const body = request.body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        if (received > limit) controller.error(error());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body,
    duplex: 'half',
  } as RequestInit);
}

/** Only a single non-negative integer is a Content-Length (a comma-joined pair is a smuggling attempt). */
const CONTENT_LENGTH = /^\d+$/;

export function useRequestBodyLimit(
  limits: { maxBytes: number; anonymousMaxBytes: number },
  identifyWriter: (request: Request) => Writer | null,
): Plugin<{ req?: IncomingMessage }> {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI, serverContext }) {
      if (!request.body) return;
      // The limit that binds, and the setting an answer over it names.
      const anonymous = limits.anonymousMaxBytes < limits.maxBytes && identifyWriter(request) === null;
      const limit = anonymous ? limits.anonymousMaxBytes : limits.maxBytes;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!CONTENT_LENGTH.test(declared)) throw badUserInput('Content-Length header is invalid.', { rejectRequest: true });
        if (Number(declared) > limit) throw tooLarge(limit, anonymous);
        // Node's parser delivers exactly the declared bytes; a request handed to yoga.fetch directly has no
        // such guarantee, so its body is counted.
        if ((serverContext as { req?: IncomingMessage } | undefined)?.req?.headers['content-length'] === declared) return;
      }
      if (!requestParser) return;
      setRequestParser((incoming) => requestParser(countedBody(incoming, limit, () => tooLarge(limit, anonymous), fetchAPI)));
    },
  };
}
