#!/usr/bin/env bash
# `npm test`: type-check, run the whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL
# names a server (each test file creates and drops its own database there). Ends with one plain
# "N passed, N failed" line over both runs.
set -euo pipefail
cd "$(dirname "$0")/.."

reports="$(mktemp -d)"
trap 'rm -rf "$reports"' EXIT
run_suite() { # $1: report name; the rest: vitest arguments
  local name="$1"
  shift
  npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/$name.json" "$@"
}

npm run --silent --if-present codegen
npx tsc --noEmit -p .
run_suite sqlite "$@"

if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  echo "== the same suite on PostgreSQL (server of TEST_DATABASE_URL)"
  TEST_DB=postgresql run_suite postgresql "$@"
elif [[ -n "${REQUIRE_POSTGRES:-}" ]]; then
  echo "REQUIRE_POSTGRES is set but TEST_DATABASE_URL is empty: the PostgreSQL suite would not run" >&2
  exit 1
fi

node -e '
  const reports = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
  const sum = (key) => reports.reduce((n, r) => n + r[key], 0);
  console.log(`${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests")} skipped`);
' "$reports"/*.json
