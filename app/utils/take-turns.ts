type Waiter<T> = {
  resolve: (value: T) => void
  reject: (reason: unknown) => void
  signal?: AbortSignal
  onAbandoned?: () => unknown
}

type Turn<T> = { key?: string; work: () => Promise<T>; waiters: Waiter<T>[] }

export type TurnOptions = {
  /**
   * Work with the same key as one still waiting for its turn is not queued again: it gets that
   * one's result. Work already running is never joined, so every result is computed after each
   * of its requests arrived.
   */
  key?: string
  signal?: AbortSignal
  /** The error for work whose signal has aborted by its turn (it is then not run). */
  onAbandoned?: () => unknown
}

/**
 * Runs at most `limit` pieces of work at a time in this process; the rest wait in arrival order.
 * Work whose every requester has gone (aborted signal) by its turn is skipped.
 */
export function takeTurns(limit: number) {
  let running = 0
  const queue: Turn<unknown>[] = []

  const next = () => {
    while (running < limit && queue.length > 0) {
      const turn = queue.shift()!
      const present = turn.waiters.filter((waiter) => {
        if (!waiter.signal?.aborted) return true
        waiter.reject(waiter.onAbandoned?.() ?? waiter.signal.reason)
        return false
      })
      if (present.length === 0) continue
      running++
      turn
        .work()
        .then(
          (value) => present.forEach((waiter) => waiter.resolve(value)),
          (error: unknown) => present.forEach((waiter) => waiter.reject(error)),
        )
        .finally(() => {
          running--
          next()
        })
    }
  }

  return function inTurn<T>(work: () => Promise<T>, options: TurnOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter = { resolve, reject, signal: options.signal, onAbandoned: options.onAbandoned }
      const waiting =
        options.key === undefined ? undefined : queue.find((turn) => turn.key === options.key)
      if (waiting) waiting.waiters.push(waiter as Waiter<unknown>)
      else queue.push({ key: options.key, work, waiters: [waiter] } as Turn<unknown>)
      next()
    })
  }
}
