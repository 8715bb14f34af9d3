import { takeTurns } from '#app/utils/take-turns'

/**
 * The channel-wide reports (the dashboard, the vendor's exports) are computed one at a time per
 * server process: each keeps the reporting pool's connections and the cores busy on its own, so
 * several at once would all finish late instead of each in turn (docs/benchmarks.md). A report
 * whose reader has gone by its turn is not computed.
 */
const inTurn = takeTurns(1)

export function inReportTurn<T>(request: Request, work: () => Promise<T>): Promise<T> {
  return inTurn(work, {
    signal: request.signal,
    onAbandoned: () =>
      new Response('The request was closed before its report was ready.', {
        status: 503,
      }),
  })
}
