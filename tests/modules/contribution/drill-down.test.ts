import { beforeAll, describe, expect, test } from 'vitest'
import { defaultStageProbabilities, noFilters } from '#app/modules/contribution/contribution-rules'
import { findContributionOrders } from '#app/modules/contribution/find-contribution-orders.server'
import { findContributionRegistrations } from '#app/modules/contribution/find-contribution-registrations.server'
import { useTestDatabase } from '#tests/setup/database'
import { afterQ2, buildChannel, q2, type Channel } from './data-set'

const database = useTestDatabase()
let channel: Channel

beforeAll(async () => {
  channel = await buildChannel(database.db)
})

const base = { period: q2, currency: 'CNY', now: afterQ2 }

describe('the orders behind a revenue figure', () => {
  test('Alpha’s 37,000 of Q2 order revenue is O3 and O1', async () => {
    const result = await findContributionOrders(database.db, {
      ...base,
      filters: { ...noFilters, partnerId: channel.alpha.id },
      credit: 'fulfilled',
      which: 'booked',
    })
    expect(result.orders.map((o) => [o.number, o.amountMinor])).toEqual([
      [channel.orders.o3.number, 1_200_000],
      [channel.orders.o1.number, 2_500_000],
    ])
    expect(result.sumMinor).toBe(3_700_000)
    expect(result.count).toBe(2)
  })

  test('a product line filter keeps only that line’s part of O1', async () => {
    const result = await findContributionOrders(database.db, {
      ...base,
      filters: { ...noFilters, partnerId: channel.alpha.id, productLineId: channel.l2.id },
      credit: 'fulfilled',
      which: 'booked',
    })
    expect(result.orders.map((o) => [o.number, o.amountMinor, o.lineCount])).toEqual([
      [channel.orders.o3.number, 1_200_000, 1],
      [channel.orders.o1.number, 500_000, 1],
    ])
  })

  test('cancelled and expired orders: 10,000 in Q2', async () => {
    const result = await findContributionOrders(database.db, {
      ...base,
      filters: noFilters,
      credit: 'fulfilled',
      which: 'voided',
    })
    expect(result.orders.map((o) => o.status).sort()).toEqual(['cancelled', 'expired'])
    expect(result.sumMinor).toBe(1_000_000)
  })

  test('Beta’s sourced revenue is O3, placed by Alpha', async () => {
    const result = await findContributionOrders(database.db, {
      ...base,
      filters: { ...noFilters, partnerId: channel.beta.id },
      credit: 'sourced',
      which: 'booked',
    })
    expect(result.orders.map((o) => [o.number, o.partnerName, o.registrationNumber])).toEqual([
      [channel.orders.o3.number, 'Alpha Distribution', channel.registrations.r8.number],
    ])
  })
})

describe('the registrations behind a registration figure', () => {
  const find = (
    metric: Parameters<typeof findContributionRegistrations>[1]['metric'],
    partnerId: string | null,
    credit?: 'sourced' | 'fulfilled' | 'credited',
  ) =>
    findContributionRegistrations(database.db, {
      ...base,
      filters: { ...noFilters, partnerId },
      metric,
      credit,
      probabilities: defaultStageProbabilities,
    })

  test('submitted by Beta in Q2: R6, R8, R5 (R4 in Q1, R7 in Q3)', async () => {
    const result = await find('submitted', channel.beta.id)
    const { r5, r6, r8 } = channel.registrations
    expect(result.registrations.map((r) => r.number)).toEqual([r6.number, r8.number, r5.number])
  })

  test('open at the end of Q2: R9 at qualified and R2 at proposal, weighted 35,000', async () => {
    const result = await find('open', null)
    expect(result.registrations.map((r) => [r.number, r.stage, r.weightedMinor])).toEqual([
      [channel.registrations.r9.number, 'qualified', 1_000_000],
      [channel.registrations.r2.number, 'proposal', 2_500_000],
    ])
    expect(result.sumMinor).toBe(9_000_000)
    expect(result.weightedSumMinor).toBe(3_500_000)
  })

  test('won, credited to Alpha: its own R1 and Beta’s R8 it fulfilled, 145,000', async () => {
    const result = await find('won', channel.alpha.id, 'credited')
    expect(result.registrations.map((r) => r.number)).toEqual([
      channel.registrations.r8.number,
      channel.registrations.r1.number,
    ])
    expect(result.sumMinor).toBe(14_500_000)
  })

  test('approved in Q2 by Alpha: R9, R2, R1 (R3 was rejected)', async () => {
    const result = await find('approved', channel.alpha.id)
    const { r1, r2, r9 } = channel.registrations
    expect(result.registrations.map((r) => r.number)).toEqual([r9.number, r2.number, r1.number])
  })
})
