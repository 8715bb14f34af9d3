/**
 * Demo contribution: a year of orders for every active partner (some cancelled, some card orders
 * left unpaid until they expired, some linked to the partner's won registrations), and revenue
 * and registration targets for the current quarter and year. Deterministic for a given "now".
 */
import { and, eq, sql } from 'drizzle-orm'
import { periodContaining, todayInShanghai } from '#app/modules/contribution/period-rules'
import type { Database } from './client.server'
import { queryRows } from './execute.server'
import { products } from './schema/catalog'
import { announcements, partnerTargets } from './schema/contribution'
import { orderLines, orders, type OrderStatus } from './schema/orders'
import type { PartnerTier } from './schema/partners'
import { createRng, SEED, type SeedData } from './seed-data'

const DAY_MS = 86_400_000

const ordersPerMonth: Record<PartnerTier, [number, number]> = {
  platinum: [4, 7],
  gold: [2, 5],
  silver: [1, 3],
  registered: [0, 2],
}

const tierDiscountBps: Record<PartnerTier, number> = {
  platinum: 3500,
  gold: 3000,
  silver: 2000,
  registered: 1000,
}

export async function insertDemoContribution(
  db: Database,
  data: SeedData,
  now: Date,
): Promise<void> {
  const rng = createRng(SEED + 4)
  const catalog = await db
    .select({
      id: products.id,
      sku: products.sku,
      name: products.name,
      unit: products.unit,
      productLineId: products.productLineId,
      listPriceMinor: products.listPriceMinor,
    })
    .from(products)
    .where(and(eq(products.active, true), eq(products.currency, 'CNY')))
    .orderBy(products.sku)
  if (catalog.length === 0) return

  const orderRows: (typeof orders.$inferInsert)[] = []
  const lineRows: (typeof orderLines.$inferInsert)[] = []
  const revenueByPartner = new Map<string, number>()

  for (const partner of data.partners) {
    if (partner.status !== 'active') continue
    const buyer =
      data.partnerUsers.find(
        (u) =>
          u.partnerCode === partner.code && u.status === 'active' && u.role === 'partner_admin',
      ) ?? data.partnerUsers.find((u) => u.partnerCode === partner.code && u.status === 'active')
    if (!buyer) continue
    const region = partner.territories[0]?.regionCode ?? 'CN-EAST'
    const won = data.registrations.filter(
      (r) => r.partnerId === partner.id && r.close?.kind === 'won',
    )
    const activeDays = Math.min(365, partner.createdDaysAgo - 2)
    const [low, high] = ordersPerMonth[partner.tier]
    for (let monthAgo = 11; monthAgo >= 0; monthAgo--) {
      const count = rng.int(low, high)
      for (let n = 0; n < count; n++) {
        const daysAgo = monthAgo * 30 + rng.int(0, 29)
        if (daysAgo > activeDays || daysAgo < 1) continue
        const placedAt = new Date(now.getTime() - daysAgo * DAY_MS - rng.int(0, 8 * 60) * 60_000)
        const cancelled = rng.chance(0.07)
        const unpaidCard = !cancelled && rng.chance(0.03)
        // History only: delivered or on its way. Open orders (submitted, confirmed) hold stock
        // reservations, which the order demo data (seed-orders.ts) makes with their allocations.
        if (!cancelled && !unpaidCard && daysAgo <= 3) continue
        const status: OrderStatus = cancelled
          ? 'cancelled'
          : unpaidCard
            ? 'expired'
            : daysAgo > 20
              ? 'delivered'
              : 'shipped'
        const linked = won.length > 0 && rng.chance(0.15) ? rng.pick(won) : null
        const [sequence] = await queryRows<{ n: string }>(
          db,
          sql`select nextval('order_number_seq')::text as n`,
        )
        const orderId = crypto.randomUUID()
        const lineCount = rng.int(1, 3)
        let subtotal = 0
        let listTotal = 0
        const used = new Set<string>()
        for (let lineNo = 1; lineNo <= lineCount; lineNo++) {
          const product = rng.pick(catalog)
          if (used.has(product.id)) continue
          used.add(product.id)
          const quantity = rng.int(1, 12)
          const discount = tierDiscountBps[partner.tier] + (linked ? 500 : 0)
          const netUnit = Math.round((product.listPriceMinor * (10_000 - discount)) / 10_000)
          subtotal += netUnit * quantity
          listTotal += product.listPriceMinor * quantity
          lineRows.push({
            orderId,
            lineNo: used.size,
            productId: product.id,
            productLineId: product.productLineId,
            sku: product.sku,
            name: product.name,
            unit: product.unit,
            quantity,
            listUnitMinor: product.listPriceMinor,
            netUnitMinor: netUnit,
            lineTotalMinor: netUnit * quantity,
            priceSource: 'tier_discount',
            priceSteps: [],
            dealDiscountApplied: Boolean(linked),
            createdAt: placedAt,
          })
        }
        const booked = status !== 'cancelled' && status !== 'expired'
        if (booked && daysAgo <= 365) {
          revenueByPartner.set(partner.id, (revenueByPartner.get(partner.id) ?? 0) + subtotal)
        }
        const at = (days: number) => new Date(placedAt.getTime() + days * DAY_MS)
        orderRows.push({
          id: orderId,
          number: `SO-${placedAt.getUTCFullYear() % 100}${sequence!.n.padStart(4, '0')}`,
          partnerId: partner.id,
          placedById: buyer.id,
          status,
          paymentMethod: unpaidCard ? 'card' : 'on_account',
          paymentStatus: status === 'delivered' ? 'paid' : 'unpaid',
          paidAt: status === 'delivered' ? at(15) : null,
          paymentExpiresAt: unpaidCard ? new Date(placedAt.getTime() + 3_600_000) : null,
          shippingAddress: {
            label: 'Main warehouse',
            recipient: buyer.name,
            phone: '400-800-0000',
            regionCode: region,
            city: '—',
            line1: '—',
            line2: null,
            postalCode: '',
          },
          registrationId: linked?.id ?? null,
          dealDiscountBps: linked ? 500 : null,
          currency: 'CNY',
          listTotalMinor: listTotal,
          subtotalMinor: subtotal,
          totalMinor: subtotal,
          idempotencyKey: `demo-${orderId}`,
          placedAt,
          submittedAt: booked || cancelled ? placedAt : null,
          confirmedAt: ['confirmed', 'shipped', 'delivered'].includes(status) ? at(1) : null,
          shippedAt: ['shipped', 'delivered'].includes(status) ? at(3) : null,
          deliveredAt: status === 'delivered' ? at(6) : null,
          cancelledAt: cancelled ? at(1) : null,
          cancelReason: cancelled ? 'Customer postponed the project' : null,
          expiredAt: unpaidCard ? new Date(placedAt.getTime() + 3_600_000) : null,
          createdAt: placedAt,
          updatedAt: placedAt,
        })
      }
    }
  }
  for (let i = 0; i < orderRows.length; i += 500) {
    await db.insert(orders).values(orderRows.slice(i, i + 500))
  }
  for (let i = 0; i < lineRows.length; i += 1000) {
    await db.insert(orderLines).values(lineRows.slice(i, i + 1000))
  }

  // Targets: a little above each partner's recent pace, rounded to ¥10,000.
  const today = todayInShanghai(now)
  const quarter = periodContaining('quarter', today)
  const year = periodContaining('year', today)
  const registrationsPerQuarter: Record<PartnerTier, number> = {
    platinum: 12,
    gold: 8,
    silver: 5,
    registered: 2,
  }
  const round = (minor: number) => Math.max(1_000_000, Math.round(minor / 1_000_000) * 1_000_000)
  const targets: (typeof partnerTargets.$inferInsert)[] = []
  for (const partner of data.partners) {
    if (partner.status !== 'active') continue
    const yearly = revenueByPartner.get(partner.id) ?? 0
    const stretch = 1 + rng.int(5, 35) / 100
    targets.push(
      {
        partnerId: partner.id,
        periodKind: 'quarter',
        periodStart: quarter.from,
        revenueTargetMinor: round((yearly / 4) * stretch),
        registrationsTarget: registrationsPerQuarter[partner.tier],
      },
      {
        partnerId: partner.id,
        periodKind: 'year',
        periodStart: year.from,
        revenueTargetMinor: round(yearly * stretch),
        registrationsTarget: registrationsPerQuarter[partner.tier] * 4,
      },
    )
  }
  if (targets.length > 0) await db.insert(partnerTargets).values(targets)

  const admin = data.staff.find((u) => u.role === 'admin')
  await db.insert(announcements).values([
    {
      title: 'Q-end drive promotion: extra 3 % on DRV orders',
      body: 'Until the end of the quarter, gold and platinum partners get an extra 3 % on every drive ordered through the portal.\n\nRegister the opportunity first: registered deals keep their deal discount on top.',
      kind: 'campaign',
      attachments: [{ label: 'Promotion terms (PDF)', url: '/docs/drive-promotion.pdf' }],
      audienceTiers: ['gold', 'platinum'],
      publishedAt: new Date(now.getTime() - 6 * DAY_MS),
      authorId: admin?.id ?? null,
    },
    {
      title: '伺服驱动器选型在线培训',
      body: '本次培训介绍新一代伺服驱动器的选型方法与调试要点，适合销售工程师与技术支持人员。',
      kind: 'training',
      attachments: [{ label: '报名页面', url: 'https://training.hengtai.example/servo' }],
      audienceRegions: ['CN-SOUTH', 'CN-EAST'],
      publishedAt: new Date(now.getTime() - 2 * DAY_MS),
      authorId: admin?.id ?? null,
    },
  ])
}
