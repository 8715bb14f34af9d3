import { describe, expect, it } from 'vitest'
import { inReportTurn } from '#app/modules/contribution/report-turns.server'
import { takeTurns } from '#app/utils/take-turns'

/** A piece of work that finishes when told to, recording when it started. */
function controlled(log: string[], name: string) {
  let finish!: () => void
  const done = new Promise<void>((resolve) => (finish = resolve))
  return {
    finish: () => finish(),
    run: async () => {
      log.push(`start ${name}`)
      await done
      log.push(`end ${name}`)
      return name
    },
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('reports taking turns', () => {
  it('runs at most the limit at once, the rest in arrival order as slots free up', async () => {
    const log: string[] = []
    const inTurn = takeTurns(2)
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => controlled(log, name))
    const results = [a, b, c, d].map((work) => inTurn(work!.run))
    await settle()
    expect(log).toEqual(['start a', 'start b'])
    b!.finish()
    await settle()
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c'])
    a!.finish()
    c!.finish()
    d!.finish()
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd'])
    expect(log.indexOf('start d')).toBeGreaterThan(log.indexOf('end a'))
  })

  it('frees the slot when a piece of work fails', async () => {
    const inTurn = takeTurns(1)
    await expect(inTurn(() => Promise.reject(new Error('query failed')))).rejects.toThrow(
      'query failed',
    )
    expect(await inTurn(async () => 'next')).toBe('next')
  })

  it('does not compute a report whose reader left while it waited, and goes on with the next', async () => {
    const log: string[] = []
    const first = controlled(log, 'first')
    const left = new AbortController()
    const dashboard = 'http://portal.test/admin/contribution'
    const running = inReportTurn(new Request(dashboard), 'first', first.run)
    const abandoned = inReportTurn(
      new Request(dashboard, { signal: left.signal }),
      'abandoned',
      async () => {
        log.push('abandoned report computed')
        return 'never'
      },
    )
    const next = inReportTurn(new Request(dashboard), 'next', async () => {
      log.push('next report computed')
      return 'next'
    })
    await settle()
    left.abort()
    first.finish()
    expect(await running).toBe('first')
    const refusal = await abandoned.catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(Response)
    expect((refusal as Response).status).toBe(503)
    expect(await next).toBe('next')
    expect(log).toEqual(['start first', 'end first', 'next report computed'])
  })

  it('answers requests for the same report waiting together with one computation started after all of them arrived', async () => {
    const log: string[] = []
    const inTurn = takeTurns(1)
    const running = controlled(log, 'running')
    let computed = 0
    const dashboard = async () => {
      computed++
      log.push(`computed at turn ${computed}`)
      return { computation: computed }
    }
    const first = inTurn(running.run, { key: 'dashboard?period=quarter' })
    await settle()
    // Asked while the first is being computed: not joined to it, it may predate their data.
    const waiting = [1, 2, 3].map(() => inTurn(dashboard, { key: 'dashboard?period=quarter' }))
    const other = inTurn(dashboard, { key: 'dashboard?period=year' })
    running.finish()
    await first
    expect(await Promise.all(waiting)).toEqual([
      { computation: 1 },
      { computation: 1 },
      { computation: 1 },
    ])
    expect(await other).toEqual({ computation: 2 })
    expect(log).toEqual([
      'start running',
      'end running',
      'computed at turn 1',
      'computed at turn 2',
    ])
  })

  it('computes a shared report while one of its readers is still there, and refuses only the ones who left', async () => {
    const inTurn = takeTurns(1)
    const running = controlled([], 'running')
    const first = inTurn(running.run)
    const left = new AbortController()
    const gone = inTurn(async () => 'report', {
      key: 'k',
      signal: left.signal,
      onAbandoned: () => new Error('reader left'),
    })
    const stays = inTurn(async () => 'report', { key: 'k' })
    left.abort()
    running.finish()
    await first
    await expect(gone).rejects.toThrow('reader left')
    expect(await stays).toBe('report')
  })
})
