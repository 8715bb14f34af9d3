import { and, asc, count, desc, eq, gt, inArray, isNull } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { auditLog } from '#db/schema/audit'
import { emailOutbox } from '#db/schema/outbox'
import { partners, partnerTiers, type PartnerTier } from '#db/schema/partners'
import { invitations, users } from '#db/schema/users'

export type GetAdminHomeOptions = {
  /** The signed-in vendor staff member: "my partners" are the ones they manage. */
  actor: { id: string }
  /** How many of the actor's partners to list (the count covers all of them). */
  myPartnersLimit?: number
  activityLimit?: number
}

export type AdminHomeActivity = {
  id: number
  createdAt: Date
  action: string
  entityType: string
  entityId: string
  actorName: string | null
  actorEmail: string | null
  partnerId: string | null
  partnerName: string | null
}

export type AdminHome = {
  counts: {
    activePartners: number
    suspendedPartners: number
    /** Active partners only, so the tiers add up to activePartners. */
    activePartnersByTier: Record<PartnerTier, number>
    activePartnerUsers: number
    /** Invitations neither accepted, revoked nor expired. */
    pendingInvitations: number
    /** E-mails in the outbox still waiting to be sent. */
    outboxPending: number
  }
  myPartners: {
    total: number
    list: {
      id: string
      name: string
      code: string
      tier: PartnerTier
      status: 'active' | 'suspended'
    }[]
  }
  recentActivity: AdminHomeActivity[]
}

/** The vendor staff home: channel-wide counts, the actor's own partners and the latest changes. */
export async function getAdminHome(db: Database, options: GetAdminHomeOptions): Promise<AdminHome> {
  const now = new Date()
  const [partnerGroups, [partnerUserCount], [invites], [outbox], [mine], myList, recentActivity] =
    await Promise.all([
      db
        .select({ status: partners.status, tier: partners.tier, total: count() })
        .from(partners)
        .groupBy(partners.status, partners.tier),
      db
        .select({ total: count() })
        .from(users)
        .where(
          and(inArray(users.role, ['partner_user', 'partner_admin']), eq(users.status, 'active')),
        ),
      db
        .select({ total: count() })
        .from(invitations)
        .where(
          and(
            isNull(invitations.acceptedAt),
            isNull(invitations.revokedAt),
            gt(invitations.expiresAt, now),
          ),
        ),
      db.select({ total: count() }).from(emailOutbox).where(eq(emailOutbox.status, 'pending')),
      db
        .select({ total: count() })
        .from(partners)
        .where(eq(partners.channelManagerId, options.actor.id)),
      db
        .select({
          id: partners.id,
          name: partners.name,
          code: partners.code,
          tier: partners.tier,
          status: partners.status,
        })
        .from(partners)
        .where(eq(partners.channelManagerId, options.actor.id))
        .orderBy(asc(partners.name))
        .limit(options.myPartnersLimit ?? 6),
      db
        .select({
          id: auditLog.id,
          createdAt: auditLog.createdAt,
          action: auditLog.action,
          entityType: auditLog.entityType,
          entityId: auditLog.entityId,
          actorName: users.name,
          actorEmail: auditLog.actorEmail,
          partnerId: auditLog.partnerId,
          partnerName: partners.name,
        })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorUserId))
        .leftJoin(partners, eq(partners.id, auditLog.partnerId))
        .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
        .limit(options.activityLimit ?? 10),
    ])

  const activePartnersByTier = Object.fromEntries(partnerTiers.map((tier) => [tier, 0])) as Record<
    PartnerTier,
    number
  >
  let activePartners = 0
  let suspendedPartners = 0
  for (const group of partnerGroups) {
    if (group.status === 'active') {
      activePartners += group.total
      activePartnersByTier[group.tier] += group.total
    } else {
      suspendedPartners += group.total
    }
  }

  return {
    counts: {
      activePartners,
      suspendedPartners,
      activePartnersByTier,
      activePartnerUsers: partnerUserCount.total,
      pendingInvitations: invites.total,
      outboxPending: outbox.total,
    },
    myPartners: { total: mine.total, list: myList },
    recentActivity,
  }
}
