// CLI: `npx tsx examples/dashboard-client/src/main.ts --endpoint http://localhost:4000/graphql` prints the
// dashboard summary of a running server. `--persisted` sends operation hashes only (PERSISTED_OPERATIONS_FILE servers).
import { parseArgs } from 'node:util';
import { createClient } from './client.js';
import { type DashboardSummary, loadDashboard } from './dashboard.js';

const USAGE = 'usage: main.ts [--endpoint URL] [--page-size N (1-100)] [--top N] [--persisted]';

function positiveInt(name: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be an integer from 1 to ${max}, got "${value}"`);
  return n;
}

function formatSummary(summary: DashboardSummary, top: number): string {
  const lines = [
    `${summary.articles.length} articles (server totalCount ${summary.totalCount}) in ${summary.pages} page(s)`,
    `${summary.relatedStories} related stories shown`,
    '',
    `Articles per provider (${summary.articlesPerProvider.length} providers):`,
    ...summary.articlesPerProvider
      .slice(0, top)
      .map((p) => `  ${String(p.articles).padStart(5)}  ${p.name}${p.domain ? ` (${p.domain})` : ''}`),
    '',
    `Topics (${summary.topics.length}):`,
    ...summary.topics.slice(0, top).map((t) => `  ${String(t.articles).padStart(5)}  ${t.name}`),
  ];
  return lines.join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      endpoint: { type: 'string', default: 'http://localhost:4000/graphql' },
      'page-size': { type: 'string', default: '100' },
      top: { type: 'string', default: '10' },
      persisted: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const client = createClient(values.endpoint, { persistedOperations: values.persisted });
  const summary = await loadDashboard(values.endpoint, { pageSize: positiveInt('page-size', values['page-size'], 100), client });
  console.log(formatSummary(summary, positiveInt('top', values.top)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exitCode = 1;
});
