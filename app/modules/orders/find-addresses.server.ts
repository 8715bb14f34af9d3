import { asc, desc, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partnerAddresses } from '#db/schema/orders'
import { regions } from '#db/schema/partners'

export type FindAddressesOptions = { partnerId: string }

export type AddressRow = Awaited<ReturnType<typeof findAddresses>>[number]

/** The partner's address book, the default first, then by label; with region names. */
export async function findAddresses(db: Database, options: FindAddressesOptions) {
  return db
    .select({
      id: partnerAddresses.id,
      label: partnerAddresses.label,
      recipient: partnerAddresses.recipient,
      phone: partnerAddresses.phone,
      regionCode: partnerAddresses.regionCode,
      regionNameEn: regions.nameEn,
      regionNameZh: regions.nameZh,
      city: partnerAddresses.city,
      line1: partnerAddresses.line1,
      line2: partnerAddresses.line2,
      postalCode: partnerAddresses.postalCode,
      isDefault: partnerAddresses.isDefault,
    })
    .from(partnerAddresses)
    .innerJoin(regions, eq(regions.code, partnerAddresses.regionCode))
    .where(eq(partnerAddresses.partnerId, options.partnerId))
    .orderBy(
      desc(partnerAddresses.isDefault),
      asc(partnerAddresses.label),
      asc(partnerAddresses.id),
    )
}
