// Test files that open no database: they prove the same thing on either dialect, so the PostgreSQL runs
// (npm test's second pass, CI) leave them out (vitest.config.ts). test/repository/database-free.test.ts checks
// that the test and benchmark code each reaches through its relative imports names no test database setting
// and calls none of the functions that open a database (openDatabase, the server, the test database helper,
// the seed loader). It reads imports, not behaviour: add a file here only when it opens no database.
export const DATABASE_FREE_TESTS = [
  'test/bench/corpus.test.ts',
  'test/graphql/schema.test.ts',
  'test/ingest/language.test.ts',
  'test/ingest/normalize.test.ts',
  'test/ingest/parse',
  'test/ingest/parse-pool.test.ts',
  'test/ingest/search-text.test.ts',
  'test/ingest/seeds.test.ts',
  'test/ingest/slug.test.ts',
  'test/ingest/timestamp.test.ts',
  'test/ingest/trigram-languages.test.ts',
  'test/ingest/url.test.ts',
  'test/repository',
  'test/scripts/node-flags.test.ts',
  'test/security/http-limits.test.ts',
  'test/security/ingest-plain-text.test.ts',
  'test/security/ingest-structure.test.ts',
  'test/server/field-merging.test.ts',
];
