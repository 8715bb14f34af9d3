/**
 * Playwright's webServer: builds the app (unless E2E_SKIP_BUILD=1), gives it an empty database
 * (PGlite directory deleted, or the PostgreSQL database dropped and re-created), then runs the
 * production server exactly as `npm start` does, with the demo data seeded at start.
 *
 * Run with tsx; stays in the foreground until Playwright stops it.
 */
import { spawn, spawnSync } from 'node:child_process'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import postgres from 'postgres'
import { startFakeStripe } from '../../fakes/stripe'
import { databaseUrl, e2ePort, pgliteDataDir, repoRoot } from './env'

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

async function resetPostgres(url: string) {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''))
  if (!name || name === 'postgres') {
    throw new Error(`E2E_DATABASE_URL must name a scratch database (it is dropped), got "${name}"`)
  }
  const maintenance = new URL(url)
  maintenance.pathname = '/postgres'
  const admin = postgres(maintenance.toString(), { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`drop database if exists ${quoteIdent(name)} with (force)`)
    await admin.unsafe(`create database ${quoteIdent(name)}`)
  } finally {
    await admin.end({ timeout: 5 })
  }
  console.log(`[e2e] PostgreSQL database ${name} re-created`)
}

async function resetPglite(dir: string) {
  await rm(dir, { recursive: true, force: true })
  console.log(`[e2e] PGlite data directory ${dir} cleared`)
}

function build() {
  const started = Date.now()
  const result = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error('[e2e] npm run build failed')
    process.exit(result.status ?? 1)
  }
  console.log(`[e2e] built in ${Math.round((Date.now() - started) / 1000)} s`)
}

if (databaseUrl) await resetPostgres(databaseUrl)
else await resetPglite(pgliteDataDir)
if (process.env.E2E_SKIP_BUILD !== '1') build()

// Card payment against a local stand-in for Stripe: the real SDK talks to it, its payment page
// sends the signed webhook to this server as Stripe would.
const stripe = await startFakeStripe({
  hostedPages: { webhookUrl: `http://127.0.0.1:${e2ePort}/webhooks/stripe` },
})
console.log(`[e2e] test Stripe at ${stripe.apiBase}`)

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  PORT: String(e2ePort),
  HOST: '127.0.0.1',
  SEED_DEMO: '1',
  SESSION_SECRET: process.env.SESSION_SECRET || 'e2e-session-secret-not-for-production',
  LOG_REQUESTS: process.env.E2E_LOG_REQUESTS === '1' ? '1' : '0',
  // Links in e-mails must point at this server.
  APP_ORIGIN: `http://127.0.0.1:${e2ePort}`,
  STRIPE_SECRET_KEY: stripe.secretKey,
  STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
  STRIPE_API_BASE: stripe.apiBase,
}
delete env.DATABASE_URL
delete env.DATA_DIR
if (databaseUrl) env.DATABASE_URL = databaseUrl
else env.DATA_DIR = pgliteDataDir

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx')
const server = spawn(tsx, ['server/index.ts'], { cwd: repoRoot, env, stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.kill(signal))
}
server.on('exit', (code, signal) => {
  void stripe.close()
  process.exit(code ?? (signal ? 1 : 0))
})
