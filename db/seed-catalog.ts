/**
 * Demo catalog: categories, about fifty products over the five product lines, three warehouses with stock
 * (some low, some out with a restock date), tier discounts, volume breaks, Eastbridge's contract
 * prices and an upcoming price policy. Deterministic: stable ids, no randomness.
 */
import { addDays, todayInShanghai } from '#app/modules/deals/deal-rules'
import type { Database } from './client.server'
import {
  categories,
  contractPrices,
  pricePolicies,
  pricePolicyAcknowledgements,
  products,
  stockLevels,
  tierDiscounts,
  volumeBreaks,
  warehouses,
} from './schema/catalog'
import type { PartnerTier } from './schema/partners'
import { seedProductLines, stableUuid, type SeedData } from './seed-data'

const lineId = (code: string) => seedProductLines.find((l) => l.code === code)!.id

export const seedCategories = [
  { code: 'controllers', nameEn: 'Controllers & CPUs', nameZh: '控制器与 CPU' },
  { code: 'io-modules', nameEn: 'I/O modules', nameZh: 'I/O 模块' },
  { code: 'servo', nameEn: 'Servo systems', nameZh: '伺服系统' },
  { code: 'vfd', nameEn: 'Frequency inverters', nameZh: '变频器' },
  { code: 'panels', nameEn: 'Operator panels', nameZh: '操作面板' },
  { code: 'sensors', nameEn: 'Sensors', nameZh: '传感器' },
  { code: 'robots', nameEn: 'Robot arms', nameZh: '机械臂' },
  { code: 'accessories', nameEn: 'Cables & accessories', nameZh: '线缆与配件' },
].map((c, index) => ({ ...c, id: stableUuid(`category:${c.code}`), sortOrder: index }))

export const seedWarehouses = [
  { code: 'SH', name: 'Shanghai Jiading', nameZh: '上海嘉定仓', sortOrder: 1 },
  { code: 'SZ', name: 'Shenzhen Bao’an', nameZh: '深圳宝安仓', sortOrder: 2 },
  { code: 'TJ', name: 'Tianjin Binhai', nameZh: '天津滨海仓', sortOrder: 3 },
].map((w) => ({ ...w, id: stableUuid(`warehouse:${w.code}`) }))

type ProductSpec = {
  sku: string
  name: string
  description: string
  line: string
  category: string
  unit?: string
  /** List price in yuan (major units). */
  list: number
  /** On hand per warehouse (SH, SZ, TJ) and reserved in SH. */
  stock: [number, number, number]
  reserved?: number
  /** Days from today until restock, for products that are out. */
  restockInDays?: number
  active?: boolean
}

/** Name stems per line; each becomes several models. */
const productSpecs: ProductSpec[] = [
  ...[
    ['HT-PLC-100', 'Compact PLC 100, 14 DI / 10 DO', 2_680, [42, 18, 9]],
    ['HT-PLC-200', 'Compact PLC 200, 24 DI / 16 DO, Ethernet', 4_350, [25, 12, 6]],
    ['HT-PLC-300', 'Modular PLC 300 CPU, PROFINET', 9_800, [8, 3, 0]],
    ['HT-PLC-500', 'High-performance PLC 500 CPU, dual Ethernet', 18_600, [3, 0, 0]],
    ['HT-PLC-510F', 'Safety PLC 510F CPU, SIL 3', 26_900, [0, 0, 0], 21],
    ['HT-PLC-RACK8', 'PLC 300 rack, 8 slots', 1_150, [60, 30, 20]],
    ['HT-PLC-PS10', 'Power supply 24 V DC, 10 A', 780, [120, 80, 40]],
  ].map(([sku, name, list, stock, restock]) => ({
    sku: sku as string,
    name: name as string,
    description: `${name}. Programmable with HT Studio; CE and CCC certified.`,
    line: 'PLC',
    category: 'controllers',
    list: list as number,
    stock: stock as [number, number, number],
    restockInDays: restock as number | undefined,
  })),
  ...[
    ['HT-IO-DI16', 'Digital input module, 16 × 24 V DC', 890, [150, 90, 60]],
    ['HT-IO-DO16', 'Digital output module, 16 × 24 V DC / 0.5 A', 960, [140, 70, 50]],
    ['HT-IO-AI8', 'Analog input module, 8 × U/I, 16 bit', 2_150, [35, 20, 12]],
    ['HT-IO-AO4', 'Analog output module, 4 × U/I', 1_980, [6, 2, 1]],
    ['HT-IO-RTD4', 'RTD temperature input module, 4 channels', 2_420, [0, 0, 0], 10],
  ].map(([sku, name, list, stock, restock]) => ({
    sku: sku as string,
    name: name as string,
    description: `${name}. Hot-swappable on the PLC 300 rack.`,
    line: 'PLC',
    category: 'io-modules',
    list: list as number,
    stock: stock as [number, number, number],
    restockInDays: restock as number | undefined,
  })),
  ...[0.4, 0.75, 1.5, 3, 5.5, 7.5].map((kw, index) => ({
    sku: `HT-SV-${String(Math.round(kw * 100)).padStart(4, '0')}`,
    name: `Servo drive SV ${kw} kW, EtherCAT`,
    description: `Servo drive for ${kw} kW motors, EtherCAT and pulse input, STO built in.`,
    line: 'DRV',
    category: 'servo',
    list: [3_200, 4_100, 5_600, 8_900, 12_800, 15_400][index]!,
    stock: (
      [
        [30, 20, 10],
        [28, 14, 8],
        [16, 9, 4],
        [9, 2, 1],
        [4, 0, 0],
        [0, 0, 0],
      ] as [number, number, number][]
    )[index]!,
    restockInDays: index === 5 ? 35 : undefined,
  })),
  ...[0.4, 0.75, 1.5, 3].map((kw, index) => ({
    sku: `HT-SM-${String(Math.round(kw * 100)).padStart(4, '0')}`,
    name: `Servo motor SM ${kw} kW, 3000 rpm, 23-bit encoder`,
    description: `Low-inertia servo motor, ${kw} kW, IP65, absolute encoder.`,
    line: 'DRV',
    category: 'servo',
    list: [2_100, 2_900, 4_300, 6_800][index]!,
    stock: [
      [40, 22, 10],
      [35, 15, 8],
      [12, 6, 2],
      [5, 1, 0],
    ][index] as [number, number, number],
  })),
  ...[0.75, 2.2, 5.5, 11, 22, 45].map((kw, index) => ({
    sku: `HT-VF-${String(Math.round(kw * 100)).padStart(4, '0')}`,
    name: `Frequency inverter VF ${kw} kW, 380 V`,
    description: `General-purpose vector inverter, ${kw} kW, built-in brake chopper up to 22 kW.`,
    line: 'DRV',
    category: 'vfd',
    list: [1_450, 2_380, 4_150, 7_600, 13_900, 26_500][index]!,
    stock: [
      [80, 40, 30],
      [60, 35, 20],
      [30, 15, 10],
      [12, 5, 3],
      [4, 1, 0],
      [2, 0, 0],
    ][index] as [number, number, number],
  })),
  ...[
    ['HT-HMI-4', '4.3" touch panel, 480 × 272', 1_280, [55, 30, 18]],
    ['HT-HMI-7', '7" touch panel, 800 × 480, Ethernet', 2_350, [48, 26, 15]],
    ['HT-HMI-10', '10.1" touch panel, 1024 × 600, dual Ethernet', 4_680, [20, 10, 5]],
    ['HT-HMI-15', '15.6" industrial panel PC, fanless', 11_900, [5, 2, 0]],
    ['HT-HMI-7W', '7" wireless handheld panel', 5_200, [0, 0, 0], 14],
    ['HT-HMI-SW', 'HT Visu runtime licence, 1 panel', 650, [999, 0, 0]],
  ].map(([sku, name, list, stock, restock]) => ({
    sku: sku as string,
    name: name as string,
    description: `${name}. Configured with HT Visu; IP65 front.`,
    line: 'HMI',
    category: 'panels',
    unit: sku === 'HT-HMI-SW' ? 'licence' : 'pcs',
    list: list as number,
    stock: stock as [number, number, number],
    restockInDays: restock as number | undefined,
  })),
  ...[
    ['HT-PX-M12', 'Inductive proximity sensor M12, 4 mm, PNP', 86, [900, 500, 300]],
    ['HT-PX-M18', 'Inductive proximity sensor M18, 8 mm, PNP', 112, [700, 400, 250]],
    ['HT-PX-M30', 'Inductive proximity sensor M30, 15 mm, PNP', 168, [300, 160, 90]],
    ['HT-PE-DR', 'Diffuse photoelectric sensor, 1 m, PNP', 245, [260, 140, 70]],
    ['HT-PE-RR', 'Retro-reflective photoelectric sensor, 8 m, with reflector', 315, [8, 4, 2]],
    ['HT-LS-100', 'Laser distance sensor, 0.1–10 m, RS-485', 2_860, [14, 6, 3]],
    ['HT-PT-10B', 'Pressure transmitter 0–10 bar, 4–20 mA', 680, [90, 50, 25]],
    ['HT-TT-PT100', 'PT100 temperature transmitter, DIN rail', 420, [0, 0, 0], 7],
    ['HT-EN-1024', 'Incremental encoder, 1024 ppr, 6 mm shaft', 560, [110, 45, 20]],
    ['HT-SC-4', 'Safety light curtain, 4 beams, Type 4', 3_950, [7, 3, 1]],
    ['HT-CB-M12-5', 'Sensor cable M12, 4-pin, 5 m', 48, [2_000, 1_200, 800]],
  ].map(([sku, name, list, stock, restock]) => ({
    sku: sku as string,
    name: name as string,
    description: `${name}. IP67.`,
    line: 'SNS',
    category: sku === 'HT-CB-M12-5' ? 'accessories' : 'sensors',
    list: list as number,
    stock: stock as [number, number, number],
    restockInDays: restock as number | undefined,
  })),
  ...[
    ['HT-COBOT-3', 'Collaborative robot arm, 3 kg payload, 600 mm reach', 68_000, [4, 2, 1]],
    ['HT-COBOT-5', 'Collaborative robot arm, 5 kg payload, 900 mm reach', 89_000, [3, 1, 0]],
    ['HT-COBOT-10', 'Collaborative robot arm, 10 kg payload, 1300 mm reach', 128_000, [1, 0, 0]],
    ['HT-COBOT-16', 'Collaborative robot arm, 16 kg payload, 900 mm reach', 156_000, [0, 0, 0], 45],
    ['HT-GRIP-2F', 'Two-finger electric gripper, 85 mm stroke', 9_600, [12, 6, 2]],
    ['HT-VIS-2D', '2D vision kit for cobots, 5 MP', 15_800, [5, 2, 0]],
    ['HT-COBOT-TP', 'Teach pendant, 12" touch', 6_400, [6, 3, 1]],
  ].map(([sku, name, list, stock, restock]) => ({
    sku: sku as string,
    name: name as string,
    description: `${name}. ISO 10218 and ISO/TS 15066 compliant.`,
    line: 'ROB',
    category: 'robots',
    unit: 'set',
    list: list as number,
    stock: stock as [number, number, number],
    restockInDays: restock as number | undefined,
  })),
  {
    sku: 'HT-PLC-050',
    name: 'Micro PLC 50 (discontinued)',
    description: 'Replaced by the Compact PLC 100.',
    line: 'PLC',
    category: 'controllers',
    list: 1_580,
    stock: [0, 0, 0],
    active: false,
  },
]

export const seedProductId = (sku: string) => stableUuid(`product:${sku}`)

/** Tier discounts per product line, in basis points (DESIGN.md's defaults; robots less). */
const tierDiscountBps: Record<PartnerTier, number> = {
  platinum: 3500,
  gold: 3000,
  silver: 2000,
  registered: 1000,
}

/** Inserts the demo catalog. `data` is the partner/user demo set inserted just before. */
export async function insertDemoCatalog(db: Database, data: SeedData, now: Date): Promise<void> {
  const today = todayInShanghai(now)
  const dayFrom = (days: number) => todayInShanghai(addDays(now, days))

  await db.insert(categories).values(seedCategories)
  await db.insert(warehouses).values(seedWarehouses)
  await db.insert(products).values(
    productSpecs.map((spec) => ({
      id: seedProductId(spec.sku),
      sku: spec.sku,
      name: spec.name,
      description: spec.description,
      productLineId: lineId(spec.line),
      categoryId: seedCategories.find((c) => c.code === spec.category)!.id,
      unit: spec.unit ?? 'pcs',
      listPriceMinor: spec.list * 100,
      currency: 'CNY',
      active: spec.active ?? true,
    })),
  )
  await db.insert(stockLevels).values(
    productSpecs.flatMap((spec) =>
      seedWarehouses.map((warehouse, index) => {
        const onHand = spec.stock[index]!
        const reserved = index === 0 ? Math.min(spec.reserved ?? 0, onHand) : 0
        return {
          productId: seedProductId(spec.sku),
          warehouseId: warehouse.id,
          onHand,
          reserved,
          restockDate:
            spec.restockInDays !== undefined && onHand - reserved <= 0
              ? dayFrom(spec.restockInDays + index * 3)
              : null,
        }
      }),
    ),
  )

  // The price list in force: tier discounts per line since the start of the year.
  const yearStart = `${today.slice(0, 4)}-01-01`
  const upcoming = dayFrom(14)
  const policyId = stableUuid('price-policy:drives-gold-upcoming')
  const pastPolicyId = stableUuid('price-policy:price-list-current')
  const staffId = data.staff.find((u) => u.role === 'admin')!.id
  await db.insert(pricePolicies).values([
    {
      id: pastPolicyId,
      title: `Channel price list ${today.slice(0, 4)}`,
      body: 'Tier discounts for every product line: platinum 35 %, gold 30 %, silver 20 %, registered 10 % (collaborative robots: half of that).',
      effectiveFrom: yearStart,
      status: 'published',
      createdById: staffId,
      publishedById: staffId,
      publishedAt: addDays(now, -60),
    },
    {
      id: policyId,
      title: 'Servo & VFD drives: gold discount rises to 32 %',
      body: 'From the effective date, gold partners get 32 % off list on every servo and VFD drive (was 30 %). Volume breaks are unchanged.',
      effectiveFrom: upcoming,
      status: 'published',
      audienceTiers: ['gold'],
      createdById: staffId,
      publishedById: staffId,
      publishedAt: addDays(now, -1),
    },
  ])

  const tiers = Object.keys(tierDiscountBps) as PartnerTier[]
  await db.insert(tierDiscounts).values(
    seedProductLines.flatMap((line) =>
      tiers.flatMap((tier) => {
        const bps = line.code === 'ROB' ? tierDiscountBps[tier] / 2 : tierDiscountBps[tier]
        if (line.code === 'DRV' && tier === 'gold') {
          return [
            {
              tier,
              productLineId: line.id,
              discountBps: bps,
              validFrom: yearStart,
              validTo: dayFrom(13),
              policyId: pastPolicyId,
            },
            {
              tier,
              productLineId: line.id,
              discountBps: 3200,
              validFrom: upcoming,
              validTo: null,
              policyId,
            },
          ]
        }
        return [
          {
            tier,
            productLineId: line.id,
            discountBps: bps,
            validFrom: yearStart,
            policyId: pastPolicyId,
          },
        ]
      }),
    ),
  )

  // Volume breaks: sensors by the box for everyone below platinum; one SKU ladder for gold.
  await db.insert(volumeBreaks).values([
    ...(['gold', 'silver', 'registered'] as const).flatMap((tier) => [
      {
        tier,
        productLineId: lineId('SNS'),
        minQuantity: 50,
        discountBps: tierDiscountBps[tier] + 500,
        validFrom: yearStart,
      },
      {
        tier,
        productLineId: lineId('SNS'),
        minQuantity: 200,
        discountBps: tierDiscountBps[tier] + 1000,
        validFrom: yearStart,
      },
    ]),
    {
      tier: 'gold' as const,
      productId: seedProductId('HT-PLC-200'),
      minQuantity: 10,
      priceMinor: 2_950_00,
      currency: 'CNY',
      validFrom: yearStart,
    },
    {
      tier: 'gold' as const,
      productId: seedProductId('HT-PLC-200'),
      minQuantity: 50,
      priceMinor: 2_790_00,
      currency: 'CNY',
      validFrom: yearStart,
    },
    {
      tier: 'silver' as const,
      productId: seedProductId('HT-PLC-200'),
      minQuantity: 10,
      discountBps: 2500,
      validFrom: yearStart,
    },
  ])

  // Eastbridge (gold distributor) has contract prices on its volume SKUs.
  const eastbridge = data.partners.find((p) => p.code === 'P-0001')!
  await db.insert(contractPrices).values([
    {
      partnerId: eastbridge.id,
      productId: seedProductId('HT-PLC-100'),
      priceMinor: 1_690_00,
      currency: 'CNY',
      validFrom: yearStart,
      validTo: `${today.slice(0, 4)}-12-31`,
      note: 'Annual framework agreement',
    },
    {
      partnerId: eastbridge.id,
      productId: seedProductId('HT-SV-0075'),
      priceMinor: 2_650_00,
      currency: 'CNY',
      validFrom: dayFrom(-30),
      validTo: dayFrom(60),
      note: 'Packaging-line project price',
    },
    {
      partnerId: eastbridge.id,
      productId: seedProductId('HT-HMI-7'),
      priceMinor: 1_520_00,
      currency: 'CNY',
      validFrom: dayFrom(7),
      validTo: null,
      note: 'Starts next week',
    },
  ])

  // Pearl River's admin acknowledged the current price list.
  const pearlRiverAdmin = data.partners.find((p) => p.code === 'P-0002')
  const pearlRiverAdminUser = data.partnerUsers.find(
    (u) => u.partnerCode === 'P-0002' && u.role === 'partner_admin',
  )
  if (pearlRiverAdmin && pearlRiverAdminUser) {
    await db.insert(pricePolicyAcknowledgements).values({
      policyId: pastPolicyId,
      userId: pearlRiverAdminUser.id,
      partnerId: pearlRiverAdmin.id,
      acknowledgedAt: addDays(now, -55),
    })
  }
}
