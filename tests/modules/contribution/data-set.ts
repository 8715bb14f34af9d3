import type { Database } from '#db/client.server'
import {
  createConflictRow,
  createOrderRow,
  createRegistrationRow,
  createTarget,
  shanghai,
} from '#tests/factories/contribution'
import { createProductLine } from '#tests/factories/deals'
import { createPartner } from '#tests/factories/partners'
import { createUser } from '#tests/factories/users'

/**
 * A small channel, built by hand, whose figures for Q2 2026 the tests write out by hand.
 *
 *   Alpha  gold distributor, CN-EAST      Beta  silver reseller, CN-SOUTH (Alpha fulfils its deals)
 *   Gamma  registered dealer, CN-EAST (only a conflict and a target)
 *
 * Registrations (values in CNY; hours = submission → decision):
 *   R1 Alpha L1 100,000  sub 04-02  approved +24h  won 05-20 for 90,000 (48 days)
 *   R2 Alpha L2  50,000  sub 04-10  approved +48h  proposal since 05-01, protection ends 07-11
 *                                   (never swept: still 'approved'), expected close 06-20
 *   R3 Alpha L1  30,000  sub 05-05  rejected +6h
 *   R9 Alpha L1  40,000  sub 06-01  approved +30h  qualified 06-20, negotiation 07-05,
 *                                   expected close 09-30
 *   R4 Beta→Alpha L1 200,000  sub 03-30 (Q1)  approved 04-01 (+48h)  expired 06-30 10:00
 *   R5 Beta→Alpha L2  80,000  sub 04-15  approved +24h  qualified 05-01, lost 06-10 (price)
 *   R6 Beta→Alpha L1 120,000  sub 06-30 23:30 (still Q2 in Shanghai)  pending
 *   R7 Beta L1        10,000  sub 07-01 00:30 (Q3 in Shanghai, 06-30 in UTC)  pending
 *   R8 Beta→Alpha L2  60,000  sub 05-10  approved +24h  won 06-28 for 55,000 (49 days)
 *   R10 Alpha L1      10,000  sub 02-01  approved  won 03-31 (Q1) for 10,000
 *
 * Conflicts: Beta 05-15 (CN-SOUTH, L1), Gamma 06-30 23:59 (CN-EAST, L2), Beta 03-31 (Q1).
 *
 * Orders (net line totals):
 *   O1 Alpha 04-05 delivered CN-EAST, R1: L1 2 × 10,000 + L2 1 × 5,000 = 25,000
 *   O2 Alpha 05-01 cancelled: L1 8,000
 *   O3 Alpha 06-30 23:50 confirmed CN-SOUTH, R8 (Beta's deal): L2 3 × 4,000 = 12,000
 *   O4 Beta 05-20 shipped CN-SOUTH: L1 3,000
 *   O5 Beta 06-01 expired (unpaid card) CN-SOUTH: L2 2,000
 *   O6 Alpha 07-01 00:10 (Q3) submitted: L1 1,000
 *   O7 Beta 04-20 pending payment: L1 9,999        O8 Alpha 04-25 credit hold: L1 7,000
 *   O9 Alpha 05-05 submitted, in USD: 100
 *   O10 Alpha 03-31 23:00 (Q1) delivered: L1 2 × 10,000 = 20,000
 *   O11 Beta 02-10 (Q1) delivered CN-SOUTH: L1 6,000
 *
 * Targets: Q2 2026 Alpha 50,000 / 5 registrations, Beta 20,000 / 2, Gamma 10,000 / 1;
 *          year 2026 Alpha 200,000 / 20.
 */
export async function buildChannel(db: Database) {
  const alpha = await createPartner(db, {
    name: 'Alpha Distribution',
    kind: 'distributor',
    tier: 'gold',
    regions: ['CN-EAST'],
  })
  const beta = await createPartner(db, {
    name: 'Beta Resale',
    kind: 'reseller',
    tier: 'silver',
    regions: ['CN-SOUTH'],
  })
  const gamma = await createPartner(db, {
    name: 'Gamma Dealer',
    kind: 'dealer',
    tier: 'registered',
    regions: ['CN-EAST'],
  })
  const alphaUser = await createUser(db, { role: 'partner_user', partnerId: alpha.id })
  const betaUser = await createUser(db, { role: 'partner_user', partnerId: beta.id })
  const gammaUser = await createUser(db, { role: 'partner_user', partnerId: gamma.id })
  const l1 = await createProductLine(db, { nameEn: 'Controllers', nameZh: '控制器' })
  const l2 = await createProductLine(db, { nameEn: 'Drives', nameZh: '驱动器' })
  const hours = (from: Date, h: number) => new Date(from.getTime() + h * 3_600_000)

  const byAlpha = { partnerId: alpha.id, createdById: alphaUser.id, regionCode: 'CN-EAST' }
  const byBeta = {
    partnerId: beta.id,
    createdById: betaUser.id,
    regionCode: 'CN-SOUTH',
    fulfilmentPartnerId: alpha.id,
  }

  const r1Submitted = shanghai('2026-04-02 10:00')
  const r1 = await createRegistrationRow(db, {
    ...byAlpha,
    productLineId: l1.id,
    estimatedValueMinor: 10_000_000,
    submittedAt: r1Submitted,
    decision: {
      at: hours(r1Submitted, 24),
      approved: true,
      protectionEndsAt: shanghai('2026-07-02 10:00'),
    },
    status: 'won',
    stage: 'won',
    closedAt: shanghai('2026-05-20 15:00'),
    won: { amountMinor: 9_000_000, on: '2026-05-20' },
    stageChanges: [{ stage: 'won', at: shanghai('2026-05-20 15:00') }],
  })
  const r2Submitted = shanghai('2026-04-10 09:00')
  const r2 = await createRegistrationRow(db, {
    ...byAlpha,
    productLineId: l2.id,
    estimatedValueMinor: 5_000_000,
    expectedCloseDate: '2026-06-20',
    submittedAt: r2Submitted,
    decision: {
      at: hours(r2Submitted, 48),
      approved: true,
      protectionEndsAt: shanghai('2026-07-11 09:00'),
    },
    stage: 'proposal',
    stageChanges: [{ stage: 'proposal', at: shanghai('2026-05-01 11:00') }],
  })
  const r3Submitted = shanghai('2026-05-05 08:00')
  const r3 = await createRegistrationRow(db, {
    ...byAlpha,
    productLineId: l1.id,
    estimatedValueMinor: 3_000_000,
    submittedAt: r3Submitted,
    decision: { at: hours(r3Submitted, 6), approved: false },
  })
  const r9Submitted = shanghai('2026-06-01 09:00')
  const r9 = await createRegistrationRow(db, {
    ...byAlpha,
    productLineId: l1.id,
    estimatedValueMinor: 4_000_000,
    expectedCloseDate: '2026-09-30',
    submittedAt: r9Submitted,
    decision: {
      at: hours(r9Submitted, 30),
      approved: true,
      protectionEndsAt: shanghai('2026-08-31 15:00'),
    },
    stage: 'negotiation',
    stageChanges: [
      { stage: 'qualified', at: shanghai('2026-06-20 10:00') },
      { stage: 'negotiation', at: shanghai('2026-07-05 10:00') },
    ],
  })
  const r4Submitted = shanghai('2026-03-30 10:00')
  const r4 = await createRegistrationRow(db, {
    ...byBeta,
    productLineId: l1.id,
    estimatedValueMinor: 20_000_000,
    submittedAt: r4Submitted,
    decision: {
      at: hours(r4Submitted, 48),
      approved: true,
      protectionEndsAt: shanghai('2026-06-30 10:00'),
    },
    status: 'expired',
    closedAt: shanghai('2026-06-30 10:05'),
  })
  const r5Submitted = shanghai('2026-04-15 14:00')
  const r5 = await createRegistrationRow(db, {
    ...byBeta,
    productLineId: l2.id,
    estimatedValueMinor: 8_000_000,
    submittedAt: r5Submitted,
    decision: {
      at: hours(r5Submitted, 24),
      approved: true,
      protectionEndsAt: shanghai('2026-07-14 14:00'),
    },
    status: 'lost',
    stage: 'lost',
    closedAt: shanghai('2026-06-10 16:00'),
    lostReasonCode: 'price',
    stageChanges: [
      { stage: 'qualified', at: shanghai('2026-05-01 10:00') },
      { stage: 'lost', at: shanghai('2026-06-10 16:00') },
    ],
  })
  const r6 = await createRegistrationRow(db, {
    ...byBeta,
    productLineId: l1.id,
    estimatedValueMinor: 12_000_000,
    submittedAt: shanghai('2026-06-30 23:30'),
  })
  const r7 = await createRegistrationRow(db, {
    ...byBeta,
    fulfilmentPartnerId: null,
    productLineId: l1.id,
    estimatedValueMinor: 1_000_000,
    submittedAt: shanghai('2026-07-01 00:30'),
  })
  const r8Submitted = shanghai('2026-05-10 09:00')
  const r8 = await createRegistrationRow(db, {
    ...byBeta,
    productLineId: l2.id,
    estimatedValueMinor: 6_000_000,
    submittedAt: r8Submitted,
    decision: {
      at: hours(r8Submitted, 24),
      approved: true,
      protectionEndsAt: shanghai('2026-08-09 09:00'),
    },
    status: 'won',
    stage: 'won',
    closedAt: shanghai('2026-06-28 17:00'),
    won: { amountMinor: 5_500_000, on: '2026-06-28' },
    stageChanges: [{ stage: 'won', at: shanghai('2026-06-28 17:00') }],
  })
  const r10Submitted = shanghai('2026-02-01 09:00')
  const r10 = await createRegistrationRow(db, {
    ...byAlpha,
    productLineId: l1.id,
    estimatedValueMinor: 1_000_000,
    submittedAt: r10Submitted,
    decision: {
      at: hours(r10Submitted, 24),
      approved: true,
      protectionEndsAt: shanghai('2026-05-02 09:00'),
    },
    status: 'won',
    stage: 'won',
    closedAt: shanghai('2026-03-31 16:00'),
    won: { amountMinor: 1_000_000, on: '2026-03-31' },
  })

  await createConflictRow(db, {
    submittedByPartnerId: beta.id,
    submittedById: betaUser.id,
    holderRegistrationId: r1.id,
    productLineId: l1.id,
    regionCode: 'CN-SOUTH',
    createdAt: shanghai('2026-05-15 10:00'),
  })
  await createConflictRow(db, {
    submittedByPartnerId: gamma.id,
    submittedById: gammaUser.id,
    holderRegistrationId: r2.id,
    productLineId: l2.id,
    regionCode: 'CN-EAST',
    createdAt: shanghai('2026-06-30 23:59'),
  })
  await createConflictRow(db, {
    submittedByPartnerId: beta.id,
    submittedById: betaUser.id,
    holderRegistrationId: r10.id,
    productLineId: l1.id,
    regionCode: 'CN-SOUTH',
    createdAt: shanghai('2026-03-31 23:00'),
  })

  const alphaOrder = { partnerId: alpha.id, placedById: alphaUser.id }
  const betaOrder = { partnerId: beta.id, placedById: betaUser.id, regionCode: 'CN-SOUTH' }
  const o1 = await createOrderRow(db, {
    ...alphaOrder,
    status: 'delivered',
    placedAt: shanghai('2026-04-05 10:00'),
    registrationId: r1.id,
    lines: [
      { productLineId: l1.id, quantity: 2, netUnitMinor: 1_000_000 },
      { productLineId: l2.id, quantity: 1, netUnitMinor: 500_000 },
    ],
  })
  const o2 = await createOrderRow(db, {
    ...alphaOrder,
    status: 'cancelled',
    placedAt: shanghai('2026-05-01 10:00'),
    lines: [{ productLineId: l1.id, quantity: 1, netUnitMinor: 800_000 }],
  })
  const o3 = await createOrderRow(db, {
    ...alphaOrder,
    status: 'confirmed',
    placedAt: shanghai('2026-06-30 23:50'),
    regionCode: 'CN-SOUTH',
    registrationId: r8.id,
    lines: [{ productLineId: l2.id, quantity: 3, netUnitMinor: 400_000 }],
  })
  const o4 = await createOrderRow(db, {
    ...betaOrder,
    status: 'shipped',
    placedAt: shanghai('2026-05-20 10:00'),
    lines: [{ productLineId: l1.id, quantity: 1, netUnitMinor: 300_000 }],
  })
  const o5 = await createOrderRow(db, {
    ...betaOrder,
    status: 'expired',
    placedAt: shanghai('2026-06-01 10:00'),
    lines: [{ productLineId: l2.id, quantity: 1, netUnitMinor: 200_000 }],
  })
  const o6 = await createOrderRow(db, {
    ...alphaOrder,
    status: 'submitted',
    placedAt: shanghai('2026-07-01 00:10'),
    lines: [{ productLineId: l1.id, quantity: 1, netUnitMinor: 100_000 }],
  })
  await createOrderRow(db, {
    ...betaOrder,
    status: 'pending_payment',
    placedAt: shanghai('2026-04-20 10:00'),
    lines: [{ productLineId: l1.id, quantity: 1, netUnitMinor: 999_900 }],
  })
  await createOrderRow(db, {
    ...alphaOrder,
    status: 'credit_hold',
    placedAt: shanghai('2026-04-25 10:00'),
    lines: [{ productLineId: l1.id, quantity: 1, netUnitMinor: 700_000 }],
  })
  await createOrderRow(db, {
    ...alphaOrder,
    status: 'submitted',
    currency: 'USD',
    placedAt: shanghai('2026-05-05 10:00'),
    lines: [{ productLineId: l1.id, quantity: 1, netUnitMinor: 10_000 }],
  })
  const o10 = await createOrderRow(db, {
    ...alphaOrder,
    status: 'delivered',
    placedAt: shanghai('2026-03-31 23:00'),
    lines: [{ productLineId: l1.id, quantity: 2, netUnitMinor: 1_000_000 }],
  })
  const o11 = await createOrderRow(db, {
    ...betaOrder,
    status: 'delivered',
    placedAt: shanghai('2026-02-10 10:00'),
    lines: [{ productLineId: l1.id, quantity: 1, netUnitMinor: 600_000 }],
  })

  const q2 = { periodKind: 'quarter' as const, periodStart: '2026-04-01', currency: 'CNY' }
  await createTarget(db, {
    ...q2,
    partnerId: alpha.id,
    revenueTargetMinor: 5_000_000,
    registrationsTarget: 5,
  })
  await createTarget(db, {
    ...q2,
    partnerId: beta.id,
    revenueTargetMinor: 2_000_000,
    registrationsTarget: 2,
  })
  await createTarget(db, {
    ...q2,
    partnerId: gamma.id,
    revenueTargetMinor: 1_000_000,
    registrationsTarget: 1,
  })
  await createTarget(db, {
    partnerId: alpha.id,
    periodKind: 'year',
    periodStart: '2026-01-01',
    currency: 'CNY',
    revenueTargetMinor: 20_000_000,
    registrationsTarget: 20,
  })

  return {
    alpha,
    beta,
    gamma,
    alphaUser,
    betaUser,
    l1,
    l2,
    registrations: { r1, r2, r3, r4, r5, r6, r7, r8, r9, r10 },
    orders: { o1, o2, o3, o4, o5, o6, o10, o11 },
  }
}

export type Channel = Awaited<ReturnType<typeof buildChannel>>

/** After every row of the data set: measured "now" for a closed Q2. */
export const afterQ2 = new Date('2026-07-15T12:00:00+08:00')
export const q2 = { kind: 'quarter' as const, from: '2026-04-01', to: '2026-06-30' }
