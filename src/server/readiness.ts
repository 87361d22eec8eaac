// Probes: /health answers 200 while the process serves HTTP (liveness, yoga's built-in check); /ready
// answers 200 only when the database answers `SELECT 1` (readiness: take the instance out of rotation).
import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { Database } from '../db/client.js';
import { pingDatabase } from '../db/health-store.js';
import { currentRequest } from './request-context.js';

export const READY_ENDPOINT = '/ready';

export function useReadiness(db: Database): Plugin {
  return useReadinessCheck({
    endpoint: READY_ENDPOINT,
    check: async ({ fetchAPI }) => {
      try {
        await pingDatabase(db);
        return Response.json({ status: 'ready' });
      } catch (error) {
        // The cause goes to the log; the probe's answer says only what a load balancer needs.
        currentRequest()?.log.error({ err: error }, 'readiness check failed');
        return new fetchAPI.Response(JSON.stringify({ status: 'unavailable', reason: 'database' }), {
          status: 503,
          headers: { 'content-type': 'application/json' },
        });
      }
    },
  });
}
