// Test files that open no database: they prove the same thing on either dialect, so the PostgreSQL runs
// (npm test's second pass, CI) leave them out (vitest.config.ts). test/repository/database-free.test.ts checks
// that none of them reaches src/db/ or a test-database helper through its imports.
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
  'test/security/http-limits.test.ts',
  'test/security/ingest-plain-text.test.ts',
  'test/security/ingest-structure.test.ts',
  'test/server/field-merging.test.ts',
];
