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
    const running = inReportTurn(new Request('http://portal.test/admin/contribution'), first.run)
    const abandoned = inReportTurn(
      new Request('http://portal.test/admin/contribution', { signal: left.signal }),
      async () => {
        log.push('abandoned report computed')
        return 'never'
      },
    )
    const next = inReportTurn(new Request('http://portal.test/admin/contribution'), async () => {
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
})
