import { and, asc, count, eq, gt, gte, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { products, volumeBreaks } from '#db/schema/catalog'
import { productLines } from '#db/schema/deals'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { partnerTiers, type PartnerTier } from '#app/modules/partners/partner-rules'
import { applyBps, bpsScale } from './price-rules'
import { canDeleteRow, validityOn, type ValidityState } from './price-validity-rules'
import type { VolumeBreakTarget } from './volume-break-rules'

export type FindVolumeBreaksOptions = {
  target: VolumeBreakTarget | null
  tier?: PartnerTier | null
  when?: ValidityState
  now?: Date
}

export type ProductLineOption = { id: string; code: string; nameEn: string; nameZh: string }

export type VolumeBreakRow = {
  id: string
  tier: PartnerTier
  minQuantity: number
  priceMinor: number | null
  currency: string | null
  discountBps: number | null
  /** For a SKU: the unit price the break gives (its price, or list less its discount). */
  unitPriceMinor: number | null
  validFrom: string
  validTo: string | null
  policyId: string | null
  canEnd: boolean
  canDelete: boolean
}

export type VolumeBreakTargetSummary = {
  kind: 'line' | 'sku'
  line: ProductLineOption
  /** Set for a SKU's own breaks. */
  sku: string | null
  productName: string | null
  /** Breaks in force or upcoming, and the tiers they are for. */
  openBreaks: number
  tiers: PartnerTier[]
}

export type FindVolumeBreaksResult = {
  today: string
  lines: ProductLineOption[]
  /** The resolved target; null when none was asked for, or it does not exist. */
  target:
    | { kind: 'line'; line: ProductLineOption }
    | {
        kind: 'sku'
        product: {
          id: string
          sku: string
          name: string
          listPriceMinor: number
          currency: string
          line: ProductLineOption
        }
      }
    | null
  /** A target was asked for but there is no such product line or SKU. */
  targetMissing: boolean
  counts: Record<ValidityState, number>
  rows: VolumeBreakRow[]
  /** Without a target: every SKU and line with breaks in force or upcoming. */
  overview: VolumeBreakTargetSummary[]
}

const tierOrder = (tier: PartnerTier) => partnerTiers.indexOf(tier)

/**
 * The volume breaks of one product line or SKU (all tiers, or one), in force today, upcoming or
 * ended; without a target, an overview of every line and SKU that has breaks. A few hundred rows
 * at most per target, so one page.
 */
export async function findVolumeBreaks(
  db: Database,
  options: FindVolumeBreaksOptions,
): Promise<FindVolumeBreaksResult> {
  const today = todayInShanghai(options.now ?? new Date())
  const when = options.when ?? 'current'
  const lines = await db
    .select({
      id: productLines.id,
      code: productLines.code,
      nameEn: productLines.nameEn,
      nameZh: productLines.nameZh,
    })
    .from(productLines)
    .orderBy(asc(productLines.code))
  const lineById = new Map(lines.map((line) => [line.id, line]))
  const empty = { current: 0, future: 0, past: 0 }

  if (!options.target) {
    return {
      today,
      lines,
      target: null,
      targetMissing: false,
      counts: empty,
      rows: [],
      overview: await findOverview(db, today, lineById),
    }
  }

  let target: FindVolumeBreaksResult['target'] = null
  if (options.target.kind === 'line') {
    const line = lineById.get(options.target.productLineId)
    if (line) target = { kind: 'line', line }
  } else {
    const [product] = await db
      .select({
        id: products.id,
        sku: products.sku,
        name: products.name,
        listPriceMinor: products.listPriceMinor,
        currency: products.currency,
        productLineId: products.productLineId,
      })
      .from(products)
      .where(eq(products.sku, options.target.sku))
    const line = product ? lineById.get(product.productLineId) : undefined
    if (product && line) target = { kind: 'sku', product: { ...product, line } }
  }
  if (!target) {
    return {
      today,
      lines,
      target: null,
      targetMissing: true,
      counts: empty,
      rows: [],
      overview: [],
    }
  }

  const ofTarget = and(
    target.kind === 'line'
      ? eq(volumeBreaks.productLineId, target.line.id)
      : eq(volumeBreaks.productId, target.product.id),
    options.tier ? eq(volumeBreaks.tier, options.tier) : undefined,
  )
  const phase = {
    current: and(
      lte(volumeBreaks.validFrom, today),
      or(isNull(volumeBreaks.validTo), gte(volumeBreaks.validTo, today)),
    ),
    future: gt(volumeBreaks.validFrom, today),
    past: lt(volumeBreaks.validTo, today),
  }
  const [rows, [counted]] = await Promise.all([
    db
      .select()
      .from(volumeBreaks)
      .where(and(ofTarget, phase[when]))
      .orderBy(asc(volumeBreaks.minQuantity), asc(volumeBreaks.validFrom))
      .limit(1000),
    db
      .select({
        current: sql<number>`count(*) filter (where ${phase.current})::int`,
        future: sql<number>`count(*) filter (where ${phase.future})::int`,
        past: sql<number>`count(*) filter (where ${phase.past})::int`,
      })
      .from(volumeBreaks)
      .where(ofTarget),
  ])
  const product = target.kind === 'sku' ? target.product : null
  return {
    today,
    lines,
    target,
    targetMissing: false,
    counts: {
      current: Number(counted?.current ?? 0),
      future: Number(counted?.future ?? 0),
      past: Number(counted?.past ?? 0),
    },
    rows: rows
      .map((row) => ({
        id: row.id,
        tier: row.tier,
        minQuantity: row.minQuantity,
        priceMinor: row.priceMinor,
        currency: row.currency,
        discountBps: row.discountBps,
        unitPriceMinor: !product
          ? null
          : row.priceMinor !== null
            ? row.priceMinor
            : applyBps(product.listPriceMinor, bpsScale - (row.discountBps ?? 0)),
        validFrom: row.validFrom,
        validTo: row.validTo,
        policyId: row.policyId,
        canEnd: validityOn(row, today) !== 'past',
        canDelete: canDeleteRow(row, today),
      }))
      .sort((a, b) => tierOrder(a.tier) - tierOrder(b.tier)),
    overview: [],
  }
}

async function findOverview(
  db: Database,
  today: string,
  lineById: Map<string, ProductLineOption>,
): Promise<VolumeBreakTargetSummary[]> {
  const open = or(isNull(volumeBreaks.validTo), gte(volumeBreaks.validTo, today))
  const [byLine, bySku] = await Promise.all([
    db
      .select({
        productLineId: volumeBreaks.productLineId,
        openBreaks: count(),
        tiers: sql<PartnerTier[]>`array_agg(distinct ${volumeBreaks.tier})`,
      })
      .from(volumeBreaks)
      .where(and(isNotNull(volumeBreaks.productLineId), open))
      .groupBy(volumeBreaks.productLineId),
    db
      .select({
        sku: products.sku,
        name: products.name,
        productLineId: products.productLineId,
        openBreaks: count(),
        tiers: sql<PartnerTier[]>`array_agg(distinct ${volumeBreaks.tier})`,
      })
      .from(volumeBreaks)
      .innerJoin(products, eq(products.id, volumeBreaks.productId))
      .where(open)
      .groupBy(products.sku, products.name, products.productLineId)
      .orderBy(asc(products.sku))
      .limit(200),
  ])
  const tiersOf = (value: unknown): PartnerTier[] =>
    parseTierArray(value).sort((a, b) => tierOrder(a) - tierOrder(b))
  const lineSummaries = byLine
    .map((row): VolumeBreakTargetSummary | null => {
      const line = row.productLineId ? lineById.get(row.productLineId) : undefined
      if (!line) return null
      return {
        kind: 'line',
        line,
        sku: null,
        productName: null,
        openBreaks: Number(row.openBreaks),
        tiers: tiersOf(row.tiers),
      }
    })
    .filter((row): row is VolumeBreakTargetSummary => row !== null)
    .sort((a, b) => a.line.code.localeCompare(b.line.code))
  const skuSummaries = bySku
    .map((row): VolumeBreakTargetSummary | null => {
      const line = lineById.get(row.productLineId)
      if (!line) return null
      return {
        kind: 'sku',
        line,
        sku: row.sku,
        productName: row.name,
        openBreaks: Number(row.openBreaks),
        tiers: tiersOf(row.tiers),
      }
    })
    .filter((row): row is VolumeBreakTargetSummary => row !== null)
  return [...lineSummaries, ...skuSummaries]
}

/** An enum array from either driver: a JS array, or PostgreSQL's text form "{gold,silver}". */
function parseTierArray(value: unknown): PartnerTier[] {
  const items = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.replace(/^\{|\}$/g, '').split(',')
      : []
  return items.filter((item): item is PartnerTier =>
    (partnerTiers as readonly string[]).includes(String(item)),
  )
}
