import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { auditLog } from '#db/schema/audit'
import { orders } from '#db/schema/orders'
import { AddressForm } from '#app/modules/orders/address-rules'
import { createAddress } from '#app/modules/orders/create-address.server'
import { deleteAddress } from '#app/modules/orders/delete-address.server'
import { findAddresses } from '#app/modules/orders/find-addresses.server'
import { placeOrder } from '#app/modules/orders/place-order.server'
import { setDefaultAddress } from '#app/modules/orders/set-default-address.server'
import { updateAddress } from '#app/modules/orders/update-address.server'
import {
  checkoutInput,
  createBuyer,
  createPartner,
  createProduct,
  createUser,
  ensureRegions,
  fillCart,
} from '#tests/factories/index'
import { refusal } from '#tests/modules/deals/partner-side-helpers'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

const input = (overrides: Record<string, string> = {}) =>
  AddressForm.parse({
    label: 'Guangzhou warehouse',
    recipient: 'Huang Zhiqiang',
    phone: '+86 20 8220 6688',
    regionCode: 'CN-SOUTH',
    city: 'Guangzhou',
    line1: '2566 Kaichuang Avenue',
    line2: '',
    postalCode: '510530',
    ...overrides,
  })

async function partnerAdmin() {
  await ensureRegions(database.db, ['CN-SOUTH', 'CN-EAST'])
  const partner = await createPartner(database.db)
  const user = await createUser(database.db, { role: 'partner_admin', partnerId: partner.id })
  return { partner, actor: { id: user.id, email: user.email, partnerId: partner.id } }
}

describe('the address book', () => {
  test('the first address is the default; making another the default leaves exactly one', async () => {
    const { partner, actor } = await partnerAdmin()
    const first = await createAddress(database.db, { actor, input: input() })
    const second = await createAddress(database.db, {
      actor,
      input: input({ label: 'Foshan site', isDefault: 'on' }),
    })
    let book = await findAddresses(database.db, { partnerId: partner.id })
    expect(book.map((a) => [a.label, a.isDefault])).toEqual([
      ['Foshan site', true],
      ['Guangzhou warehouse', false],
    ])
    await setDefaultAddress(database.db, { actor, addressId: first.addressId })
    book = await findAddresses(database.db, { partnerId: partner.id })
    expect(book.filter((a) => a.isDefault).map((a) => a.id)).toEqual([first.addressId])

    await deleteAddress(database.db, { actor, addressId: first.addressId })
    book = await findAddresses(database.db, { partnerId: partner.id })
    expect(book.map((a) => [a.id, a.isDefault])).toEqual([[second.addressId, true]])
    const audit = await database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.partnerId, partner.id))
    expect(audit.map((a) => a.action).sort()).toEqual([
      'partner_address.created',
      'partner_address.created',
      'partner_address.deleted',
      'partner_address.updated',
    ])
  })

  test('bad input is a field error: a taken name, an unknown region, a phone of letters', async () => {
    const { actor } = await partnerAdmin()
    await createAddress(database.db, { actor, input: input() })
    expect(
      await refusal(
        createAddress(database.db, { actor, input: input({ label: 'GUANGZHOU Warehouse' }) }),
      ),
    ).toMatchObject({ field: 'label', userMessage: 'orders:addresses.labelTaken' })
    expect(
      await refusal(
        createAddress(database.db, { actor, input: input({ label: 'X', regionCode: 'MARS' }) }),
      ),
    ).toMatchObject({ field: 'regionCode' })
    const phone = AddressForm.safeParse({ ...input(), phone: 'call me' })
    expect(phone.error?.issues[0]).toMatchObject({
      path: ['phone'],
      message: 'orders:addresses.phoneInvalid',
    })
  })

  test("another partner's address cannot be changed, made default or removed: not found", async () => {
    const owner = await partnerAdmin()
    const intruder = await partnerAdmin()
    const address = await createAddress(database.db, { actor: owner.actor, input: input() })
    // One attempt at a time: started together, a refusal could settle before it is awaited.
    for (const attempt of [
      () =>
        updateAddress(database.db, {
          actor: intruder.actor,
          addressId: address.addressId,
          input: input({ city: 'Elsewhere' }),
        }),
      () => setDefaultAddress(database.db, { actor: intruder.actor, addressId: address.addressId }),
      () => deleteAddress(database.db, { actor: intruder.actor, addressId: address.addressId }),
    ]) {
      expect((await refusal(attempt())).code).toBe('not_found')
    }
    const [kept] = await findAddresses(database.db, { partnerId: owner.partner.id })
    expect(kept).toMatchObject({ city: 'Guangzhou', isDefault: true })
  })

  test('orders keep the address they were placed with when it changes or is removed', async () => {
    const buyer = await createBuyer(database.db)
    const product = await createProduct(database.db, { stock: { onHand: 5 } })
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 1 }])
    const placed = await placeOrder(database.db, {
      actor: buyer.actor,
      input: await checkoutInput(database.db, buyer),
      cardPaymentsEnabled: false,
      origin: 'http://portal.test',
    })
    if (!placed.ok) throw new Error('expected an order')
    const admin = { id: buyer.user.id, email: buyer.user.email, partnerId: buyer.partner.id }
    await updateAddress(database.db, {
      actor: admin,
      addressId: buyer.address.id,
      input: input({ city: 'Shenzhen', regionCode: 'CN-SOUTH' }),
    })
    await deleteAddress(database.db, { actor: admin, addressId: buyer.address.id })
    const [order] = await database.db.select().from(orders).where(eq(orders.id, placed.orderId))
    expect(order!.shippingAddressId).toBeNull()
    expect(order!.shippingAddress.city).toBe('Guangzhou')
  })
})
