import { eq, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { products } from '#db/schema/catalog'
import {
  announcements,
  contributionSettings,
  partnerTargets,
  type NewAnnouncement,
  type NewPartnerTarget,
} from '#db/schema/contribution'
import {
  registrationConflicts,
  registrationEvents,
  registrations,
  type NewRegistration,
  type RegistrationStage,
} from '#db/schema/deals'
import { orderLines, orders, type OrderStatus } from '#db/schema/orders'
import { createProduct } from './catalog'
import { ensureRegions } from './partners'
import { uniqueSuffix } from './unique'

/**
 * Rows for contribution tests, inserted directly in the state a test describes (no use case runs),
 * so a hand-built data set says exactly which registration, conflict and order exists when.
 */

/** "2026-04-02 10:00" in Shanghai → the instant. */
export const shanghai = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`)

export type RegistrationRowOptions = {
  partnerId: string
  createdById: string
  productLineId: string
  regionCode?: string
  fulfilmentPartnerId?: string | null
  estimatedValueMinor: number
  currency?: string
  expectedCloseDate?: string
  submittedAt: Date
  /** Decision: approved (protection from then until protectionEndsAt) or rejected. */
  decision?: { at: Date; approved: true; protectionEndsAt: Date } | { at: Date; approved: false }
  status?: NewRegistration['status']
  stage?: RegistrationStage
  closedAt?: Date | null
  won?: { amountMinor: number; on: string }
  lostReasonCode?: string
  /** Stage changes recorded in the history (the current stage is `stage`). */
  stageChanges?: { stage: RegistrationStage; at: Date }[]
}

export async function createRegistrationRow(db: Database, options: RegistrationRowOptions) {
  const suffix = uniqueSuffix()
  const decision = options.decision
  await ensureRegions(db, [options.regionCode ?? 'CN-EAST'])
  const [row] = await db
    .insert(registrations)
    .values({
      number: `R-T${suffix}`,
      partnerId: options.partnerId,
      createdById: options.createdById,
      fulfilmentPartnerId: options.fulfilmentPartnerId ?? null,
      prospectName: `Prospect ${suffix}`,
      prospectKey: `name:prospect ${suffix}`,
      regionCode: options.regionCode ?? 'CN-EAST',
      productLineId: options.productLineId,
      estimatedValueMinor: options.estimatedValueMinor,
      currency: options.currency ?? 'CNY',
      expectedCloseDate: options.expectedCloseDate ?? '2026-12-31',
      status:
        options.status ?? (decision ? (decision.approved ? 'approved' : 'rejected') : 'pending'),
      stage: options.stage ?? 'registered',
      submittedAt: options.submittedAt,
      decidedAt: decision?.at ?? null,
      protectionStartsAt: decision?.approved ? decision.at : null,
      protectionEndsAt: decision?.approved ? decision.protectionEndsAt : null,
      closedAt: options.closedAt ?? null,
      wonAmountMinor: options.won?.amountMinor ?? null,
      wonOn: options.won?.on ?? null,
      lostReasonCode: options.lostReasonCode ?? null,
      createdAt: options.submittedAt,
    })
    .returning()
  const events = [
    { toStage: 'registered' as RegistrationStage, at: options.submittedAt, type: 'submitted' },
    ...(options.stageChanges ?? []).map((c) => ({
      toStage: c.stage,
      at: c.at,
      type: 'stage_changed',
    })),
  ]
  await db.insert(registrationEvents).values(
    events.map((e) => ({
      registrationId: row!.id,
      actorUserId: options.createdById,
      type: e.type,
      toStage: e.toStage,
      createdAt: e.at,
    })),
  )
  return row!
}

export async function createConflictRow(
  db: Database,
  options: {
    submittedByPartnerId: string
    submittedById: string
    holderRegistrationId: string
    productLineId: string
    regionCode?: string
    createdAt: Date
  },
) {
  const suffix = uniqueSuffix()
  const [row] = await db
    .insert(registrationConflicts)
    .values({
      productLineId: options.productLineId,
      prospectKey: `name:conflict ${suffix}`,
      prospectName: `Conflict ${suffix}`,
      submittedByPartnerId: options.submittedByPartnerId,
      submittedById: options.submittedById,
      submission: { regionCode: options.regionCode ?? 'CN-EAST' },
      holderRegistrationId: options.holderRegistrationId,
      rule: 'time_priority',
      createdAt: options.createdAt,
    })
    .returning()
  return row!
}

export type OrderLineSpec = { productLineId: string; quantity: number; netUnitMinor: number }

/** One product per product line is enough for order lines; made on first use. */
async function productFor(db: Database, productLineId: string): Promise<string> {
  const [existing] = await db
    .select({ id: products.id })
    .from(products)
    .where(eq(products.productLineId, productLineId))
    .limit(1)
  if (existing) return existing.id
  return (await createProduct(db, { productLineId })).id
}

const statusTimes: Partial<Record<OrderStatus, string[]>> = {
  submitted: ['submittedAt'],
  confirmed: ['submittedAt', 'confirmedAt'],
  shipped: ['submittedAt', 'confirmedAt', 'shippedAt'],
  delivered: ['submittedAt', 'confirmedAt', 'shippedAt', 'deliveredAt'],
  cancelled: ['cancelledAt'],
  expired: ['expiredAt'],
}

/** An order in the given status, placed at `placedAt`, with its lines (net unit × quantity). */
export async function createOrderRow(
  db: Database,
  options: {
    partnerId: string
    placedById: string
    status: OrderStatus
    placedAt: Date
    lines: OrderLineSpec[]
    regionCode?: string
    currency?: string
    registrationId?: string | null
  },
) {
  const suffix = uniqueSuffix()
  const currency = options.currency ?? 'CNY'
  const lines = await Promise.all(
    options.lines.map(async (line, index) => ({
      ...line,
      lineNo: index + 1,
      productId: await productFor(db, line.productLineId),
      lineTotalMinor: line.netUnitMinor * line.quantity,
    })),
  )
  const subtotal = lines.reduce((sum, line) => sum + line.lineTotalMinor, 0)
  const isCard = options.status === 'pending_payment' || options.status === 'expired'
  const times = Object.fromEntries(
    (statusTimes[options.status] ?? []).map((key) => [key, options.placedAt]),
  )
  const [sequence] = await queryRows<{ n: string }>(
    db,
    sql`select nextval('order_number_seq')::text as n`,
  )
  const [order] = await db
    .insert(orders)
    .values({
      number: `SO-${sequence!.n.padStart(6, '0')}`,
      partnerId: options.partnerId,
      placedById: options.placedById,
      status: options.status,
      paymentMethod: isCard ? 'card' : 'on_account',
      paymentExpiresAt: isCard ? new Date(options.placedAt.getTime() + 3_600_000) : null,
      creditHoldExpiresAt:
        options.status === 'credit_hold' ? new Date(options.placedAt.getTime() + 86_400_000) : null,
      shippingAddress: {
        label: 'Main',
        recipient: 'Receiver',
        phone: '021-0000',
        regionCode: options.regionCode ?? 'CN-EAST',
        city: 'Shanghai',
        line1: '1 Test Road',
        line2: null,
        postalCode: '200000',
      },
      registrationId: options.registrationId ?? null,
      dealDiscountBps: options.registrationId ? 500 : null,
      currency,
      listTotalMinor: subtotal,
      subtotalMinor: subtotal,
      totalMinor: subtotal,
      idempotencyKey: `test-${suffix}`,
      placedAt: options.placedAt,
      createdAt: options.placedAt,
      ...times,
    })
    .returning()
  await db.insert(orderLines).values(
    lines.map((line) => ({
      orderId: order!.id,
      lineNo: line.lineNo,
      productId: line.productId,
      productLineId: line.productLineId,
      sku: `SKU-${line.lineNo}`,
      name: `Line ${line.lineNo}`,
      unit: 'pcs',
      quantity: line.quantity,
      listUnitMinor: line.netUnitMinor,
      netUnitMinor: line.netUnitMinor,
      lineTotalMinor: line.lineTotalMinor,
      priceSource: 'list' as const,
      priceSteps: [],
    })),
  )
  return order!
}

export async function createTarget(db: Database, values: Omit<NewPartnerTarget, 'id'>) {
  const [row] = await db.insert(partnerTargets).values(values).returning()
  return row!
}

export async function updateStageProbabilities(
  db: Database,
  bps: { registered: number; qualified: number; proposal: number; negotiation: number },
) {
  await db
    .update(contributionSettings)
    .set({
      registeredProbabilityBps: bps.registered,
      qualifiedProbabilityBps: bps.qualified,
      proposalProbabilityBps: bps.proposal,
      negotiationProbabilityBps: bps.negotiation,
    })
    .where(eq(contributionSettings.id, 1))
}

export async function createAnnouncement(
  db: Database,
  values: Partial<Omit<NewAnnouncement, 'id'>> = {},
) {
  const suffix = uniqueSuffix()
  const [row] = await db
    .insert(announcements)
    .values({ title: `Announcement ${suffix}`, body: 'Body', kind: 'news', ...values })
    .returning()
  return row!
}
