#!/usr/bin/env bash
# `npm test`: lint and format check (Biome), type-check, run the whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL
# names a server (each test file creates and drops its own database there). Prints each step's time, and
# ends with one plain "N passed, N failed, N skipped" line over both runs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/phase-times.sh

reports="$(mktemp -d)"
trap 'rm -rf "$reports"' EXIT
run_suite() { # $1: report name; the rest: vitest arguments
  local name="$1"
  shift
  npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/$name.json" "$@"
}
typecheck() { npm run --silent --if-present codegen && npx tsc --noEmit -p . && npx tsc --noEmit -p web; }
postgresql_suite() { TEST_DB=postgresql run_suite postgresql "$@"; }

if [[ -z "${TEST_DATABASE_URL:-}" && -n "${REQUIRE_POSTGRES:-}" ]]; then
  echo "REQUIRE_POSTGRES is set but TEST_DATABASE_URL is empty: the PostgreSQL suite would not run" >&2
  exit 1
fi

if [[ -n "${REQUIRE_REDIS:-}" ]] && ! command -v redis-server >/dev/null; then
  echo "REQUIRE_REDIS is set but redis-server is not on PATH: the tests that need Redis would fail" >&2
  exit 1
fi

phase_run 'lint (biome check)' npx biome check --error-on-warnings .
phase_run 'typecheck (codegen, tsc)' typecheck
failed=0
phase_run 'SQLite suite' run_suite sqlite "$@" || failed=1
if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  phase_run 'PostgreSQL suite' postgresql_suite "$@" || failed=1
fi

node -e '
  const reports = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
  const sum = (key) => reports.reduce((n, r) => n + r[key], 0);
  console.log(`${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed, ${sum("numPendingTests")} skipped`);
' "$reports"/*.json
exit "$failed"
