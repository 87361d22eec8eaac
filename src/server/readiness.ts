// Probes: /health answers 200 while the process serves HTTP (liveness, yoga's built-in check); /ready
// answers 200 only when the database answers `SELECT 1` and has applied every migration this code ships
// (readiness: take the instance out of rotation; a reachable database without the schema is not ready).
import { type Plugin, useReadinessCheck } from 'graphql-yoga';
import type { Database } from '../db/client.js';
import { pingDatabase } from '../db/health-store.js';
import { missingMigrations, shippedMigrations } from '../db/migration-state.js';
import { currentRequest } from './request-context.js';

export const READY_ENDPOINT = '/ready';

export function useReadiness(db: Database): Plugin {
  const expected = shippedMigrations(db.dialect);
  const probe = readinessProbe(db, expected);
  return {
    ...probe,
    // Only the exact path is the probe. Yoga's plugin would match every other request against a URLPattern of
    // the endpoint (1.3 % of the server's CPU on a one-row query), and it takes any URL that merely ends with
    // it (/graphql?x=/ready), each then costing two database statements.
    onRequest(payload) {
      if (payload.url.pathname === READY_ENDPOINT) return probe.onRequest?.(payload);
    },
  };
}

function readinessProbe(db: Database, expected: ReturnType<typeof shippedMigrations>): Plugin {
  return useReadinessCheck({
    endpoint: READY_ENDPOINT,
    check: async ({ fetchAPI }) => {
      const unavailable = (reason: 'database' | 'schema') =>
        new fetchAPI.Response(JSON.stringify({ status: 'unavailable', reason }), {
          status: 503,
          headers: { 'content-type': 'application/json' },
        });
      try {
        await pingDatabase(db);
      } catch (error) {
        // The cause goes to the log; the probe's answer says only what a load balancer needs.
        currentRequest()?.log.error({ err: error }, 'readiness check failed');
        return unavailable('database');
      }
      try {
        const missing = await missingMigrations(db, expected);
        if (missing.length === 0) return Response.json({ status: 'ready' });
        currentRequest()?.log.error({ missing }, `readiness check failed: migrations not applied: ${missing.join(', ')}`);
      } catch (error) {
        currentRequest()?.log.error({ err: error }, 'readiness check failed: no migration history (schema missing)');
      }
      return unavailable('schema');
    },
  });
}
