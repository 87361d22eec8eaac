// /metrics on its own HTTP server (METRICS_PORT, bound to METRICS_HOST: loopback by default), so the public API
// port never serves it: a scrape holds every series in memory while it is built, and what it shows (operation
// names, error counts, memory) is for operators.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { refusingMalformedTargets } from './http-server.js';

export const METRICS_PATH = '/metrics';

export function createMetricsServer(registry: Registry): Server {
  return createServer(
    refusingMalformedTargets((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path !== METRICS_PATH || (request.method !== 'GET' && request.method !== 'HEAD')) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: metrics are at GET /metrics\n');
        return;
      }
      registry.metrics().then(
        (text) =>
          response.writeHead(200, { 'content-type': registry.contentType }).end(request.method === 'HEAD' ? undefined : text),
        () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
      );
    }),
  );
}

/** Starts the metrics server; resolves with the address it listens on (the real port when `port` is 0). */
export function listenForMetrics(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
