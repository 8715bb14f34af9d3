import type { LoaderFunctionArgs } from '@remix-run/node'
import { checkHealth } from '#app/modules/health/check-health.server'

/** Liveness and readiness for load balancers: no auth, never cached, 503 when the database is down. */
export async function loader({ context }: LoaderFunctionArgs) {
  const report = await checkHealth(context.db)
  const headers = { 'Cache-Control': 'no-store' }
  if (report.status === 'ok') return Response.json({ status: 'ok', database: 'ok' }, { headers })
  console.error('Health check failed:', report.error)
  return Response.json({ status: 'error', database: 'error' }, { status: 503, headers })
}
