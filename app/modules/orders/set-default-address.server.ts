import type { Database } from '#db/client.server'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { lockAddress, setOnlyDefault, type AddressActor } from './address-writes.server'

export type SetDefaultAddressOptions = {
  actor: AddressActor
  addressId: string
  ip?: string | null
}

/** Makes an address the one checkout picks first. */
export async function setDefaultAddress(db: Database, options: SetDefaultAddressOptions) {
  const { actor } = options
  return db.transaction(async (tx) => {
    const address = await lockAddress(tx, actor, options.addressId)
    if (!address.isDefault) {
      await setOnlyDefault(tx, actor.partnerId, address.id)
      await recordAudit(tx, {
        actor,
        action: 'partner_address.updated',
        entityType: 'partner_address',
        entityId: address.id,
        partnerId: actor.partnerId,
        before: { isDefault: false },
        after: { isDefault: true },
        ip: options.ip,
      })
    }
    return { label: address.label }
  })
}
