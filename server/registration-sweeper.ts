import type { Database } from '#db/client.server'
import type { Env } from '#app/utils/env.server'
import { sweepRegistrations } from '#app/modules/deals/sweep-registrations.server'

const FIRST_RUN_MS = 5_000
const INTERVAL_MS = 60_000

/**
 * Applies the time-driven registration rules (expiry, expiry warning, review SLA escalation) once
 * a minute. Every app server runs it: rows are claimed with SKIP LOCKED, so each transition
 * happens once. A failed run is logged and retried on the next tick; it never stops the server.
 */
export function startRegistrationSweeper(db: Database, env: Env): { stop: () => Promise<void> } {
  const origin = env.APP_ORIGIN ?? `http://localhost:${env.PORT}`
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  let interval: ReturnType<typeof setInterval> | undefined

  const tick = () => {
    running = running
      .then(() => (stopped ? undefined : sweepRegistrations(db, { origin })))
      .catch((error: unknown) => console.error('Registration sweeper failed:', error))
  }
  const firstRun = setTimeout(() => {
    tick()
    interval = setInterval(tick, INTERVAL_MS)
  }, FIRST_RUN_MS)

  return {
    async stop() {
      stopped = true
      clearTimeout(firstRun)
      clearInterval(interval)
      await running
    },
  }
}
