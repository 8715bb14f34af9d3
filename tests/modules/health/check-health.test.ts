import { describe, expect, test } from 'vitest'
import { checkHealth } from '#app/modules/health/check-health.server'
import type { Database } from '#db/client.server'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

describe('checkHealth', () => {
  test('is ok when the database answers', async () => {
    expect(await checkHealth(database.db)).toEqual({ status: 'ok', database: 'ok' })
  })

  test('reports an error when the query fails', async () => {
    const broken = {
      execute: () => Promise.reject(new Error('connection refused')),
    } as unknown as Database
    const report = await checkHealth(broken)
    expect(report).toMatchObject({ status: 'error', database: 'error' })
  })

  test('reports an error when the database does not answer in time', async () => {
    const hung = { execute: () => new Promise(() => {}) } as unknown as Database
    const started = Date.now()
    const report = await checkHealth(hung, { timeoutMs: 50 })
    expect(report).toMatchObject({ status: 'error', database: 'error' })
    expect(Date.now() - started).toBeLessThan(1000)
  })
})
