import { isUuid } from '#app/utils/ids'
import {
  daysInRange,
  isCalendarDay,
  maxCustomPeriodDays,
  periodContaining,
  periodKinds,
  todayInShanghai,
  type Period,
  type PeriodKind,
} from './period-rules'

export const groupings = ['partner', 'tier', 'region', 'productLine'] as const
export type Grouping = (typeof groupings)[number]

export const tiers = ['platinum', 'gold', 'silver', 'registered'] as const
export type Tier = (typeof tiers)[number]

export const openStages = ['registered', 'qualified', 'proposal', 'negotiation'] as const
export type OpenStage = (typeof openStages)[number]

/** Basis points of an open registration's value counted in the weighted forecast, by stage. */
export type StageProbabilities = Record<OpenStage, number>

export const defaultStageProbabilities: StageProbabilities = {
  registered: 1000,
  qualified: 2500,
  proposal: 5000,
  negotiation: 7500,
}

/** Credited revenue over the trailing twelve months each tier needs, in minor units. */
export type TierThresholds = { silver: number; gold: number; platinum: number }

export const defaultTierThresholds: TierThresholds = {
  silver: 50_000_000,
  gold: 200_000_000,
  platinum: 500_000_000,
}

export type NextTier = {
  tier: Exclude<Tier, 'registered'>
  thresholdMinor: number
  /** How much more credited revenue the partner needs (0 when it already qualifies). */
  remainingMinor: number
  /** Tenths of a percent of the threshold reached. */
  progress: number | null
}

/** The tier above `tier` and what it takes; null at the top. */
export function nextTierFor(
  tier: Tier,
  trailingRevenueMinor: number,
  thresholds: TierThresholds,
): NextTier | null {
  const next = { registered: 'silver', silver: 'gold', gold: 'platinum', platinum: null } as const
  const target = next[tier]
  if (!target) return null
  const thresholdMinor = thresholds[target]
  return {
    tier: target,
    thresholdMinor,
    remainingMinor: Math.max(0, thresholdMinor - trailingRevenueMinor),
    progress: permille(Math.min(trailingRevenueMinor, thresholdMinor), thresholdMinor),
  }
}

/**
 * Order statuses whose lines count as order revenue (ADR 0014): firm orders. Pending payment and
 * credit hold are not revenue yet; cancelled and expired never are.
 */
export const bookedOrderStatuses = ['submitted', 'confirmed', 'shipped', 'delivered'] as const
export const voidedOrderStatuses = ['cancelled', 'expired'] as const

/** Narrowing of every figure: only rows in this region, tier, product line or of this partner. */
export type ContributionFilters = {
  regionCode: string | null
  tier: Tier | null
  productLineId: string | null
  partnerId: string | null
}

export const noFilters: ContributionFilters = {
  regionCode: null,
  tier: null,
  productLineId: null,
  partnerId: null,
}

export const rankingSorts = [
  'name',
  'registrations',
  'approvalRate',
  'conflicts',
  'pipeline',
  'weighted',
  'wonRevenue',
  'winRate',
  'orderRevenue',
  'sourcedRevenue',
  'share',
  'growth',
  'attainment',
] as const
export type RankingSort = (typeof rankingSorts)[number]
export type SortDirection = 'asc' | 'desc'

export type ContributionQuery = {
  period: Period
  groupBy: Grouping
  filters: ContributionFilters
  sort: RankingSort
  dir: SortDirection
}

const pick = <T extends string>(allowed: readonly T[], raw: string | null): T | null =>
  raw !== null && (allowed as readonly string[]).includes(raw) ? (raw as T) : null

/** Region codes are short upper-case tokens (CN-EAST); anything else is ignored. */
const regionPattern = /^[A-Z0-9][A-Z0-9-]{0,31}$/

/**
 * The period of a URL: `period` (month, quarter, year, custom) and `from` (any day inside it; for
 * custom also `to`). Junk falls back to the current quarter; a reversed or over-long custom range
 * falls back too. Never throws.
 */
export function parsePeriod(params: URLSearchParams, now: Date): Period {
  const today = todayInShanghai(now)
  const kind: PeriodKind = pick(periodKinds, params.get('period')) ?? 'quarter'
  const fromRaw = params.get('from')
  const from = isCalendarDay(fromRaw) ? fromRaw : today
  if (kind !== 'custom') return periodContaining(kind, from)
  const toRaw = params.get('to')
  if (!isCalendarDay(fromRaw) || !isCalendarDay(toRaw) || toRaw < fromRaw) {
    return periodContaining('quarter', today)
  }
  if (daysInRange(fromRaw, toRaw) > maxCustomPeriodDays) return periodContaining('quarter', today)
  return { kind, from: fromRaw, to: toRaw }
}

export function parseFilters(params: URLSearchParams): ContributionFilters {
  const region = params.get('region')?.trim().toUpperCase() ?? ''
  const productLine = params.get('productLine')
  const partner = params.get('partnerId')
  return {
    regionCode: regionPattern.test(region) ? region : null,
    tier: pick(tiers, params.get('tier')),
    productLineId: isUuid(productLine) ? productLine.toLowerCase() : null,
    partnerId: isUuid(partner) ? partner.toLowerCase() : null,
  }
}

export function defaultDirection(sort: RankingSort): SortDirection {
  return sort === 'name' ? 'asc' : 'desc'
}

/** Everything the dashboard reads from its URL. Never throws: junk values are ignored. */
export function parseContributionQuery(params: URLSearchParams, now: Date): ContributionQuery {
  const sort = pick(rankingSorts, params.get('sort')) ?? 'orderRevenue'
  return {
    period: parsePeriod(params, now),
    groupBy: pick(groupings, params.get('groupBy')) ?? 'partner',
    filters: parseFilters(params),
    sort,
    dir: pick(['asc', 'desc'] as const, params.get('dir')) ?? defaultDirection(sort),
  }
}

/** The URL query of a contribution page, leaving out defaults so links stay short. */
export function contributionSearch(
  query: Partial<ContributionQuery> & { period: Period },
  overrides: Partial<ContributionQuery> & { extra?: Record<string, string> } = {},
): string {
  const merged = { ...query, ...overrides }
  const params = new URLSearchParams()
  params.set('period', merged.period.kind)
  params.set('from', merged.period.from)
  if (merged.period.kind === 'custom') params.set('to', merged.period.to)
  if (merged.groupBy && merged.groupBy !== 'partner') params.set('groupBy', merged.groupBy)
  const filters = merged.filters ?? noFilters
  if (filters.regionCode) params.set('region', filters.regionCode)
  if (filters.tier) params.set('tier', filters.tier)
  if (filters.productLineId) params.set('productLine', filters.productLineId)
  if (filters.partnerId) params.set('partnerId', filters.partnerId)
  if (merged.sort && merged.sort !== 'orderRevenue') params.set('sort', merged.sort)
  if (merged.sort && merged.dir && merged.dir !== defaultDirection(merged.sort))
    params.set('dir', merged.dir)
  for (const [key, value] of Object.entries(overrides.extra ?? {})) params.set(key, value)
  return `?${params.toString()}`
}

/**
 * A share in tenths of a percent (41.7 % → 417), rounded half up; null when the base is zero
 * (a rate over nothing is not 0 %, it is "no figure").
 */
export function permille(part: number, whole: number): number | null {
  if (!whole) return null
  return Math.round((part * 1000) / whole)
}

/** Growth from `previous` to `current` in tenths of a percent; null without a previous figure. */
export function growthPermille(current: number, previous: number): number | null {
  if (!previous) return null
  return Math.round(((current - previous) * 1000) / previous)
}

/** Σ value × probability, rounded once (half up) at the end. */
export function weightedValue(valueMinor: number, probabilityBps: number): number {
  return Math.round((valueMinor * probabilityBps) / 10_000)
}

/** "41.7" for 417 (the CSV form; the page formats the same number for its locale). */
export function permilleText(value: number | null): string {
  if (value === null) return ''
  const sign = value < 0 ? '-' : ''
  const abs = Math.abs(value)
  return `${sign}${Math.floor(abs / 10)}.${abs % 10}`
}

/** The filters of a ranking row's drill-down: the page's filters narrowed to the row's group. */
export function filtersForGroup(
  filters: ContributionFilters,
  groupBy: Grouping,
  key: string,
): ContributionFilters {
  if (key === 'all') return filters
  if (groupBy === 'partner') return { ...filters, partnerId: key }
  if (groupBy === 'tier')
    return { ...filters, tier: (tiers as readonly string[]).includes(key) ? (key as Tier) : null }
  if (groupBy === 'region') return { ...filters, regionCode: key }
  return { ...filters, productLineId: key }
}

export const credits = ['fulfilled', 'sourced', 'credited'] as const
export type CreditKind = (typeof credits)[number]

export const drillMetrics = [
  'submitted',
  'decided',
  'approved',
  'open',
  'won',
  'lost',
  'expired',
] as const
export type DrillMetric = (typeof drillMetrics)[number]

export type DrillQuery = {
  credit: CreditKind
  /** Orders: booked (revenue) or voided (cancelled and expired). */
  which: 'booked' | 'voided'
  viaRegistrations: boolean
  metric: DrillMetric
  page: number
}

/** The drill-down part of a URL (which rows behind which figure). Junk falls back to defaults. */
export function parseDrillQuery(params: URLSearchParams): DrillQuery {
  const page = params.get('page')
  return {
    credit: pick(credits, params.get('credit')) ?? 'fulfilled',
    which: pick(['booked', 'voided'] as const, params.get('which')) ?? 'booked',
    viaRegistrations: params.get('via') === '1',
    metric: pick(drillMetrics, params.get('metric')) ?? 'submitted',
    page: page && /^\d{1,7}$/.test(page) ? Math.max(1, Number(page)) : 1,
  }
}

export const exportTables = ['ranking', 'orders', 'registrations'] as const
export type ExportTable = (typeof exportTables)[number]

export function parseExportTable(raw: string | null): ExportTable | null {
  return pick(exportTables, raw)
}

/** The steps of the registration funnel, in order. */
export const funnelSteps = [
  'submitted',
  'approved',
  'qualified',
  'proposal',
  'negotiation',
  'won',
] as const
export type FunnelStep = (typeof funnelSteps)[number]

/** The stages a registration spends time in before it is won or lost (the funnel's medians). */
export const sellingStages = ['registered', 'qualified', 'proposal', 'negotiation'] as const
export type SellingStage = (typeof sellingStages)[number]
