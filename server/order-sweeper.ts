import type { Database } from '#db/client.server'
import type { Env } from '#app/utils/env.server'
import { sweepOrderExpiry } from '#app/modules/orders/sweep-order-expiry.server'

const FIRST_RUN_MS = 7_000
const INTERVAL_MS = 60_000

/**
 * Expires unpaid card orders and credit holds nobody decided, releasing their stock, once a
 * minute. Every app server runs it: due orders are claimed with SKIP LOCKED and re-checked, so
 * each one ends once. A failed run is logged and retried on the next tick; it never stops the
 * server.
 */
export function startOrderSweeper(
  db: Database,
  env: Pick<Env, 'APP_ORIGIN' | 'PORT'>,
  timing: { firstRunMs: number; intervalMs: number } = {
    firstRunMs: FIRST_RUN_MS,
    intervalMs: INTERVAL_MS,
  },
): { stop: () => Promise<void> } {
  const origin = env.APP_ORIGIN ?? `http://localhost:${env.PORT}`
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  let interval: ReturnType<typeof setInterval> | undefined

  const tick = () => {
    running = running
      .then(() => (stopped ? undefined : sweepOrderExpiry(db, { origin })))
      .catch((error: unknown) => console.error('Order expiry sweeper failed:', error))
  }
  const firstRun = setTimeout(() => {
    tick()
    interval = setInterval(tick, timing.intervalMs)
  }, timing.firstRunMs)

  return {
    async stop() {
      stopped = true
      clearTimeout(firstRun)
      clearInterval(interval)
      await running
    },
  }
}
