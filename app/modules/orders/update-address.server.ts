import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partnerAddresses } from '#db/schema/orders'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import type { AddressInput } from './address-rules'
import {
  assertRegion,
  ensureSomeDefault,
  lockAddress,
  setOnlyDefault,
  snapshotAddress,
  toAddressFieldError,
  type AddressActor,
} from './address-writes.server'

export type UpdateAddressOptions = {
  actor: AddressActor
  addressId: string
  input: AddressInput
  ip?: string | null
}

/**
 * Changes an address of the actor's partner. Orders already placed keep the address they were
 * placed with (a snapshot); another partner's address is not found.
 */
export async function updateAddress(db: Database, options: UpdateAddressOptions) {
  const { actor, input } = options
  await assertRegion(db, input.regionCode)
  try {
    return await db.transaction(async (tx) => {
      const before = await lockAddress(tx, actor, options.addressId)
      const { isDefault, ...fields } = input
      const [after] = await tx
        .update(partnerAddresses)
        .set({ ...fields, ...(isDefault ? {} : { isDefault: false }) })
        .where(eq(partnerAddresses.id, before.id))
        .returning()
      if (isDefault) await setOnlyDefault(tx, actor.partnerId, before.id)
      else await ensureSomeDefault(tx, actor.partnerId)
      await recordAudit(tx, {
        actor,
        action: 'partner_address.updated',
        entityType: 'partner_address',
        entityId: before.id,
        partnerId: actor.partnerId,
        before: snapshotAddress(before),
        after: { ...snapshotAddress(after!), isDefault },
        ip: options.ip,
      })
      return { addressId: before.id, label: after!.label }
    })
  } catch (error) {
    throw toAddressFieldError(error)
  }
}
