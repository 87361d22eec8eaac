// Load generation with autocannon (as a library): fixed concurrency for a fixed time against one
// GraphQL request, loopback only. Also the single-request helper used for checks and cursor walks.
import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export interface GraphQLBody {
  query: string;
  variables: Record<string, unknown>;
}

const HEADERS = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]')
    throw new Error(`refusing to load ${host}: loopback only`);
}

export async function postGraphQL(url: string, body: GraphQLBody): Promise<{ data?: any; errors?: { message: string }[] }> {
  assertLoopback(url);
  const response = await fetch(url, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${url} answered ${response.status} with non-JSON: ${text.slice(0, 200)}`);
  }
}

export async function runLoad(
  url: string,
  body: GraphQLBody,
  options: { connections: number; seconds: number },
): Promise<LoadResult> {
  assertLoopback(url);
  const result = await autocannon({
    url,
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify(body),
    connections: options.connections,
    duration: options.seconds,
    pipelining: 1,
    timeout: 30,
  });
  return {
    requests: result.requests.total,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export async function fetchStats(origin: string): Promise<{ statements: number; requests: number }> {
  assertLoopback(origin);
  const response = await fetch(`${origin}/__bench/stats`, { signal: AbortSignal.timeout(10_000) });
  return (await response.json()) as { statements: number; requests: number };
}
