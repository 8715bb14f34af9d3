import type { Database } from '#db/client.server'
import { partnerAddresses } from '#db/schema/orders'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import type { AddressInput } from './address-rules'
import {
  assertRegion,
  ensureSomeDefault,
  setOnlyDefault,
  snapshotAddress,
  toAddressFieldError,
  type AddressActor,
} from './address-writes.server'

export type CreateAddressOptions = { actor: AddressActor; input: AddressInput; ip?: string | null }

/** Adds an address to the actor's partner's address book; the first one becomes the default. */
export async function createAddress(db: Database, options: CreateAddressOptions) {
  const { actor, input } = options
  await assertRegion(db, input.regionCode)
  try {
    return await db.transaction(async (tx) => {
      const [address] = await tx
        .insert(partnerAddresses)
        .values({ ...input, isDefault: false, partnerId: actor.partnerId })
        .returning()
      if (input.isDefault) await setOnlyDefault(tx, actor.partnerId, address!.id)
      else await ensureSomeDefault(tx, actor.partnerId)
      await recordAudit(tx, {
        actor,
        action: 'partner_address.created',
        entityType: 'partner_address',
        entityId: address!.id,
        partnerId: actor.partnerId,
        after: { ...snapshotAddress(address!), isDefault: input.isDefault },
        ip: options.ip,
      })
      return { addressId: address!.id, label: address!.label }
    })
  } catch (error) {
    throw toAddressFieldError(error)
  }
}
