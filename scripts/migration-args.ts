// Command-line parsing shared by scripts/create-migration.ts and scripts/check-migrations.ts.
import { SQL_DIALECTS, type SqlDialect } from '../src/db/dialect.js';

/** Dialects chosen with `--dialect sqlite|postgresql` (or `--dialect=…`); all of them by default. */
export function parseDialects(args: string[]): { dialects: SqlDialect[]; rest: string[] } {
  const rest: string[] = [];
  let chosen: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--dialect') chosen = args[++i];
    else if (arg.startsWith('--dialect=')) chosen = arg.slice('--dialect='.length);
    else rest.push(arg);
  }
  if (chosen === undefined) return { dialects: [...SQL_DIALECTS], rest };
  if (!(SQL_DIALECTS as readonly string[]).includes(chosen)) {
    throw new Error(`--dialect must be one of ${SQL_DIALECTS.join(', ')} (got ${JSON.stringify(chosen)})`);
  }
  return { dialects: [chosen as SqlDialect], rest };
}
