import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { stockLevels } from '#db/schema/catalog'
import { addToCart } from '#app/modules/orders/add-to-cart.server'
import { clearCart } from '#app/modules/orders/clear-cart.server'
import { getCart } from '#app/modules/orders/get-cart.server'
import { importQuickOrder } from '#app/modules/orders/import-quick-order.server'
import { removeCartItem } from '#app/modules/orders/remove-cart-item.server'
import { updateCartItem } from '#app/modules/orders/update-cart-item.server'
import {
  createBuyer,
  createColleague,
  createProduct,
  createProductLine,
  createTierDiscount,
  fillCart,
  updateCatalogSettings,
} from '#tests/factories/index'
import { refusal } from '#tests/modules/deals/partner-side-helpers'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

describe('the cart', () => {
  test('adding a SKU already in the cart adds to its line; unknown and discontinued SKUs are reported, the rest added', async () => {
    const buyer = await createBuyer(database.db)
    const product = await createProduct(database.db, { stock: { onHand: 100 } })
    const retired = await createProduct(database.db, { active: false, stock: { onHand: 5 } })
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 2 }])
    const result = await addToCart(database.db, {
      actor: buyer.actor,
      items: [
        { sku: product.sku.toLowerCase(), quantity: 3 },
        { sku: 'NO-SUCH-SKU', quantity: 1 },
        { sku: retired.sku, quantity: 1 },
      ],
    })
    expect(result.added).toEqual([
      { sku: product.sku, name: product.name, quantity: 3, lineQuantity: 5 },
    ])
    expect(result.problems).toEqual([
      { sku: 'NO-SUCH-SKU', reason: 'sku_unknown' },
      { sku: retired.sku, reason: 'product_inactive' },
    ])
    const cart = await getCart(database.db, { actor: buyer.actor })
    expect(cart.lines.map((l) => [l.sku, l.quantity])).toEqual([[product.sku, 5]])
  })

  test('shows net prices for the partner, and what changed since a line was added', async () => {
    const line = await createProductLine(database.db)
    const buyer = await createBuyer(database.db, { tier: 'silver' })
    const product = await createProduct(database.db, {
      productLineId: line.id,
      listPriceMinor: 1_000_00,
      stock: { onHand: 4 },
    })
    await fillCart(database.db, buyer.actor, [{ sku: product.sku, quantity: 3 }])
    let [row] = (await getCart(database.db, { actor: buyer.actor })).lines
    expect(row).toMatchObject({ unitNetMinor: 1_000_00, priceSource: 'list', notices: [] })

    // The vendor introduces a silver discount and someone else buys most of the stock.
    await createTierDiscount(database.db, {
      tier: 'silver',
      productLineId: line.id,
      discountBps: 2000,
    })
    await database.db
      .update(stockLevels)
      .set({ reserved: 2 })
      .where(eq(stockLevels.productId, product.id))
    const cart = await getCart(database.db, { actor: buyer.actor })
    row = cart.lines[0]
    expect(row).toMatchObject({
      unitNetMinor: 800_00,
      lineTotalMinor: 2_400_00,
      priceSource: 'tier_discount',
      orderable: false,
      notices: [
        { kind: 'price_down', seenUnitNetMinor: 1_000_00 },
        { kind: 'only_available', available: 2 },
      ],
    })
    expect(cart.orderable).toBe(false)

    // The buyer lowers the quantity: that is what they see now, so nothing is flagged.
    await updateCartItem(database.db, { actor: buyer.actor, itemId: row!.itemId, quantity: 2 })
    const after = await getCart(database.db, { actor: buyer.actor })
    expect(after.lines[0]).toMatchObject({ quantity: 2, notices: [], orderable: true })
    expect(after.orderable).toBe(true)
  })

  test('banded availability never shows the count, and an out-of-stock line says when it is back', async () => {
    const buyer = await createBuyer(database.db)
    const low = await createProduct(database.db, { stock: { onHand: 3 } })
    const out = await createProduct(database.db, {
      stock: { onHand: 0, restockDate: '2099-01-15' },
    })
    await fillCart(database.db, buyer.actor, [
      { sku: low.sku, quantity: 5 },
      { sku: out.sku, quantity: 1 },
    ])
    await updateCatalogSettings(database.db, { availabilityDisplay: 'banded' })
    try {
      const cart = await getCart(database.db, { actor: buyer.actor })
      expect(cart.lines.map((l) => [l.availability, l.notices])).toEqual([
        [
          { display: 'banded', available: null, band: 'low', restockDate: null },
          [{ kind: 'only_available', available: null }],
        ],
        [
          { display: 'banded', available: null, band: 'out', restockDate: '2099-01-15' },
          [{ kind: 'out_of_stock', restockDate: '2099-01-15' }],
        ],
      ])
      expect(JSON.stringify(cart)).not.toMatch(/"available":3/)
    } finally {
      await updateCatalogSettings(database.db, { availabilityDisplay: 'exact' })
    }
  })

  test("each user has their own cart: a colleague's line is not found", async () => {
    const buyer = await createBuyer(database.db)
    const colleague = await createColleague(database.db, buyer)
    const product = await createProduct(database.db, { stock: { onHand: 10 } })
    await fillCart(database.db, colleague, [{ sku: product.sku, quantity: 1 }])
    const [theirs] = (await getCart(database.db, { actor: colleague })).lines
    expect((await getCart(database.db, { actor: buyer.actor })).lines).toEqual([])
    const update = await refusal(
      updateCartItem(database.db, { actor: buyer.actor, itemId: theirs!.itemId, quantity: 9 }),
    )
    expect(update.code).toBe('not_found')
    const remove = await refusal(
      removeCartItem(database.db, { actor: buyer.actor, itemId: theirs!.itemId }),
    )
    expect(remove.code).toBe('not_found')
    expect((await getCart(database.db, { actor: colleague })).lines[0]!.quantity).toBe(1)
  })

  test('remove and clear', async () => {
    const buyer = await createBuyer(database.db)
    const a = await createProduct(database.db, { stock: { onHand: 10 } })
    const b = await createProduct(database.db, { stock: { onHand: 10 } })
    await fillCart(database.db, buyer.actor, [
      { sku: a.sku, quantity: 1 },
      { sku: b.sku, quantity: 1 },
    ])
    const [first] = (await getCart(database.db, { actor: buyer.actor })).lines
    await removeCartItem(database.db, { actor: buyer.actor, itemId: first!.itemId })
    expect((await getCart(database.db, { actor: buyer.actor })).lines.map((l) => l.sku)).toEqual([
      b.sku,
    ])
    expect(await clearCart(database.db, { actor: buyer.actor })).toBe(1)
    expect((await getCart(database.db, { actor: buyer.actor })).lines).toEqual([])
  })
})

describe('quick order', () => {
  test('pasted lines: the good ones go to the cart, each bad one is reported by line', async () => {
    const buyer = await createBuyer(database.db)
    const a = await createProduct(database.db, { stock: { onHand: 100 } })
    const b = await createProduct(database.db, { stock: { onHand: 100 } })
    const retired = await createProduct(database.db, { active: false })
    const report = await importQuickOrder(database.db, {
      actor: buyer.actor,
      text: [
        `${a.sku}, 20`,
        'NOPE-1, 2',
        `${b.sku}\t5`,
        `${a.sku}, 1`,
        `${retired.sku}, 1`,
        'x',
      ].join('\n'),
      file: null,
    })
    expect(report.added.map((l) => [l.sku, l.quantity])).toEqual([
      [a.sku, 21],
      [b.sku, 5],
    ])
    expect(report.problems.map((p) => [p.line, p.reason])).toEqual([
      [2, 'sku_unknown'],
      [5, 'product_inactive'],
      [6, 'quantity_missing'],
    ])
    expect(report.mergedLines).toEqual([4])
    const cart = await getCart(database.db, { actor: buyer.actor })
    expect(cart.lines.map((l) => [l.sku, l.quantity])).toEqual([
      [a.sku, 21],
      [b.sku, 5],
    ])
  })

  test('a CSV with a header and a BOM, and one saved by Excel in GBK with Chinese headers', async () => {
    const buyer = await createBuyer(database.db)
    const a = await createProduct(database.db, { stock: { onHand: 100 } })
    const b = await createProduct(database.db, { stock: { onHand: 100 } })
    const utf8 = new TextEncoder().encode(`\uFEFFSKU,Quantity\r\n"${a.sku}",3\r\n${b.sku},x\r\n`)
    const first = await importQuickOrder(database.db, {
      actor: buyer.actor,
      text: '',
      file: { name: 'order.csv', bytes: utf8 },
    })
    expect(first.source).toBe('file')
    expect(first.headerSkipped).toBe(true)
    expect(first.added.map((l) => [l.sku, l.quantity])).toEqual([[a.sku, 3]])
    expect(first.problems).toEqual([{ line: 3, text: `${b.sku}, x`, reason: 'quantity_invalid' }])

    // "型号,数量" and the rows, encoded as GB 18030 (GBK) bytes.
    const gbk = Buffer.concat([
      Buffer.from([0xd0, 0xcd, 0xba, 0xc5, 0x2c, 0xca, 0xfd, 0xc1, 0xbf, 0x0d, 0x0a]),
      Buffer.from(`${b.sku},7\r\n`),
    ])
    const second = await importQuickOrder(database.db, {
      actor: buyer.actor,
      text: `${a.sku}, 99`,
      file: { name: '订单.csv', bytes: new Uint8Array(gbk) },
    })
    expect(second.headerSkipped).toBe(true)
    expect(second.added.map((l) => [l.sku, l.quantity])).toEqual([[b.sku, 7]])
    const cart = await getCart(database.db, { actor: buyer.actor })
    expect(cart.lines.map((l) => [l.sku, l.quantity])).toEqual([
      [a.sku, 3],
      [b.sku, 7],
    ])
  })

  test('an unreadable file or an empty paste is a field error and adds nothing', async () => {
    const buyer = await createBuyer(database.db)
    const broken = await refusal(
      importQuickOrder(database.db, {
        actor: buyer.actor,
        text: '',
        file: { name: 'x.csv', bytes: new TextEncoder().encode('a,b\n"unterminated,1\nc,2') },
      }),
    )
    expect(broken).toMatchObject({ field: 'file', userMessage: 'orders:quickOrder.fileUnreadable' })
    const empty = await refusal(
      importQuickOrder(database.db, { actor: buyer.actor, text: ' \n\n', file: null }),
    )
    expect(empty).toMatchObject({ field: 'text', userMessage: 'orders:quickOrder.nothingToAdd' })
    expect((await getCart(database.db, { actor: buyer.actor })).lines).toEqual([])
  })
})
