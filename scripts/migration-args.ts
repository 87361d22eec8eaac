// Command-line parsing shared by scripts/create-migration.ts and scripts/check-migrations.ts.
import { PROVIDERS, type Provider } from '../src/db/provider-schemas.js';

/** Providers chosen with `--provider sqlite|postgresql` (or `--provider=…`); all of them by default. */
export function parseProviders(args: string[]): { providers: Provider[]; rest: string[] } {
  const rest: string[] = [];
  let chosen: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--provider') chosen = args[++i];
    else if (arg.startsWith('--provider=')) chosen = arg.slice('--provider='.length);
    else rest.push(arg);
  }
  if (chosen === undefined) return { providers: [...PROVIDERS], rest };
  if (!(PROVIDERS as readonly string[]).includes(chosen)) {
    throw new Error(`--provider must be one of ${PROVIDERS.join(', ')} (got ${JSON.stringify(chosen)})`);
  }
  return { providers: [chosen as Provider], rest };
}
