import { describe, expect, test } from 'vitest'
import { findPolicyAcknowledgements } from '#app/modules/pricing/find-policy-acknowledgements.server'
import { findPricePolicies } from '#app/modules/pricing/find-price-policies.server'
import { getPricePolicy } from '#app/modules/pricing/get-price-policy.server'
import { AppError } from '#app/utils/app-error'
import type { Database } from '#db/client.server'
import { pricePolicyAcknowledgements } from '#db/schema/catalog'
import { createPartner, createPricePolicy, createUser } from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

// Addressed partners are the active partners in the policy's tiers (or its one partner); the
// vendor sees which of them acknowledged (who, when) and which have not yet.

const database = useTestDatabase()

async function acknowledge(
  db: Database,
  policyId: string,
  user: { id: string; partnerId: string | null },
  at: Date,
) {
  await db
    .insert(pricePolicyAcknowledgements)
    .values({ policyId, userId: user.id, partnerId: user.partnerId!, acknowledgedAt: at })
}

describe('policy acknowledgements', () => {
  test('addressed vs acknowledged, for a policy addressed to two tiers', async () => {
    const db = database.db
    // Names sort the page: A… and B… acknowledged, C… has not, the rest are not addressed.
    const tag = Math.random().toString(36).slice(2, 8)
    const alpha = await createPartner(db, { name: `A ${tag} Gold`, tier: 'gold' })
    const bravo = await createPartner(db, { name: `B ${tag} Silver`, tier: 'silver' })
    const charlie = await createPartner(db, { name: `C ${tag} Gold`, tier: 'gold' })
    const suspended = await createPartner(db, {
      name: `D ${tag} Suspended`,
      tier: 'gold',
      status: 'suspended',
    })
    const platinum = await createPartner(db, { name: `E ${tag} Platinum`, tier: 'platinum' })
    const policy = await createPricePolicy(db, {
      effectiveFrom: '2027-01-01',
      audienceTiers: ['gold', 'silver'],
    })
    const alphaAdmin = await createUser(db, { partnerId: alpha.id, role: 'partner_admin' })
    const alphaUser = await createUser(db, { partnerId: alpha.id })
    const bravoUser = await createUser(db, { partnerId: bravo.id })
    const platinumUser = await createUser(db, { partnerId: platinum.id })
    const suspendedUser = await createUser(db, { partnerId: suspended.id })
    await acknowledge(db, policy.id, alphaUser, new Date('2026-12-02T01:00:00Z'))
    await acknowledge(db, policy.id, alphaAdmin, new Date('2026-12-03T01:00:00Z'))
    await acknowledge(db, policy.id, bravoUser, new Date('2026-12-04T01:00:00Z'))
    // Acknowledged by partners the policy does not address: not counted, not listed.
    await acknowledge(db, policy.id, platinumUser, new Date('2026-12-04T01:00:00Z'))
    await acknowledge(db, policy.id, suspendedUser, new Date('2026-12-04T01:00:00Z'))

    const detail = await getPricePolicy(db, { policyId: policy.id })
    const all = await findPolicyAcknowledgements(db, { policyId: policy.id })
    const mine = all.rows.filter((row) => row.partner.name.includes(tag))
    expect(
      mine.map((row) => [row.partner.name, row.acknowledgements.map((a) => a.userId)]),
    ).toEqual([
      [alpha.name, [alphaUser.id, alphaAdmin.id]],
      [bravo.name, [bravoUser.id]],
      [charlie.name, []],
    ])
    expect(mine[0]!.acknowledgements[0]).toMatchObject({
      name: alphaUser.name,
      email: alphaUser.email,
      acknowledgedAt: new Date('2026-12-02T01:00:00Z'),
    })

    const pending = await findPolicyAcknowledgements(db, { policyId: policy.id, show: 'pending' })
    expect(
      pending.rows.filter((r) => r.partner.name.includes(tag)).map((r) => r.partner.id),
    ).toEqual([charlie.id])
    const acknowledged = await findPolicyAcknowledgements(db, {
      policyId: policy.id,
      show: 'acknowledged',
    })
    expect(acknowledged.rows.map((r) => r.partner.id)).toEqual([alpha.id, bravo.id])
    expect(acknowledged.total).toBe(2)
    expect([detail.acknowledgedCount, detail.addressedCount]).toEqual([2, 3])
    expect(all.total).toBe(3)
    expect(pending.total + acknowledged.total).toBe(all.total)
  })

  test('a policy for one partner addresses only that partner; the list counts the same', async () => {
    const db = database.db
    const partner = await createPartner(db, { tier: 'registered' })
    const policy = await createPricePolicy(db, {
      effectiveFrom: '2099-01-01',
      partnerId: partner.id,
      title: `Contract terms ${partner.code}`,
    })
    const user = await createUser(db, { partnerId: partner.id })
    const before = await findPolicyAcknowledgements(db, { policyId: policy.id })
    expect(before.rows).toEqual([
      { partner: expect.objectContaining({ id: partner.id }), acknowledgements: [] },
    ])
    await acknowledge(db, policy.id, user, new Date())
    const detail = await getPricePolicy(db, { policyId: policy.id })
    expect([detail.acknowledgedCount, detail.addressedCount]).toEqual([1, 1])
    const listed = await findPricePolicies(db)
    expect(listed.policies.find((p) => p.id === policy.id)).toMatchObject({
      phase: 'scheduled',
      partner: { id: partner.id },
      acknowledgedCount: 1,
      addressedCount: 1,
    })
  })

  test('an unknown or malformed policy id is not found', async () => {
    for (const policyId of ['6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f', 'nope']) {
      const error = await findPolicyAcknowledgements(database.db, { policyId }).catch((e) => e)
      expect(error).toBeInstanceOf(AppError)
      expect((error as AppError).code).toBe('not_found')
    }
  })
})
