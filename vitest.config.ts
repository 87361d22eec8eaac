import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // Separate processes: native drivers (better-sqlite3) and the wasm engine stay out of each other's way.
    pool: 'forks',
  },
});
