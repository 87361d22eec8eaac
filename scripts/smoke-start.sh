#!/usr/bin/env bash
# Usage: scripts/smoke-start.sh [DIR]
# Starts DIR's server the way `npm start` does (scripts/start.mjs, with the `node` first on PATH) as a production
# deployment would (NODE_ENV=production) on a free port over a new SQLite database; waits until it is ready;
# checks /health, /ready, the dashboard query (the articles seeded from seeds/ come back with their titles and
# providers) and the dashboard page at / with its script; then stops it with SIGTERM, which it must answer by exiting 0.
set -euo pipefail
dir="$(cd "${1:-.}" && pwd)"
tmp="$(mktemp -d)"
pid=""
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
echo "node $(node --version), $dir"

(cd "$dir" && DATABASE_URL="file:$tmp/news.db" PORT=0 HOST=127.0.0.1 NODE_ENV=production exec node scripts/start.mjs >"$tmp/out.log" 2>"$tmp/err.log") &
pid=$!

endpoint=""
for _ in $(seq 1 240); do # 60 s: a build on a busy machine included
  endpoint="$(grep -o '"url":"[^"]*"' "$tmp/out.log" 2>/dev/null | head -1 | cut -d'"' -f4 || true)"
  [[ -n "$endpoint" ]] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "the server exited before it was ready:" >&2
    cat "$tmp/err.log" "$tmp/out.log" >&2
    exit 1
  fi
  sleep 0.25
done
if [[ -z "$endpoint" ]]; then
  echo "the server did not say it was ready within 60 s:" >&2
  cat "$tmp/err.log" "$tmp/out.log" >&2
  exit 1
fi
endpoint="${endpoint/localhost/127.0.0.1}" # it listens on HOST=127.0.0.1 only
echo "ready at $endpoint"

node --input-type=module - "$endpoint" <<'JS'
const endpoint = process.argv[2];
const fail = (message) => {
  console.error(message);
  process.exit(1);
};
for (const probe of ['/health', '/ready']) {
  const response = await fetch(new URL(probe, endpoint));
  if (response.status !== 200) fail(`${probe}: HTTP ${response.status}`);
}
const query = 'query Dashboard { articles(first: 10) { totalCount edges { node { title publishedAt provider { name } } } } }';
const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
const body = await response.json();
const articles = body.data?.articles;
if (response.status !== 200 || body.errors || !articles) fail(`dashboard query: HTTP ${response.status} ${JSON.stringify(body)}`);
const nodes = articles.edges.map((edge) => edge.node);
if (articles.totalCount < 1 || nodes.length !== Math.min(articles.totalCount, 10)) {
  fail(`dashboard query: ${nodes.length} articles of totalCount ${articles.totalCount}`);
}
const incomplete = nodes.filter((node) => !node.title || !node.provider?.name || Number.isNaN(Date.parse(node.publishedAt)));
if (incomplete.length) fail(`dashboard query: articles without title, provider or date: ${JSON.stringify(incomplete)}`);
console.log(`dashboard: ${articles.totalCount} articles (${nodes.map((node) => node.provider.name).join(', ')})`);
// The dashboard page, built into dist/web with the server: its HTML with its policy, and its script.
const page = await fetch(new URL('/', endpoint));
const html = await page.text();
if (page.status !== 200 || !page.headers.get('content-security-policy')) fail(`dashboard page: HTTP ${page.status} ${html.slice(0, 200)}`);
const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
const asset = script && (await fetch(new URL(script, endpoint)));
if (!asset || asset.status !== 200) fail(`dashboard page: its script ${script} is not served`);
console.log(`dashboard page: ${script}, ${(await asset.arrayBuffer()).byteLength} bytes`);
JS

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=""
if ((status != 0)); then
  echo "the server exited with $status after SIGTERM:" >&2
  cat "$tmp/err.log" >&2
  exit 1
fi
echo "stopped cleanly"
