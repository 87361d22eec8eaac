// A request without a valid API key is a read, and no read needs a large body: a 1000-token query and its
// variables (100 ids at most) fit in a few KB. Such requests are held to MAX_ANONYMOUS_REQUEST_BYTES; only
// keyed writers get MAX_REQUEST_BYTES for their ingestArticles batches. A body declared too large is refused
// from its Content-Length before it is read (100,000 ids, 2.3 MB, cost as much CPU to parse as a dashboard
// query); a chunked body is counted as it arrives.
import type { Plugin } from 'graphql-yoga';
import type { Writer } from '../graphql/builder.js';
import { requestTooLarge } from '../graphql/errors.js';

function tooLarge(limit: number) {
  return requestTooLarge(
    `Request body too large: ${limit} bytes at most without an API key (MAX_ANONYMOUS_REQUEST_BYTES)`,
    'MAX_ANONYMOUS_REQUEST_BYTES',
  );
}

/** The request with a body that fails once more than `limit` bytes have arrived. */
function countedBody(
  request: Request,
  limit: number,
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
        if (received > limit) controller.error(tooLarge(limit));
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

export function useAnonymousBodyLimit(limit: number, identifyWriter: (request: Request) => Writer | null): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!request.body || identifyWriter(request)) return;
      const declared = request.headers.get('content-length');
      if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
      if (declared !== null || !requestParser) return; // a declared length is enforced by the HTTP layer
      setRequestParser((incoming) => requestParser(countedBody(incoming, limit, fetchAPI)));
    },
  };
}
