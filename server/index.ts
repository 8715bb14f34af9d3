import cluster from 'node:cluster'
import { getEnv } from '#app/utils/env.server'

/**
 * The portal's server. With WEB_CONCURRENCY > 1 on PostgreSQL in production, this process
 * supervises that many server processes sharing the port (server/supervise-workers.ts); otherwise
 * it is the server (server/app-server.ts).
 */
const env = getEnv()
const clustered = cluster.isPrimary && env.WEB_CONCURRENCY > 1 && env.NODE_ENV === 'production'

if (clustered && !env.DATABASE_URL) {
  console.warn(
    'WEB_CONCURRENCY is ignored on the embedded database (it belongs to one process): ' +
      'running one server process. Set DATABASE_URL to run several.',
  )
}

if (clustered && env.DATABASE_URL) {
  const { superviseWorkers } = await import('./supervise-workers')
  await superviseWorkers(env)
} else {
  await import('./app-server')
}
