import { and, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { orders } from '#db/schema/orders'
import { users } from '#db/schema/users'
import { visibleToActor, type OrderActor } from './order-access.server'
import {
  ordersPageSize,
  type OrderStatus,
  type PaymentMethod,
  type PaymentStatus,
} from './order-rules'

export type FindOrdersOptions = {
  actor: OrderActor
  status?: OrderStatus | null
  /** Matches the order number or the PO number. */
  q?: string | null
  page?: number
}

export type OrderListRow = {
  id: string
  number: string
  status: OrderStatus
  paymentMethod: PaymentMethod
  paymentStatus: PaymentStatus
  poNumber: string | null
  totalMinor: number
  currency: string
  lineCount: number
  placedAt: Date
  placedByName: string
}

export type FindOrdersResult = {
  orders: OrderListRow[]
  total: number
  page: number
  pageSize: number
  pageCount: number
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/** One page (25) of the orders the actor may see, newest first, with the count of every match. */
export async function findOrders(
  db: Database,
  options: FindOrdersOptions,
): Promise<FindOrdersResult> {
  const page = options.page && options.page >= 1 ? Math.floor(options.page) : 1
  const conditions: (SQL | undefined)[] = [visibleToActor(options.actor)]
  if (options.status) conditions.push(eq(orders.status, options.status))
  const q = options.q?.trim()
  if (q) {
    const pattern = `%${escapeLike(q)}%`
    conditions.push(or(ilike(orders.number, pattern), ilike(orders.poNumber, pattern)))
  }
  const where = and(...conditions)
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: orders.id,
        number: orders.number,
        status: orders.status,
        paymentMethod: orders.paymentMethod,
        paymentStatus: orders.paymentStatus,
        poNumber: orders.poNumber,
        totalMinor: orders.totalMinor,
        currency: orders.currency,
        lineCount: sql<number>`(select count(*)::int from order_lines l where l.order_id = ${orders.id})`,
        placedAt: orders.placedAt,
        placedByName: users.name,
      })
      .from(orders)
      .innerJoin(users, eq(users.id, orders.placedById))
      .where(where)
      .orderBy(desc(orders.placedAt), desc(orders.id))
      .limit(ordersPageSize)
      .offset((page - 1) * ordersPageSize),
    db.select({ total: count() }).from(orders).where(where),
  ])
  const total = Number(counted?.total ?? 0)
  return {
    orders: rows,
    total,
    page,
    pageSize: ordersPageSize,
    pageCount: Math.max(1, Math.ceil(total / ordersPageSize)),
  }
}
