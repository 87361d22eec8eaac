import { createRequire } from 'node:module';
import { configDefaults, defineConfig } from 'vitest/config';
import { DATABASE_FREE_TESTS } from './test/database-free.js';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships a CommonJS and an ES build without an exports map. Node (and so graphql-yoga) loads the
    // CommonJS one; Vite would pick the ES one for our sources, and two copies break `instanceof GraphQLError`.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The PostgreSQL pass leaves out the files that open no database: the SQLite pass already ran them.
    exclude: [
      ...configDefaults.exclude,
      ...(process.env.TEST_DB === 'postgresql'
        ? DATABASE_FREE_TESTS.map((path) => (path.endsWith('.ts') ? path : `${path}/**`))
        : []),
    ],
    globalSetup: ['test/setup/codegen.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Separate processes: native drivers (better-sqlite3) and the wasm engine stay out of each other's way.
    pool: 'forks',
  },
});
