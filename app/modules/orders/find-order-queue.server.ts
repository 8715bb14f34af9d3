import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '#db/client.server'
import { orderLines, orders } from '#db/schema/orders'
import { partners } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { endOfVendorDay, startOfVendorDay } from '#app/modules/audit/audit-rules'
import {
  closedStatuses,
  fulfilmentOrderStatuses,
  orderQueuePageSize,
  queueReadsOldestFirst,
  type FulfilmentOrderStatus,
  type OrderQueueQuery,
  type OrderQueueTab,
} from './fulfilment-rules'

export type FindOrderQueueOptions = { query: OrderQueueQuery }

export type OrderQueueRow = {
  id: string
  number: string
  status: FulfilmentOrderStatus
  paymentMethod: 'on_account' | 'card'
  paymentStatus: 'unpaid' | 'paid' | 'refunded'
  poNumber: string | null
  requestedDate: string | null
  currency: string
  totalMinor: number
  lineCount: number
  placedAt: Date
  placedByName: string
  partnerId: string
  partnerName: string
  partnerCode: string
  /** Credit hold or card payment: until when the stock stays reserved. */
  holdUntil: Date | null
  /** Paid but closed (cancelled or expired): money to give back or a decision to take. */
  needsAttention: boolean
}

export type FindOrderQueueResult = {
  rows: OrderQueueRow[]
  total: number
  page: number
  pageSize: number
  pageCount: number
  /** Per tab, with every filter but the status applied: the tabs' counts. */
  counts: Record<OrderQueueTab, number>
  /** The partner the queue is narrowed to, when the URL names one that exists. */
  partner: { id: string; name: string; code: string } | null
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

const attentionCondition = () =>
  and(eq(orders.paymentStatus, 'paid'), inArray(orders.status, [...closedStatuses]))

/** The filters other than the status tab: search, partner, payment method, placing dates. */
function filterConditions(query: OrderQueueQuery): (SQL | undefined)[] {
  const conditions: (SQL | undefined)[] = []
  if (query.q) {
    const number = /^so-?(\d{6,})$/i.exec(query.q.replace(/\s/g, ''))
    if (number) {
      // A whole order number: the unique index, not a scan.
      conditions.push(eq(orders.number, `SO-${number[1]}`))
    } else {
      const pattern = `%${escapeLike(query.q)}%`
      conditions.push(
        or(
          ilike(orders.number, pattern),
          ilike(orders.poNumber, pattern),
          ilike(partners.name, pattern),
          ilike(partners.code, pattern),
        ),
      )
    }
  }
  if (query.partnerId) conditions.push(eq(orders.partnerId, query.partnerId))
  if (query.paymentMethod) conditions.push(eq(orders.paymentMethod, query.paymentMethod))
  if (query.from) conditions.push(gte(orders.placedAt, startOfVendorDay(query.from)))
  if (query.to) conditions.push(lt(orders.placedAt, endOfVendorDay(query.to)))
  return conditions
}

function tabCondition(tab: OrderQueueTab): SQL | undefined {
  if (tab === 'all') return undefined
  if (tab === 'attention') return attentionCondition()
  return eq(orders.status, tab)
}

/**
 * The vendor's order queue: a page of 25 orders for a status tab (or every status, or those that
 * need a decision about money) with the search and filters of the URL, plus each tab's count
 * under the same filters. Work tabs (credit hold, submitted, confirmed, attention) read oldest
 * first, so the longest-waiting order is on top; the others newest first.
 */
export async function findOrderQueue(
  db: Database,
  options: FindOrderQueueOptions,
): Promise<FindOrderQueueResult> {
  const { query } = options
  const filters = filterConditions(query)
  const where = and(...filters, tabCondition(query.tab))
  const oldestFirst = queueReadsOldestFirst(query.tab)
  const placer = alias(users, 'placer')

  const [rows, [counted], statusCounts, partnerRows] = await Promise.all([
    db
      .select({
        id: orders.id,
        number: orders.number,
        status: orders.status,
        paymentMethod: orders.paymentMethod,
        paymentStatus: orders.paymentStatus,
        poNumber: orders.poNumber,
        requestedDate: orders.requestedDate,
        currency: orders.currency,
        totalMinor: orders.totalMinor,
        placedAt: orders.placedAt,
        creditHoldExpiresAt: orders.creditHoldExpiresAt,
        paymentExpiresAt: orders.paymentExpiresAt,
        placedByName: placer.name,
        partnerId: partners.id,
        partnerName: partners.name,
        partnerCode: partners.code,
        lineCount: sql<number>`(select count(*) from ${orderLines}
          where ${orderLines.orderId} = ${orders.id})::int`,
      })
      .from(orders)
      .innerJoin(partners, eq(partners.id, orders.partnerId))
      .innerJoin(placer, eq(placer.id, orders.placedById))
      .where(where)
      .orderBy(
        ...(oldestFirst
          ? [asc(orders.placedAt), asc(orders.id)]
          : [desc(orders.placedAt), desc(orders.id)]),
      )
      .limit(orderQueuePageSize)
      .offset((query.page - 1) * orderQueuePageSize),
    db
      .select({ total: count() })
      .from(orders)
      .innerJoin(partners, eq(partners.id, orders.partnerId))
      .where(where),
    db
      .select({
        status: orders.status,
        total: sql<number>`count(*)::int`,
        attention: sql<number>`(count(*) filter (where ${attentionCondition()}))::int`,
      })
      .from(orders)
      .innerJoin(partners, eq(partners.id, orders.partnerId))
      .where(and(...filters))
      .groupBy(orders.status),
    query.partnerId
      ? db
          .select({ id: partners.id, name: partners.name, code: partners.code })
          .from(partners)
          .where(eq(partners.id, query.partnerId))
      : Promise.resolve([]),
  ])

  const counts = Object.fromEntries(
    ['all', ...fulfilmentOrderStatuses, 'attention'].map((tab) => [tab, 0]),
  ) as Record<OrderQueueTab, number>
  for (const row of statusCounts) {
    counts[row.status] = Number(row.total)
    counts.all += Number(row.total)
    counts.attention += Number(row.attention)
  }
  const total = Number(counted?.total ?? 0)
  return {
    rows: rows.map((row) => ({
      id: row.id,
      number: row.number,
      status: row.status,
      paymentMethod: row.paymentMethod,
      paymentStatus: row.paymentStatus,
      poNumber: row.poNumber,
      requestedDate: row.requestedDate,
      currency: row.currency,
      totalMinor: Number(row.totalMinor),
      lineCount: Number(row.lineCount),
      placedAt: row.placedAt,
      placedByName: row.placedByName,
      partnerId: row.partnerId,
      partnerName: row.partnerName,
      partnerCode: row.partnerCode,
      holdUntil:
        row.status === 'credit_hold'
          ? row.creditHoldExpiresAt
          : row.status === 'pending_payment'
            ? row.paymentExpiresAt
            : null,
      needsAttention:
        row.paymentStatus === 'paid' && (closedStatuses as readonly string[]).includes(row.status),
    })),
    total,
    page: query.page,
    pageSize: orderQueuePageSize,
    pageCount: Math.max(1, Math.ceil(total / orderQueuePageSize)),
    counts,
    partner: partnerRows[0] ?? null,
  }
}
