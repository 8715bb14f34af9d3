import { and, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners } from '#db/schema/partners'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'

/** A partner user as the catalog prices for them: who acts, for which partner, at which tier. */
export type CatalogActor = {
  userId: string
  email: string
  partnerId: string
  partnerCode: string
  tier: PartnerTier
}

export type GetCatalogActorOptions = {
  user: { id: string; email: string; partnerId: string }
}

/**
 * The signed-in partner user with its partner's current tier, read from the database on every
 * request (a tier change applies to the next page, never to a stale session).
 */
export async function getCatalogActor(
  db: Database,
  options: GetCatalogActorOptions,
): Promise<CatalogActor> {
  const { user } = options
  const [partner] = isUuid(user.partnerId)
    ? await db
        .select({ id: partners.id, code: partners.code, tier: partners.tier })
        .from(partners)
        .where(and(eq(partners.id, user.partnerId), eq(partners.status, 'active')))
        .limit(1)
    : []
  if (!partner) {
    throw new AppError('not_found', {
      message: `no active partner ${user.partnerId}`,
      userMessage: 'errors:notFound.title',
    })
  }
  return {
    userId: user.id,
    email: user.email,
    partnerId: partner.id,
    partnerCode: partner.code,
    tier: partner.tier,
  }
}
