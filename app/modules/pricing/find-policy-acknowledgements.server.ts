import { and, asc, count, eq, inArray, not } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { pricePolicies, pricePolicyAcknowledgements } from '#db/schema/catalog'
import { partners } from '#db/schema/partners'
import { users } from '#db/schema/users'
import type { PartnerKind, PartnerTier } from '#app/modules/partners/partner-rules'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { addressesPartner, hasAcknowledged } from './policy-audience.server'
import { acknowledgementsPageSize, type AcknowledgementFilter } from './price-policy-rules'

export type FindPolicyAcknowledgementsOptions = {
  policyId: string
  show?: AcknowledgementFilter
  page?: number
}

export type PolicyAcknowledgementRow = {
  partner: { id: string; code: string; name: string; tier: PartnerTier; kind: PartnerKind }
  /** Who at the partner acknowledged, first first; empty: not yet. */
  acknowledgements: { userId: string; name: string; email: string; acknowledgedAt: Date }[]
}

export type FindPolicyAcknowledgementsResult = {
  rows: PolicyAcknowledgementRow[]
  /** Rows matching `show`, over every page. */
  total: number
  page: number
  pageCount: number
}

/**
 * The partners a policy addresses (its one partner, or the active partners in its audience
 * tiers), by name, with who acknowledged it and when; `show` narrows to those that have or have
 * not yet. A policy that does not exist is not found.
 */
export async function findPolicyAcknowledgements(
  db: Database,
  options: FindPolicyAcknowledgementsOptions,
): Promise<FindPolicyAcknowledgementsResult> {
  if (!isUuid(options.policyId)) throw notFound()
  const [policy] = await db
    .select({ id: pricePolicies.id })
    .from(pricePolicies)
    .where(eq(pricePolicies.id, options.policyId))
  if (!policy) throw notFound()

  const page = options.page && options.page >= 1 ? Math.floor(options.page) : 1
  const show = options.show ?? 'all'
  const where = and(
    addressesPartner,
    show === 'acknowledged'
      ? hasAcknowledged
      : show === 'pending'
        ? not(hasAcknowledged)
        : undefined,
  )
  const [partnerRows, [counted]] = await Promise.all([
    db
      .select({
        id: partners.id,
        code: partners.code,
        name: partners.name,
        tier: partners.tier,
        kind: partners.kind,
      })
      .from(partners)
      .innerJoin(pricePolicies, eq(pricePolicies.id, policy.id))
      .where(where)
      .orderBy(asc(partners.name), asc(partners.id))
      .limit(acknowledgementsPageSize)
      .offset((page - 1) * acknowledgementsPageSize),
    db
      .select({ total: count() })
      .from(partners)
      .innerJoin(pricePolicies, eq(pricePolicies.id, policy.id))
      .where(where),
  ])

  const acknowledgements =
    partnerRows.length === 0
      ? []
      : await db
          .select({
            partnerId: pricePolicyAcknowledgements.partnerId,
            userId: users.id,
            name: users.name,
            email: users.email,
            acknowledgedAt: pricePolicyAcknowledgements.acknowledgedAt,
          })
          .from(pricePolicyAcknowledgements)
          .innerJoin(users, eq(users.id, pricePolicyAcknowledgements.userId))
          .where(
            and(
              eq(pricePolicyAcknowledgements.policyId, policy.id),
              inArray(
                pricePolicyAcknowledgements.partnerId,
                partnerRows.map((p) => p.id),
              ),
            ),
          )
          .orderBy(asc(pricePolicyAcknowledgements.acknowledgedAt))
  const total = Number(counted?.total ?? 0)
  return {
    rows: partnerRows.map((partner) => ({
      partner,
      acknowledgements: acknowledgements
        .filter((ack) => ack.partnerId === partner.id)
        .map(({ partnerId: _partnerId, ...ack }) => ack),
    })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / acknowledgementsPageSize)),
  }
}

function notFound() {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}
