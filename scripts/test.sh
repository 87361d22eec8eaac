#!/usr/bin/env bash
# `npm test`: type-check, run the whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL
# names a server (each test file creates and drops its own database there).
set -euo pipefail
cd "$(dirname "$0")/.."

npm run --silent --if-present codegen
npx tsc --noEmit -p .
npx vitest run "$@"

if [[ -n "${TEST_DATABASE_URL:-}" ]]; then
  echo "== the same suite on PostgreSQL (server of TEST_DATABASE_URL)"
  TEST_DB=postgresql npx vitest run "$@"
elif [[ -n "${REQUIRE_POSTGRES:-}" ]]; then
  echo "REQUIRE_POSTGRES is set but TEST_DATABASE_URL is empty: the PostgreSQL suite would not run" >&2
  exit 1
fi
