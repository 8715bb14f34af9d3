import { takeTurns } from '#app/utils/take-turns'

/**
 * The channel-wide reports (the dashboard, the vendor's exports) are computed one at a time per
 * server process: each keeps the reporting pool's connections and the cores busy on its own, so
 * several at once would all finish late instead of each in turn (ADR 0022). Requests for the same
 * report (same `key`) waiting together share one computation, which starts after all of them
 * arrived. A report whose readers have all gone by its turn is not computed.
 */
const inTurn = takeTurns(1)

export function inReportTurn<T>(request: Request, key: string, work: () => Promise<T>): Promise<T> {
  return inTurn(work, {
    key,
    signal: request.signal,
    onAbandoned: () =>
      new Response('The request was closed before its report was ready.', { status: 503 }),
  })
}

/** A report's key: its kind and its query, whatever the order of the query's parameters. */
export function reportKey(kind: string, params: URLSearchParams): string {
  const sorted = new URLSearchParams(params)
  sorted.sort()
  return `${kind}?${sorted.toString()}`
}
