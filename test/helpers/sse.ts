// A GraphQL-over-SSE subscriber as a browser's fetch() would be one: POST with a JSON body and
// `Accept: text/event-stream`, the stream read chunk by chunk. Tests await its events; nothing sleeps.
import type { Client } from './server.js';

export interface SsePayload {
  data?: Record<string, any>;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface Subscriber {
  status: number;
  headers: Headers;
  /** The next `next` event's payload; rejects when the stream completes or ends first. */
  next(): Promise<SsePayload>;
  /** Resolves once the stream has carried `n` keep-alive comments in all. */
  comments(n: number): Promise<void>;
  /** Disconnects, as a closed browser tab does. */
  close(): void;
}

export async function subscribe(
  client: Pick<Client, 'request'>,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Subscriber> {
  const abort = new AbortController();
  const response = await client.request('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const queue: SsePayload[] = [];
  let buffer = '';
  let commentCount = 0;
  let ended = false;
  let waiting: (() => void) | undefined;

  /** Reads until `ready()` holds or the stream ends. */
  const readUntil = async (ready: () => boolean) => {
    while (!ready() && !ended) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) {
        ended = true;
        break;
      }
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const lines = block.split('\n');
        if (lines.every((l) => l.startsWith(':'))) commentCount++;
        const event = lines
          .find((l) => l.startsWith('event:'))
          ?.slice(6)
          .trim();
        const data = lines
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('\n');
        if (event === 'next') queue.push(JSON.parse(data) as SsePayload);
        if (event === 'complete') ended = true;
      }
      waiting?.();
    }
  };

  return {
    status: response.status,
    headers: response.headers,
    async next() {
      await readUntil(() => queue.length > 0);
      const payload = queue.shift();
      if (!payload) throw new Error('the stream ended before another event');
      return payload;
    },
    async comments(n) {
      await readUntil(() => commentCount >= n);
      if (commentCount < n) throw new Error(`the stream ended after ${commentCount} comments`);
    },
    close() {
      abort.abort();
      void reader.cancel().catch(() => {});
    },
  };
}
