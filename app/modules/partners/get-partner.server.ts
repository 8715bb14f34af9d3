import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners, type Partner } from '#db/schema/partners'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'

export type GetPartnerOptions = { partnerId: string }

/** One partner by id, or a not-found error (also for ids that are not UUIDs). */
export async function getPartner(db: Database, options: GetPartnerOptions): Promise<Partner> {
  const partner = isUuid(options.partnerId)
    ? (await db.select().from(partners).where(eq(partners.id, options.partnerId)).limit(1))[0]
    : undefined
  if (!partner) throw new AppError('not_found', { userMessage: 'errors:notFound.title' })
  return partner
}
