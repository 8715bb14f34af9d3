import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'

export type CheckHealthOptions = {
  /** How long the database may take to answer before the check fails. */
  timeoutMs?: number
}

export type HealthReport =
  { status: 'ok'; database: 'ok' } | { status: 'error'; database: 'error'; error: unknown }

/**
 * Asks the database for `select 1`. A load balancer calls this often, so it does nothing else;
 * a hung connection counts as a failure after the timeout rather than hanging the probe.
 */
export async function checkHealth(
  db: Database,
  options: CheckHealthOptions = {},
): Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? 2000
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`database did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    )
  })
  try {
    await Promise.race([db.execute(sql`select 1`), timeout])
    return { status: 'ok', database: 'ok' }
  } catch (error) {
    return { status: 'error', database: 'error', error }
  } finally {
    clearTimeout(timer)
  }
}
