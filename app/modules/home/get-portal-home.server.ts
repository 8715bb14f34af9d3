import { and, asc, count, desc, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { auditLog } from '#db/schema/audit'
import {
  partners,
  partnerTerritories,
  regions,
  type PartnerKind,
  type PartnerTier,
} from '#db/schema/partners'
import { users } from '#db/schema/users'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'

export type GetPortalHomeOptions = {
  /** The acting user's partner: everything on the page is read through it. */
  partnerId: string
  /** How many recent audit events to show. */
  activityLimit?: number
}

export type HomeActivity = {
  id: number
  createdAt: Date
  action: string
  entityType: string
  actorName: string | null
  actorEmail: string | null
}

export type PortalHome = {
  partner: {
    name: string
    code: string
    kind: PartnerKind
    tier: PartnerTier
    status: 'active' | 'suspended'
    creditLimitMinor: number
    currency: string
    paymentTermsDays: number
  }
  territories: { code: string; nameEn: string; nameZh: string; industries: string[] }[]
  channelManager: { name: string; email: string } | null
  activeTeamMembers: number
  recentActivity: HomeActivity[]
}

/** What a partner's own home page shows; every query is filtered by the actor's partner. */
export async function getPortalHome(
  db: Database,
  options: GetPortalHomeOptions,
): Promise<PortalHome> {
  const { partnerId } = options
  const partner = isUuid(partnerId)
    ? (
        await db
          .select({
            name: partners.name,
            code: partners.code,
            kind: partners.kind,
            tier: partners.tier,
            status: partners.status,
            creditLimitMinor: partners.creditLimitMinor,
            currency: partners.currency,
            paymentTermsDays: partners.paymentTermsDays,
            channelManagerName: users.name,
            channelManagerEmail: users.email,
          })
          .from(partners)
          .leftJoin(users, and(eq(users.id, partners.channelManagerId), eq(users.status, 'active')))
          .where(eq(partners.id, partnerId))
          .limit(1)
      )[0]
    : undefined
  if (!partner) throw new AppError('not_found', { userMessage: 'errors:notFound.title' })

  const [territories, [{ activeTeamMembers }], recentActivity] = await Promise.all([
    db
      .select({
        code: regions.code,
        nameEn: regions.nameEn,
        nameZh: regions.nameZh,
        industries: partnerTerritories.industries,
      })
      .from(partnerTerritories)
      .innerJoin(regions, eq(regions.code, partnerTerritories.regionCode))
      .where(eq(partnerTerritories.partnerId, partnerId))
      .orderBy(asc(regions.code)),
    db
      .select({ activeTeamMembers: count() })
      .from(users)
      .where(and(eq(users.partnerId, partnerId), eq(users.status, 'active'))),
    db
      .select({
        id: auditLog.id,
        createdAt: auditLog.createdAt,
        action: auditLog.action,
        entityType: auditLog.entityType,
        actorName: users.name,
        actorEmail: auditLog.actorEmail,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorUserId))
      .where(eq(auditLog.partnerId, partnerId))
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(options.activityLimit ?? 10),
  ])

  const { channelManagerName, channelManagerEmail, ...rest } = partner
  return {
    partner: rest,
    territories,
    channelManager:
      channelManagerName && channelManagerEmail
        ? { name: channelManagerName, email: channelManagerEmail }
        : null,
    activeTeamMembers,
    recentActivity,
  }
}
