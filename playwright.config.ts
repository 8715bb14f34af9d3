import path from 'node:path'
import { defineConfig, devices } from '@playwright/test'
import { authDir, baseURL, databaseKind, e2ePort } from './tests/e2e/support/env'

const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
}

const globalSettingsJourneys = /contribution-settings\.spec\.ts/

/**
 * End-to-end journeys against the BUILT app on a fresh, demo-seeded database (PGlite by default,
 * PostgreSQL with E2E_DATABASE_URL). `npm run test:e2e` builds and starts the server itself.
 */
export default defineConfig({
  testDir: './tests/e2e',
  outputDir: `test-results/e2e-${databaseKind}`,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two cores: the server (argon2 hashing on every sign-in) and one or two browsers.
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    [
      'json',
      {
        outputFile:
          process.env.E2E_JSON_REPORT || path.join('test-results', `e2e-${databaseKind}.json`),
      },
    ],
  ],
  use: {
    baseURL,
    locale: 'en-GB',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: chromiumLaunch,
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunch },
      testIgnore: globalSettingsJourneys,
      dependencies: ['setup'],
    },
    // Journeys that change settings every page reads (the forecast's stage probabilities) run
    // after all the others, so no other journey sees a figure move under it, and they none.
    {
      name: 'global-settings',
      use: { ...devices['Desktop Chrome'], launchOptions: chromiumLaunch },
      testMatch: globalSettingsJourneys,
      dependencies: ['chromium'],
    },
  ],
  webServer: {
    command: 'npx tsx tests/e2e/support/start-server.ts',
    url: `${baseURL}/login`,
    // Always a fresh server: the suite relies on a freshly seeded database.
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
  metadata: { databaseKind, port: e2ePort, authDir },
})
