import { configDefaults, defineConfig } from 'vitest/config'

// Deliberately separate from vite.config.ts: the Remix plugin has no business in unit tests.
// package.json "imports" (#app/*, #db/*, #tests/*) are resolved by Vite itself, so no aliases.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'tests/e2e/**', 'tests/bench/**', 'tests/.tmp/**'],
    environment: 'node',
    globalSetup: ['tests/setup/global-setup.ts'],
    setupFiles: ['tests/setup/setup-file.ts'],
    // Forks, not threads: PGlite's WASM heap and argon2's native addon are happier in processes,
    // and each test file gets its own database anyway. Two cores → at most two files at once.
    pool: 'forks',
    poolOptions: { forks: { minForks: 1, maxForks: 2 } },
    // Opening PGlite takes seconds on a cold process; argon2 hashing is deliberately slow.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    env: { NODE_ENV: 'test' },
  },
})
