// Who can reach the server decides its defaults. Development conveniences — GraphiQL, introspection, field
// suggestions, no CSRF header — are on by default only outside production AND on a loopback address, so a
// careless `HOST=0.0.0.0 npm start` (NODE_ENV unset) serves the network what production serves it. Each
// stays switchable on its own (GRAPHIQL, INTROSPECTION, CSRF_PREVENTION); error details need DEBUG_ERRORS.
import { isIP } from 'node:net';
import type { Settings } from '../config.js';

/** Whether an address to listen on can only be reached from this machine. */
export function isLoopback(host: string): boolean {
  const address = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (address === 'localhost' || address === '::1') return true;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** Whether development conveniences are on by default. */
export function developmentDefaults(settings: Pick<Settings, 'NODE_ENV' | 'HOST'>, production: boolean): boolean {
  return !production && settings.NODE_ENV !== 'production' && isLoopback(settings.HOST);
}
