import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { createPartner } from '#app/modules/partners/create-partner.server'
import type { PartnerFormData } from '#app/modules/partners/partner-rules'
import { AppError } from '#app/utils/app-error'
import { openDatabase } from '#db/client.server'
import { auditLog } from '#db/schema/audit'
import { partners, partnerTerritories } from '#db/schema/partners'
import {
  createPartner as insertPartner,
  createUser,
  createVendorStaff,
  ensureRegions,
  uniqueSuffix,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

const actor = { id: '00000000-0000-4000-8000-000000000001', email: 'someone@hengtai.example' }

function input(overrides: Partial<PartnerFormData> = {}): PartnerFormData {
  return {
    name: `Acme ${uniqueSuffix()}`,
    code: null,
    kind: 'dealer',
    tier: 'silver',
    currency: 'CNY',
    creditLimitMinor: 500_000_00,
    paymentTermsDays: 45,
    channelManagerId: null,
    territories: [],
    ...overrides,
  }
}

/** The AppError a call fails with, so a test can assert on its field and message. */
async function failureOf(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

const partnersNamed = (name: string) =>
  database.db.$count(partners, sql`lower(${partners.name}) = lower(${name})`)

describe('createPartner', () => {
  test('writes the partner, its territory and a partner.created audit row', async () => {
    const manager = await createVendorStaff(database.db)
    await ensureRegions(database.db, ['CN-EAST', 'HK'])
    const staff = { id: manager.id, email: manager.email }
    const data = input({
      channelManagerId: manager.id,
      tier: 'gold',
      territories: [
        { regionCode: 'HK', industries: [] },
        { regionCode: 'CN-EAST', industries: ['pharma', 'energy'] },
      ],
    })

    const { partnerId, code } = await createPartner(database.db, {
      actor: staff,
      input: data,
      ip: '10.0.0.1',
    })

    const [row] = await database.db.select().from(partners).where(eq(partners.id, partnerId))
    expect(row).toMatchObject({
      name: data.name,
      code,
      status: 'active',
      tier: 'gold',
      creditLimitMinor: 500_000_00,
      paymentTermsDays: 45,
      channelManagerId: manager.id,
    })
    const territory = await database.db
      .select({
        regionCode: partnerTerritories.regionCode,
        industries: partnerTerritories.industries,
      })
      .from(partnerTerritories)
      .where(eq(partnerTerritories.partnerId, partnerId))
      .orderBy(partnerTerritories.regionCode)
    expect(territory).toEqual([
      { regionCode: 'CN-EAST', industries: ['pharma', 'energy'] },
      { regionCode: 'HK', industries: [] },
    ])

    const audit = await database.db.select().from(auditLog).where(eq(auditLog.entityId, partnerId))
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'partner.created',
      entityType: 'partner',
      partnerId,
      actorUserId: manager.id,
      actorEmail: manager.email,
      ip: '10.0.0.1',
      before: null,
    })
    expect(audit[0].after).toMatchObject({
      name: data.name,
      code,
      tier: 'gold',
      status: 'active',
      channelManagerId: manager.id,
      territories: [
        { regionCode: 'CN-EAST', industries: ['pharma', 'energy'] },
        { regionCode: 'HK', industries: [] },
      ],
    })
  })

  test('an empty code gets the next free generated code; a typed code is kept', async () => {
    await insertPartner(database.db, { code: 'P-0412' })
    const first = await createPartner(database.db, { actor, input: input() })
    expect(first.code).toBe('P-0413')
    const typed = await createPartner(database.db, { actor, input: input({ code: 'EAST-01' }) })
    expect(typed.code).toBe('EAST-01')
    const next = await createPartner(database.db, { actor, input: input() })
    expect(next.code).toBe('P-0414')
  })

  test('a duplicate name, whatever its case, is a field error and writes nothing', async () => {
    const existing = await insertPartner(database.db, { name: `Eastbridge ${uniqueSuffix()}` })
    const auditsBefore = await database.db.$count(auditLog)
    const error = await failureOf(
      createPartner(database.db, { actor, input: input({ name: existing.name.toUpperCase() }) }),
    )
    expect(error).toMatchObject({ field: 'name', userMessage: 'partners:validation.nameTaken' })
    expect(await partnersNamed(existing.name)).toBe(1)
    expect(await database.db.$count(auditLog)).toBe(auditsBefore)
  })

  test('a duplicate code is a field error', async () => {
    const existing = await insertPartner(database.db)
    const error = await failureOf(
      createPartner(database.db, { actor, input: input({ code: existing.code }) }),
    )
    expect(error).toMatchObject({ field: 'code', userMessage: 'partners:validation.codeTaken' })
  })

  test('an unknown region is a field error and writes nothing', async () => {
    const data = input({ territories: [{ regionCode: 'ATLANTIS', industries: [] }] })
    const error = await failureOf(createPartner(database.db, { actor, input: data }))
    expect(error).toMatchObject({
      field: 'territory',
      userMessage: 'partners:validation.unknownRegion',
    })
    expect(await partnersNamed(data.name)).toBe(0)
  })

  test.each([
    ['a partner admin', { role: 'partner_admin' as const }],
    [
      'a disabled channel manager',
      { role: 'channel_manager' as const, status: 'disabled' as const },
    ],
    ['a vendor admin', { role: 'admin' as const }],
  ])('%s cannot be the channel manager', async (_label, who) => {
    const user = await createUser(database.db, who)
    const data = input({ channelManagerId: user.id })
    const error = await failureOf(createPartner(database.db, { actor, input: data }))
    expect(error).toMatchObject({
      field: 'channelManagerId',
      userMessage: 'partners:validation.channelManager',
    })
    expect(await partnersNamed(data.name)).toBe(0)
  })

  test('an id that belongs to nobody cannot be the channel manager', async () => {
    const data = input({ channelManagerId: '6f1c1f8e-5d2a-4b8a-9a51-0c6f2e9c1d11' })
    const error = await failureOf(createPartner(database.db, { actor, input: data }))
    expect(error.field).toBe('channelManagerId')
  })

  test.runIf(process.env.TEST_DATABASE_URL)(
    'two simultaneous creates with the same name: one partner, one field error',
    async () => {
      const second = await openDatabase({ url: database.url, poolMax: 2 })
      try {
        const name = `Racing ${uniqueSuffix()}`
        const results = await Promise.allSettled([
          createPartner(database.db, { actor, input: input({ name }) }),
          createPartner(second.db, { actor, input: input({ name: name.toLowerCase() }) }),
        ])
        const fulfilled = results.filter((r) => r.status === 'fulfilled')
        const rejected = results.filter((r) => r.status === 'rejected')
        expect(fulfilled).toHaveLength(1)
        expect(rejected).toHaveLength(1)
        expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({
          field: 'name',
          userMessage: 'partners:validation.nameTaken',
        })
        expect(await partnersNamed(name)).toBe(1)
        const created = (fulfilled[0] as PromiseFulfilledResult<{ partnerId: string }>).value
        expect(
          await database.db.$count(
            auditLog,
            and(eq(auditLog.action, 'partner.created'), eq(auditLog.entityId, created.partnerId)),
          ),
        ).toBe(1)
      } finally {
        await second.close()
      }
    },
  )

  test.runIf(process.env.TEST_DATABASE_URL)(
    'simultaneous creates without a code never get the same generated code',
    async () => {
      const second = await openDatabase({ url: database.url, poolMax: 2 })
      try {
        const results = await Promise.all([
          createPartner(database.db, { actor, input: input() }),
          createPartner(second.db, { actor, input: input() }),
          createPartner(database.db, { actor, input: input() }),
          createPartner(second.db, { actor, input: input() }),
        ])
        expect(new Set(results.map((r) => r.code)).size).toBe(4)
      } finally {
        await second.close()
      }
    },
  )
})
