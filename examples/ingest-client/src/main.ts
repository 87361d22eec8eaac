// CLI: `NEWS_API_KEY=... npx tsx examples/ingest-client/src/main.ts [--endpoint URL] [--persisted] paths...`
// pushes files and folders through ingestArticles, prints one line per document and a summary, and exits 1
// when any document failed. The key comes from the environment only: a flag would land in shell history.
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createIngestClient } from './client.js';
import {
  DEFAULT_MAX_REQUEST_BYTES,
  type DocumentOutcome,
  MAX_BATCH_DOCUMENTS,
  OUTCOMES,
  type PushSummary,
  pushFiles,
} from './push.js';

export const API_KEY_VARIABLE = 'NEWS_API_KEY';

const USAGE =
  'usage: NEWS_API_KEY=<key> main.ts [--endpoint URL] [--batch-size N (1-100)] [--max-request-bytes N] [--max-retries N] [--persisted] paths...';

export interface Output {
  log(line: string): void;
  error(line: string): void;
}

function positiveInt(name: string, value: string, max = Number.MAX_SAFE_INTEGER, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

class UsageError extends Error {}

export function formatOutcome(outcome: DocumentOutcome): string {
  const detail =
    outcome.status === 'failed'
      ? `: ${outcome.reason}`
      : outcome.status === 'skipped'
        ? ` (${outcome.skippedKind ?? 'not an article'})`
        : outcome.articleIds.length
          ? ` (${outcome.articleIds.length} article${outcome.articleIds.length === 1 ? '' : 's'})`
          : '';
  return `${outcome.status.padEnd(9)} ${outcome.name}${detail}`;
}

export function formatSummary(summary: PushSummary): string[] {
  const counts = OUTCOMES.map((status) => `${summary.counts[status]} ${status}`).join(', ');
  const retries = summary.retries ? `, ${summary.retries} after 429` : '';
  const lines = [`${summary.outcomes.length} documents in ${summary.requests} request(s)${retries}: ${counts}`];
  if (summary.ignored.length)
    lines.push(`${summary.ignored.length} file(s) in folders ignored (not .md, .markdown, .json or .txt)`);
  if (summary.aborted) lines.push(`stopped: ${summary.aborted.message}; ${summary.notSent} document(s) not sent`);
  return lines;
}

/** Runs the CLI; returns the exit code (0: all stored or skipped, 1: a document failed or the push stopped, 2: usage). */
export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: Output,
  fetchImpl?: typeof fetch,
): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        endpoint: { type: 'string', default: 'http://localhost:4000/graphql' },
        'batch-size': { type: 'string', default: String(MAX_BATCH_DOCUMENTS) },
        'max-request-bytes': { type: 'string', default: String(DEFAULT_MAX_REQUEST_BYTES) },
        'max-retries': { type: 'string', default: '5' },
        persisted: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      out.log(USAGE);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('no file or folder to push');
    const apiKey = env[API_KEY_VARIABLE];
    if (!apiKey) throw new UsageError(`${API_KEY_VARIABLE} is not set: writes need an API key (the server's INGEST_API_KEYS)`);
    const client = createIngestClient({
      endpoint: values.endpoint,
      apiKey,
      persistedOperations: values.persisted,
      maxRetries: positiveInt('max-retries', values['max-retries'], 100, 0),
      onRetry: (ms, error) => out.error(`${error.message}; retrying in ${Math.ceil(ms / 1000)} s`),
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
    const summary = await pushFiles(positionals, client, {
      batchSize: positiveInt('batch-size', values['batch-size'], MAX_BATCH_DOCUMENTS),
      maxRequestBytes: positiveInt('max-request-bytes', values['max-request-bytes']),
      onOutcome: (outcome) => out.log(formatOutcome(outcome)),
    });
    for (const line of formatSummary(summary)) {
      if (summary.aborted) out.error(line);
      else out.log(line);
    }
    return summary.counts.failed > 0 || summary.aborted ? 1 : 0;
  } catch (error) {
    out.error(error instanceof Error ? error.message : String(error));
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      out.error(USAGE);
      return 2;
    }
    return 1;
  }
}

// Run only as the entry point, so tests can call runCli.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli(process.argv.slice(2), process.env, { log: console.log, error: console.error }).then((code) => {
    process.exitCode = code;
  });
}
