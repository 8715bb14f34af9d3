import { and, asc, count, eq, ilike, or, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partnerTargets } from '#db/schema/contribution'
import { partners } from '#db/schema/partners'

export const targetSheetPageSize = 50

export type FindTargetSheetOptions = {
  kind: 'quarter' | 'year'
  periodStart: string
  /** Part of a partner's name or code. */
  q?: string | null
  page?: number
}

export type TargetSheetRow = {
  partnerId: string
  code: string
  name: string
  tier: string
  status: string
  revenueTargetMinor: number | null
  registrationsTarget: number | null
  currency: string | null
}

/** Every partner (by code) with its target for one quarter or year, a page at a time. */
export async function findTargetSheet(db: Database, options: FindTargetSheetOptions) {
  const page = options.page && options.page >= 1 ? Math.floor(options.page) : 1
  const q = options.q?.trim()
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  const where = pattern
    ? or(ilike(partners.name, pattern), ilike(partners.code, pattern))
    : undefined
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        partnerId: partners.id,
        code: partners.code,
        name: partners.name,
        tier: partners.tier,
        status: partners.status,
        revenueTargetMinor: partnerTargets.revenueTargetMinor,
        registrationsTarget: partnerTargets.registrationsTarget,
        currency: partnerTargets.currency,
      })
      .from(partners)
      .leftJoin(
        partnerTargets,
        and(
          eq(partnerTargets.partnerId, partners.id),
          eq(partnerTargets.periodKind, options.kind),
          eq(partnerTargets.periodStart, sql`${options.periodStart}::date`),
        ),
      )
      .where(where)
      .orderBy(asc(partners.code))
      .limit(targetSheetPageSize)
      .offset((page - 1) * targetSheetPageSize),
    db.select({ total: count() }).from(partners).where(where),
  ])
  const total = Number(counted?.total ?? 0)
  return {
    rows: rows as TargetSheetRow[],
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / targetSheetPageSize)),
  }
}
