import { and, asc, count, desc, eq, exists, ilike, isNull, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '#db/client.server'
import { partners, partnerTerritories } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { partnersPageSize, type PartnerListQuery } from './partner-rules'

export type FindPartnersOptions = {
  /** The vendor staff member looking; "mine" means partners this user manages. */
  actor: { id: string }
  query: PartnerListQuery
}

export type PartnerListRow = {
  id: string
  code: string
  name: string
  kind: (typeof partners.$inferSelect)['kind']
  tier: (typeof partners.$inferSelect)['tier']
  status: (typeof partners.$inferSelect)['status']
  currency: string
  creditLimitMinor: number
  paymentTermsDays: number
  channelManagerId: string | null
  channelManagerName: string | null
  regionCodes: string[]
  userCount: number
  createdAt: Date
}

export type FindPartnersResult = {
  partners: PartnerListRow[]
  total: number
  page: number
  pageSize: number
  pageCount: number
}

/** LIKE treats % and _ as wildcards; a search for "50%" means the characters. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/**
 * One page (25) of partners for vendor staff: search by name or code, filters by kind, tier,
 * status, region and channel manager, sorted by name, code or creation date. `total` counts
 * every match, not just the page.
 */
export async function findPartners(
  db: Database,
  options: FindPartnersOptions,
): Promise<FindPartnersResult> {
  const { query, actor } = options
  const conditions: (SQL | undefined)[] = []
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`
    conditions.push(or(ilike(partners.name, pattern), ilike(partners.code, pattern)))
  }
  if (query.kind) conditions.push(eq(partners.kind, query.kind))
  if (query.tier) conditions.push(eq(partners.tier, query.tier))
  if (query.status) conditions.push(eq(partners.status, query.status))
  if (query.region) {
    conditions.push(
      exists(
        db
          .select({ one: sql`1` })
          .from(partnerTerritories)
          .where(
            and(
              eq(partnerTerritories.partnerId, partners.id),
              eq(partnerTerritories.regionCode, query.region),
            ),
          ),
      ),
    )
  }
  if (query.manager === 'mine') conditions.push(eq(partners.channelManagerId, actor.id))
  else if (query.manager === 'none') conditions.push(isNull(partners.channelManagerId))
  else if (query.manager) conditions.push(eq(partners.channelManagerId, query.manager))
  const where = and(...conditions)

  const direction = query.dir === 'desc' ? desc : asc
  const sortColumn =
    query.sort === 'code'
      ? partners.code
      : query.sort === 'created'
        ? partners.createdAt
        : sql`lower(${partners.name})`
  const manager = alias(users, 'manager')
  const offset = (query.page - 1) * partnersPageSize

  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: partners.id,
        code: partners.code,
        name: partners.name,
        kind: partners.kind,
        tier: partners.tier,
        status: partners.status,
        currency: partners.currency,
        creditLimitMinor: partners.creditLimitMinor,
        paymentTermsDays: partners.paymentTermsDays,
        channelManagerId: partners.channelManagerId,
        channelManagerName: manager.name,
        regionCodes: sql<string[]>`array(
          select ${partnerTerritories.regionCode} from ${partnerTerritories}
          where ${partnerTerritories.partnerId} = ${partners.id}
          order by ${partnerTerritories.regionCode})`,
        userCount: sql<number>`(select count(*) from ${users} where ${users.partnerId} = ${partners.id})::int`,
        createdAt: partners.createdAt,
      })
      .from(partners)
      .leftJoin(manager, eq(manager.id, partners.channelManagerId))
      .where(where)
      .orderBy(direction(sortColumn), direction(partners.id))
      .limit(partnersPageSize)
      .offset(offset),
    db.select({ total: count() }).from(partners).where(where),
  ])
  const total = Number(counted?.total ?? 0)
  return {
    partners: rows.map((row) => ({ ...row, userCount: Number(row.userCount) })),
    total,
    page: query.page,
    pageSize: partnersPageSize,
    pageCount: Math.max(1, Math.ceil(total / partnersPageSize)),
  }
}
