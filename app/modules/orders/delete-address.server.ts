import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partnerAddresses } from '#db/schema/orders'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import {
  ensureSomeDefault,
  lockAddress,
  snapshotAddress,
  type AddressActor,
} from './address-writes.server'

export type DeleteAddressOptions = { actor: AddressActor; addressId: string; ip?: string | null }

/**
 * Removes an address from the book. Orders placed to it keep their copy of it; when it was the
 * default, the first remaining address becomes the default.
 */
export async function deleteAddress(db: Database, options: DeleteAddressOptions) {
  const { actor } = options
  return db.transaction(async (tx) => {
    const address = await lockAddress(tx, actor, options.addressId)
    await tx.delete(partnerAddresses).where(eq(partnerAddresses.id, address.id))
    await ensureSomeDefault(tx, actor.partnerId)
    await recordAudit(tx, {
      actor,
      action: 'partner_address.deleted',
      entityType: 'partner_address',
      entityId: address.id,
      partnerId: actor.partnerId,
      before: snapshotAddress(address),
      after: null,
      ip: options.ip,
    })
    return { label: address.label }
  })
}
