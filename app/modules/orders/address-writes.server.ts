import { and, asc, eq, ne } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partnerAddresses, type PartnerAddress } from '#db/schema/orders'
import { regions } from '#db/schema/partners'
import { AppError, constraintOf, sqlStateOf } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'

/** Who keeps a partner's address book: a partner admin, for its own partner. */
export type AddressActor = { id: string; email: string; partnerId: string }

export const addressNotFound = () =>
  new AppError('not_found', { userMessage: 'orders:addresses.notFound' })

/** The address, locked, when it belongs to the actor's partner; else not found. */
export async function lockAddress(
  tx: Database,
  actor: AddressActor,
  addressId: string,
): Promise<PartnerAddress> {
  if (!isUuid(addressId)) throw addressNotFound()
  const [address] = await tx
    .select()
    .from(partnerAddresses)
    .where(and(eq(partnerAddresses.id, addressId), eq(partnerAddresses.partnerId, actor.partnerId)))
    .for('update')
  if (!address) throw addressNotFound()
  return address
}

export async function assertRegion(db: Database, regionCode: string) {
  const [region] = await db
    .select({ code: regions.code })
    .from(regions)
    .where(eq(regions.code, regionCode))
  if (!region) {
    throw new AppError('invalid', { userMessage: 'validation:invalidChoice', field: 'regionCode' })
  }
}

/** Makes `addressId` the partner's only default (the partial unique index allows one). */
export async function setOnlyDefault(tx: Database, partnerId: string, addressId: string) {
  await tx
    .update(partnerAddresses)
    .set({ isDefault: false })
    .where(
      and(
        eq(partnerAddresses.partnerId, partnerId),
        eq(partnerAddresses.isDefault, true),
        ne(partnerAddresses.id, addressId),
      ),
    )
  await tx
    .update(partnerAddresses)
    .set({ isDefault: true })
    .where(eq(partnerAddresses.id, addressId))
}

/** When the partner has addresses but no default, the first by label becomes it. */
export async function ensureSomeDefault(tx: Database, partnerId: string) {
  const rows = await tx
    .select({ id: partnerAddresses.id, isDefault: partnerAddresses.isDefault })
    .from(partnerAddresses)
    .where(eq(partnerAddresses.partnerId, partnerId))
    .orderBy(asc(partnerAddresses.label))
  if (rows.length > 0 && !rows.some((row) => row.isDefault)) {
    await setOnlyDefault(tx, partnerId, rows[0]!.id)
  }
}

/** A duplicate label is a field error, like any other bad input. */
export function toAddressFieldError(error: unknown): unknown {
  if (sqlStateOf(error) === '23505' && constraintOf(error) === 'partner_addresses_label_key') {
    return new AppError('invalid', { userMessage: 'orders:addresses.labelTaken', field: 'label' })
  }
  if (sqlStateOf(error) === '23503') {
    return new AppError('invalid', { userMessage: 'validation:invalidChoice', field: 'regionCode' })
  }
  return error
}

export function snapshotAddress(address: PartnerAddress) {
  const { id: _id, partnerId: _partner, createdAt: _c, updatedAt: _u, ...rest } = address
  return rest
}
