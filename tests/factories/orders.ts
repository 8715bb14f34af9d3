import { randomUUID } from 'node:crypto'
import type { Database } from '#db/client.server'
import { partnerAddresses, type NewPartnerAddress } from '#db/schema/orders'
import { addToCart } from '#app/modules/orders/add-to-cart.server'
import { getCart } from '#app/modules/orders/get-cart.server'
import type { CheckoutInput } from '#app/modules/orders/order-rules'
import type { PlaceOrderActor } from '#app/modules/orders/place-order.server'
import { createPartner, ensureRegions, type CreatePartnerOptions } from './partners'
import { uniqueSuffix } from './unique'
import { createUser } from './users'

/** An address in the partner's address book (CN-SOUTH, Guangzhou, unless told otherwise). */
export async function createAddress(
  db: Database,
  values: Partial<Omit<NewPartnerAddress, 'id'>> & { partnerId: string },
) {
  await ensureRegions(db, [values.regionCode ?? 'CN-SOUTH'])
  const [address] = await db
    .insert(partnerAddresses)
    .values({
      label: `Warehouse ${uniqueSuffix()}`,
      recipient: 'Chen Jie',
      phone: '+86 20 8888 0000',
      regionCode: 'CN-SOUTH',
      city: 'Guangzhou',
      line1: '88 Huangpu Avenue',
      postalCode: '510000',
      ...values,
    })
    .returning()
  return address!
}

export type TestBuyer = Awaited<ReturnType<typeof createBuyer>>

/**
 * An active partner with on-account terms (a ¥1,000,000.00 limit unless told) and one buyer of
 * the given role, with one address in its address book.
 */
export async function createBuyer(
  db: Database,
  options: CreatePartnerOptions & { role?: 'partner_user' | 'partner_admin' } = {},
) {
  const { role = 'partner_user', ...partnerOptions } = options
  const partner = await createPartner(db, {
    creditLimitMinor: 1_000_000_00,
    paymentTermsDays: 30,
    regions: ['CN-EAST'],
    ...partnerOptions,
  })
  const user = await createUser(db, { role, partnerId: partner.id })
  const address = await createAddress(db, { partnerId: partner.id })
  const actor: PlaceOrderActor = {
    id: user.id,
    email: user.email,
    locale: null,
    role,
    partnerId: partner.id,
  }
  return { partner, user, address, actor }
}

/** Another buyer of the same partner. */
export async function createColleague(
  db: Database,
  buyer: TestBuyer,
  role: 'partner_user' | 'partner_admin' = 'partner_user',
): Promise<PlaceOrderActor> {
  const user = await createUser(db, { role, partnerId: buyer.partner.id })
  return { id: user.id, email: user.email, locale: null, role, partnerId: buyer.partner.id }
}

/** Puts SKUs in the buyer's cart through the real add-to-cart use case. */
export async function fillCart(
  db: Database,
  actor: { id: string; partnerId: string },
  items: { sku: string; quantity: number }[],
) {
  const result = await addToCart(db, { actor, items })
  if (result.problems.length > 0) {
    throw new Error(`fillCart: ${JSON.stringify(result.problems)}`)
  }
  return result
}

/** A checkout form for the buyer's cart as it is now, on account to the first address. */
export async function checkoutInput(
  db: Database,
  buyer: { actor: PlaceOrderActor; address: { id: string } },
  overrides: Partial<CheckoutInput> = {},
): Promise<CheckoutInput> {
  const cart = await getCart(db, { actor: buyer.actor })
  return {
    idempotencyKey: randomUUID(),
    cartVersion: cart.version,
    shippingAddressId: buyer.address.id,
    paymentMethod: 'on_account',
    poNumber: null,
    requestedDate: null,
    registrationId: null,
    buyerNote: null,
    ...overrides,
  }
}
