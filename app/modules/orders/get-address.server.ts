import { and, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partnerAddresses, type PartnerAddress } from '#db/schema/orders'
import { isUuid } from '#app/utils/ids'
import { addressNotFound } from './address-writes.server'

export type GetAddressOptions = { partnerId: string; addressId: string }

/** One address of the partner's book; another partner's (or a junk id) is not found. */
export async function getAddress(
  db: Database,
  options: GetAddressOptions,
): Promise<PartnerAddress> {
  if (!isUuid(options.addressId)) throw addressNotFound()
  const [address] = await db
    .select()
    .from(partnerAddresses)
    .where(
      and(
        eq(partnerAddresses.id, options.addressId),
        eq(partnerAddresses.partnerId, options.partnerId),
      ),
    )
  if (!address) throw addressNotFound()
  return address
}
