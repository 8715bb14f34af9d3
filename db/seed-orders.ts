/**
 * Demo ordering data (DESIGN.md §3): address books (Eastbridge and Pearl River have two addresses
 * each, the other active partners one), and a few past orders that have already shipped or been
 * delivered, priced by the same rules as checkout, with their history. The past orders hold no
 * stock (their units left the warehouses before the demo's stock figures), so the catalog's
 * availability is exactly what db/seed-catalog.ts says. Deterministic: stable ids.
 */
import { inArray } from 'drizzle-orm'
import { addDays, todayInShanghai } from '#app/modules/deals/deal-rules'
import { nextOrderNumber } from '#app/modules/orders/order-number.server'
import { findPriceRules, priceWithRules } from '#app/modules/pricing/find-price-rules.server'
import type { Database } from './client.server'
import { auditLog } from './schema/audit'
import { products } from './schema/catalog'
import {
  orderAllocations,
  orderEvents,
  orderLines,
  orders,
  partnerAddresses,
  type NewPartnerAddress,
  type ShippingAddressSnapshot,
} from './schema/orders'
import { seedProductId, seedWarehouses } from './seed-catalog'
import { stableUuid, type SeedData } from './seed-data'

type AddressSpec = Omit<NewPartnerAddress, 'id' | 'partnerId'> & { key: string }

/** Explicit addresses for the partners with memorable demo logins, by partner code. */
const explicit: Record<string, AddressSpec[]> = {
  'P-0001': [
    {
      key: 'jiading',
      label: 'Shanghai Jiading warehouse',
      recipient: 'Zhang Wei',
      phone: '+86 21 5990 1200',
      regionCode: 'CN-EAST',
      city: 'Shanghai',
      line1: '1288 Huyi Highway, Jiading District',
      line2: 'Building 3, dock 2',
      postalCode: '201800',
      isDefault: true,
    },
    {
      key: 'suzhou',
      label: 'Suzhou project site',
      recipient: 'Sun Li',
      phone: '+86 512 6288 7710',
      regionCode: 'CN-EAST',
      city: 'Suzhou',
      line1: '66 Xinghu Street, Suzhou Industrial Park',
      line2: null,
      postalCode: '215123',
      isDefault: false,
    },
  ],
  'P-0002': [
    {
      key: 'huangpu',
      label: '广州黄埔仓库',
      recipient: '黄志强',
      phone: '+86 20 8220 6688',
      regionCode: 'CN-SOUTH',
      city: '广州市',
      line1: '黄埔区开创大道 2566 号',
      line2: '5 号仓 2 楼',
      postalCode: '510530',
      isDefault: true,
    },
    {
      key: 'shunde',
      label: '佛山顺德客户现场',
      recipient: '林晓燕',
      phone: '+86 757 2266 3301',
      regionCode: 'CN-SOUTH',
      city: '佛山市',
      line1: '顺德区北滘镇工业大道 18 号',
      line2: null,
      postalCode: '528311',
      isDefault: false,
    },
  ],
}

/** A city per region for the generated addresses: [English, Chinese, postal code]. */
const regionCities: Record<string, [string, string, string]> = {
  'CN-EAST': ['Hangzhou', '杭州市', '310000'],
  'CN-NORTH': ['Tianjin', '天津市', '300000'],
  'CN-SOUTH': ['Shenzhen', '深圳市', '518000'],
  'CN-CENTRAL': ['Wuhan', '武汉市', '430000'],
  'CN-NE': ['Shenyang', '沈阳市', '110000'],
  'CN-NW': ["Xi'an", '西安市', '710000'],
  'CN-SW': ['Chengdu', '成都市', '610000'],
  'CN-WEST': ['Urumqi', '乌鲁木齐市', '830000'],
  HK: ['Kowloon', '九龙', ''],
  SG: ['Singapore', '新加坡', '569933'],
}

/** The default address of every other active partner: its main warehouse in its first region. */
function generated(partner: SeedData['partners'][number]): AddressSpec {
  const zh = /[\u4e00-\u9fff]/.test(partner.name)
  const regionCode = partner.territories[0]!.regionCode
  const [cityEn, cityZh, postalCode] = regionCities[regionCode] ?? ['Shanghai', '上海市', '200000']
  return {
    key: 'main',
    label: zh ? '主仓库' : 'Main warehouse',
    recipient: zh ? '仓库收货组' : 'Goods inwards',
    phone: '+86 400 820 1234',
    regionCode,
    city: zh ? cityZh : cityEn,
    line1: zh ? '经济技术开发区物流园 8 号' : '8 Logistics Park Road, Economic Development Zone',
    line2: null,
    postalCode,
    isDefault: true,
  }
}

export const seedAddressId = (partnerCode: string, key: string) =>
  stableUuid(`address:${partnerCode}:${key}`)

type PastOrderSpec = {
  key: string
  partnerCode: string
  buyerEmail: string
  addressKey: string
  poNumber: string | null
  /** Days before seeding that it was placed, confirmed, shipped and (when set) delivered. */
  days: { placed: number; confirmed: number; shipped: number; delivered?: number }
  carrier: string
  trackingNumber: string
  /** Paid on account (delivered orders) or still open (counts against the credit limit). */
  paid: boolean
  lines: { sku: string; quantity: number }[]
}

const pastOrders: PastOrderSpec[] = [
  {
    key: 'eb-framework',
    partnerCode: 'P-0001',
    buyerEmail: 'sales@eastbridge.example',
    addressKey: 'jiading',
    poNumber: 'EB-PO-24117',
    days: { placed: 46, confirmed: 45, shipped: 43, delivered: 41 },
    carrier: 'SF Express',
    trackingNumber: 'SF1402889317264',
    paid: true,
    // A contract price, a gold volume break and the gold tier discount, side by side.
    lines: [
      { sku: 'HT-PLC-100', quantity: 12 },
      { sku: 'HT-PLC-200', quantity: 10 },
      { sku: 'HT-IO-DI16', quantity: 24 },
    ],
  },
  {
    key: 'eb-packaging-line',
    partnerCode: 'P-0001',
    buyerEmail: 'sales@eastbridge.example',
    addressKey: 'suzhou',
    poNumber: 'EB-PO-24163',
    days: { placed: 6, confirmed: 5, shipped: 3 },
    carrier: 'SF Express',
    trackingNumber: 'SF1402901150338',
    paid: false,
    lines: [
      { sku: 'HT-SV-0075', quantity: 4 },
      { sku: 'HT-SM-0075', quantity: 4 },
      { sku: 'HT-HMI-7', quantity: 2 },
    ],
  },
  {
    key: 'pr-sensors',
    partnerCode: 'P-0002',
    buyerEmail: 'sales@pearlriver.example',
    addressKey: 'huangpu',
    poNumber: 'ZJ-2026-087',
    days: { placed: 21, confirmed: 20, shipped: 19, delivered: 17 },
    carrier: '德邦快递',
    trackingNumber: 'DPK300184552617',
    paid: true,
    lines: [
      { sku: 'HT-PX-M12', quantity: 60 },
      { sku: 'HT-CB-M12-5', quantity: 60 },
      { sku: 'HT-PE-DR', quantity: 10 },
    ],
  },
]

export const seedOrderId = (key: string) => stableUuid(`order:${key}`)

/** Inserts the demo address books and past orders. `data` is the demo set inserted before. */
export async function insertDemoOrders(db: Database, data: SeedData, now: Date): Promise<void> {
  const rows: NewPartnerAddress[] = data.partners
    .filter((partner) => partner.status === 'active' && partner.territories.length > 0)
    .flatMap((partner) =>
      (explicit[partner.code] ?? [generated(partner)]).map(({ key, ...address }) => ({
        ...address,
        id: seedAddressId(partner.code, key),
        partnerId: partner.id,
      })),
    )
  await db.insert(partnerAddresses).values(rows)

  // Oldest first, so order numbers follow the dates.
  for (const spec of [...pastOrders].sort((a, b) => b.days.placed - a.days.placed)) {
    await insertPastOrder(db, data, spec, now)
  }
}

/** One past order as placing, confirming, shipping and delivering it would have left it. */
async function insertPastOrder(db: Database, data: SeedData, spec: PastOrderSpec, now: Date) {
  const fail = (problem: string): never => {
    throw new Error(`seed order ${spec.key}: ${problem}`)
  }
  const partner = data.partners.find((p) => p.code === spec.partnerCode) ?? fail('unknown partner')
  const buyer = data.partnerUsers.find((u) => u.email === spec.buyerEmail) ?? fail('unknown buyer')
  const manager =
    data.staff.find((u) => u.email === partner.channelManagerEmail) ?? fail('no channel manager')
  const address =
    explicit[spec.partnerCode]?.find((a) => a.key === spec.addressKey) ?? fail('unknown address')
  const at = (days: number) => addDays(now, -days)
  const placedAt = at(spec.days.placed)

  const productIds = spec.lines.map((line) => seedProductId(line.sku))
  const rules = await findPriceRules(db, {
    partner: { id: partner.id, tier: partner.tier },
    productIds,
    date: todayInShanghai(placedAt),
  })
  const catalog = new Map(
    (
      await db
        .select({ id: products.id, name: products.name, unit: products.unit })
        .from(products)
        .where(inArray(products.id, productIds))
    ).map((row) => [row.id, row]),
  )
  const priced = spec.lines.map((line) => {
    const productId = seedProductId(line.sku)
    const price = priceWithRules(rules, productId, line.quantity) ?? fail(`no price ${line.sku}`)
    return { ...line, productId, price, product: rules.products.get(productId)! }
  })
  const subtotalMinor = priced.reduce((sum, line) => sum + line.price.lineTotalMinor, 0)
  const listTotalMinor = priced.reduce(
    (sum, line) => sum + line.price.listPriceMinor * line.quantity,
    0,
  )

  const orderId = seedOrderId(spec.key)
  const delivered = spec.days.delivered !== undefined
  const status = delivered ? 'delivered' : 'shipped'
  const shippingAddress: ShippingAddressSnapshot = {
    label: address.label,
    recipient: address.recipient,
    phone: address.phone,
    regionCode: address.regionCode,
    city: address.city,
    line1: address.line1,
    line2: address.line2 ?? null,
    postalCode: address.postalCode ?? '',
  }
  const number = await nextOrderNumber(db, placedAt)
  const lastDay = spec.days.delivered ?? spec.days.shipped
  await db.insert(orders).values({
    id: orderId,
    number,
    partnerId: partner.id,
    placedById: buyer.id,
    status,
    paymentMethod: 'on_account',
    paymentStatus: spec.paid ? 'paid' : 'unpaid',
    poNumber: spec.poNumber,
    shippingAddressId: seedAddressId(spec.partnerCode, spec.addressKey),
    shippingAddress,
    currency: 'CNY',
    listTotalMinor,
    subtotalMinor,
    totalMinor: subtotalMinor,
    idempotencyKey: `seed-${spec.key}`,
    carrier: spec.carrier,
    trackingNumber: spec.trackingNumber,
    placedAt,
    submittedAt: placedAt,
    confirmedAt: at(spec.days.confirmed),
    shippedAt: at(spec.days.shipped),
    deliveredAt: delivered ? at(spec.days.delivered!) : null,
    paidAt: spec.paid ? at(lastDay) : null,
    createdAt: placedAt,
    updatedAt: at(lastDay),
  })
  const lines = priced.map((line, index) => ({
    id: stableUuid(`order-line:${spec.key}:${index + 1}`),
    orderId,
    lineNo: index + 1,
    productId: line.productId,
    productLineId: line.product.productLineId,
    sku: line.sku,
    name: catalog.get(line.productId)!.name,
    unit: catalog.get(line.productId)!.unit,
    quantity: line.quantity,
    listUnitMinor: line.price.listPriceMinor,
    netUnitMinor: line.price.unitNetMinor,
    lineTotalMinor: line.price.lineTotalMinor,
    priceSource: line.price.source,
    priceSteps: line.price.steps,
    createdAt: placedAt,
  }))
  await db.insert(orderLines).values(lines)
  // Shipped from the first warehouse: those units are gone from the demo's stock already.
  await db.insert(orderAllocations).values(
    lines.map((line) => ({
      orderLineId: line.id,
      orderId,
      productId: line.productId,
      warehouseId: seedWarehouses[0]!.id,
      quantity: line.quantity,
      status: 'shipped' as const,
      createdAt: placedAt,
      shippedAt: at(spec.days.shipped),
    })),
  )

  const events: (typeof orderEvents.$inferInsert)[] = [
    { orderId, actorUserId: buyer.id, type: 'placed', toStatus: 'submitted', createdAt: placedAt },
    {
      orderId,
      actorUserId: manager.id,
      type: 'confirmed',
      fromStatus: 'submitted',
      toStatus: 'confirmed',
      createdAt: at(spec.days.confirmed),
    },
    {
      orderId,
      actorUserId: manager.id,
      type: 'shipped',
      fromStatus: 'confirmed',
      toStatus: 'shipped',
      details: { carrier: spec.carrier, trackingNumber: spec.trackingNumber },
      createdAt: at(spec.days.shipped),
    },
  ]
  if (delivered) {
    events.push({
      orderId,
      actorUserId: manager.id,
      type: 'delivered',
      fromStatus: 'shipped',
      toStatus: 'delivered',
      createdAt: at(spec.days.delivered!),
    })
  }
  if (spec.paid) {
    events.push({ orderId, actorUserId: manager.id, type: 'paid', createdAt: at(lastDay) })
  }
  await db.insert(orderEvents).values(events)
  await db.insert(auditLog).values({
    actorUserId: buyer.id,
    actorEmail: buyer.email,
    partnerId: partner.id,
    action: 'order.placed',
    entityType: 'order',
    entityId: orderId,
    after: {
      number,
      status: 'submitted',
      paymentMethod: 'on_account',
      totalMinor: subtotalMinor,
      currency: 'CNY',
      lines: lines.length,
      poNumber: spec.poNumber,
      registrationId: null,
    },
    createdAt: placedAt,
  })
}
