import cluster from 'node:cluster'
import crypto from 'node:crypto'
import type { Server } from 'node:http'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import morgan from 'morgan'
import { openDatabase } from '#db/client.server'
import { getEnv } from '#app/utils/env.server'
import { startOrderSweeper } from './order-sweeper'
import { startOutboxSender } from './outbox-sender'
import { startRegistrationSweeper } from './registration-sweeper'
import { isCrossSiteMutation, unacceptableBody } from './origin-check'
import { seedIfEmpty } from './seed-on-start'

const env = getEnv()
const isDev = env.NODE_ENV === 'development'

const startedAt = Date.now()
const connection = await openDatabase({
  url: env.DATABASE_URL,
  dataDir: env.DATA_DIR,
  poolMax: env.DB_POOL_MAX,
  reportingPoolMax: env.DB_REPORTING_POOL_MAX,
  reportingUrl: env.REPORTING_DATABASE_URL,
})
// Under WEB_CONCURRENCY > 1 the supervising process migrated and seeded before starting this one.
if (!cluster.isWorker) {
  await connection.migrate()
  if (env.SEED_DEMO ?? isDev) await seedIfEmpty(connection.db)
}
console.log(`Database ready (${connection.kind}) in ${Date.now() - startedAt} ms`)

const viteDevServer = isDev
  ? await import('vite').then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined

const app = express()
app.disable('x-powered-by')
if (env.TRUST_PROXY > 0) app.set('trust proxy', env.TRUST_PROXY)

app.use(compression())

// Each response gets a fresh nonce; only scripts that carry it may run.
app.use((_req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
  next()
})
app.use(
  helmet({
    xPoweredBy: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: env.secureCookies,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'connect-src': isDev ? ["'self'", 'ws:'] : ["'self'"],
        'font-src': ["'self'", 'data:'],
        // Checkout redirects a card buyer to Stripe's payment page (a test stand-in when set).
        'form-action': [
          "'self'",
          'https://checkout.stripe.com',
          ...(env.STRIPE_API_BASE ? [new URL(env.STRIPE_API_BASE).origin] : []),
        ],
        'frame-ancestors': ["'none'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'object-src': ["'none'"],
        'script-src': [
          "'strict-dynamic'",
          "'self'",
          (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`,
        ],
        'script-src-attr': ["'none'"],
        'style-src': isDev ? ["'self'", "'unsafe-inline'"] : ["'self'", "'unsafe-inline'"],
        'upgrade-insecure-requests': env.secureCookies ? [] : null,
      },
    },
  }),
)

// CSRF: SameSite=Lax cookies plus this check that a mutation comes from our own pages.
app.use((req, res, next) => {
  if (isCrossSiteMutation(req, env.APP_ORIGIN)) {
    res.status(403).type('text/plain').send('Cross-site request refused.')
    return
  }
  const bodyProblem = unacceptableBody(req)
  if (bodyProblem) {
    res.status(bodyProblem.status).type('text/plain').send(bodyProblem.message)
    return
  }
  next()
})

if (viteDevServer) {
  app.use(viteDevServer.middlewares)
} else {
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
  app.use(express.static('build/client', { maxAge: '1h' }))
}
app.get(['/favicon.ico'], (_req, res) => res.status(404).end())

// Invitation and password-reset links carry secrets in the path: keep them out of the logs.
morgan.token('safe-url', (req: express.Request) =>
  (req.originalUrl ?? req.url).replace(/^\/(invite|reset-password)\/[^/?#]+/, '/$1/[token]'),
)

if (env.LOG_REQUESTS) {
  app.use(
    morgan(':method :safe-url :status :res[content-length] - :response-time ms', {
      skip: (req, res) => req.url === '/healthz' && res.statusCode === 200,
    }),
  )
}

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
  : ((await import(new URL('../build/server/index.js', import.meta.url).href)) as ServerBuild)

app.all(
  '*',
  createRequestHandler({
    build,
    mode: env.NODE_ENV,
    getLoadContext: (req, res) => ({
      db: connection.db,
      reportingDb: connection.reportingDb,
      cspNonce: res.locals.cspNonce as string,
      clientIp: req.ip ?? req.socket.remoteAddress ?? '0.0.0.0',
    }),
  }),
)

// The e-mail sender and the sweepers are safe to run in several servers at once; within one
// machine's server processes, one of them runs them.
const runsBackgroundJobs = !cluster.isWorker || process.env.RUN_BACKGROUND_JOBS === '1'
const outbox = runsBackgroundJobs ? startOutboxSender(connection.db, env) : undefined
const sweeper = runsBackgroundJobs ? startRegistrationSweeper(connection.db, env) : undefined
const orderSweeper = runsBackgroundJobs ? startOrderSweeper(connection.db, env) : undefined

const server: Server = app.listen(env.PORT, env.HOST, () => {
  console.log(`Channel Portal listening on http://localhost:${env.PORT}`)
})

let shuttingDown = false
async function shutdown(signal: string) {
  if (shuttingDown) return
  shuttingDown = true
  console.log(`${signal} received: finishing in-flight requests…`)
  const forceExit = setTimeout(() => {
    console.error('Shutdown timed out after 20 s; exiting.')
    process.exit(1)
  }, 20_000)
  forceExit.unref()
  // Stop accepting; idle keep-alive sockets close now, busy ones after their response.
  await new Promise<void>((resolve) => {
    server.close(() => resolve())
    server.closeIdleConnections()
  })
  await outbox?.stop()
  await sweeper?.stop()
  await orderSweeper?.stop()
  await viteDevServer?.close()
  await connection.close()
  console.log('Shut down cleanly.')
  process.exit(0)
}
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
