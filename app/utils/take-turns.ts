/**
 * Runs at most `limit` pieces of work at a time in this process; the rest wait in arrival order.
 * Work whose `signal` has aborted by its turn (the client went away) is skipped with `onAbandoned`'s
 * error instead of run.
 */
export function takeTurns(limit: number) {
  let running = 0
  const waiting: (() => void)[] = []
  return async function inTurn<T>(
    work: () => Promise<T>,
    options: { signal?: AbortSignal; onAbandoned?: () => unknown } = {},
  ): Promise<T> {
    if (running < limit) running++
    else await new Promise<void>((resolve) => waiting.push(resolve))
    try {
      if (options.signal?.aborted) throw options.onAbandoned?.() ?? options.signal.reason
      return await work()
    } finally {
      // A waiting piece of work takes over the slot; otherwise it is free.
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }
}
