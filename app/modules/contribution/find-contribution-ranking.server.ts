import { inArray, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { productLines } from '#db/schema/deals'
import { partners, regions } from '#db/schema/partners'
import {
  growthPermille,
  permille,
  type ContributionQuery,
  type Grouping,
  type RankingSort,
  type SortDirection,
} from './contribution-rules'
import { getContributionSettings } from './get-contribution-settings.server'
import { measureAttainment } from './measure-attainment.server'
import { measureConflicts } from './measure-conflicts.server'
import { measureOrderRevenue, orderRevenueTotal } from './measure-order-revenue.server'
import { measureOutcomes } from './measure-outcomes.server'
import {
  measurePipelineGroups,
  pipelineTotal,
  type PipelineFigures,
} from './measure-pipeline.server'
import {
  measureDecisionMedians,
  measureRegistrations,
  registrationCountsTotal,
  withMedians,
} from './measure-registrations.server'
import { ALL, type MetricScope } from './metric-scope.server'
import { previousPeriod, targetPeriodFor } from './period-rules'

export type FindContributionRankingOptions = Omit<ContributionQuery, 'sort' | 'dir'> & {
  sort?: RankingSort
  dir?: SortDirection
  now: Date
}

/** One line of the ranking: a partner, tier, region or product line (or the channel total). */
export type RankingRow = {
  /** The group's key: partner id, tier, region code or product line id ('all' for the total). */
  key: string
  /** Partner or product line name, region name (en / zh), or the tier code for the UI to translate. */
  labelEn: string
  labelZh: string
  /** Partner code or product line code, when there is one. */
  code: string | null
  registrations: number
  decided: number
  approved: number
  /** Tenths of a percent. */
  approvalRate: number | null
  medianHoursToDecision: number | null
  conflicts: number
  pipelineMinor: number
  weightedMinor: number
  /** Partner ranking: credited (registered or fulfilled); other groupings: by registering partner. */
  wonRevenueMinor: number
  won: number
  lost: number
  expired: number
  winRate: number | null
  averageDaysToClose: number | null
  /** Orders placed (fulfilled credit): these add up to the channel's revenue. */
  orderRevenueMinor: number
  orders: number
  viaRegistrationsMinor: number
  voidedMinor: number
  /** Orders on the group's registrations (sourced credit), whoever placed them. */
  sourcedRevenueMinor: number
  share: number | null
  previousRevenueMinor: number
  growth: number | null
  /** Partner ranking only (and the total): the target period's figures. */
  revenueTargetMinor: number | null
  attainmentRevenueMinor: number | null
  attainment: number | null
  registrationsTarget: number | null
  registrationsAttainment: number | null
}

export type ContributionRanking = {
  rows: RankingRow[]
  total: RankingRow
  currency: string
  /** The target period attainment is measured against. */
  target: ReturnType<typeof targetPeriodFor>
  previous: ReturnType<typeof previousPeriod>
}

/**
 * Every figure of the contribution table, by the chosen grouping, plus the channel total with the
 * same filters. Each column comes from one measure (see the measure-*.server.ts files), so the
 * drill-down lists, which reuse the measures' predicates, add up to the same numbers.
 */
export async function findContributionRanking(
  db: Database,
  options: FindContributionRankingOptions,
): Promise<ContributionRanking> {
  const settings = await getContributionSettings(db)
  const currency = settings.reportingCurrency
  const base = { period: options.period, filters: options.filters, currency, now: options.now }
  const previous = previousPeriod(options.period)
  const wonCredit = options.groupBy === 'partner' ? 'credited' : 'sourced'

  const measureGrouped = async (groupBy: Grouping) => {
    const scope: MetricScope = { ...base, groupBy }
    const [registrations, conflicts, pipeline, outcomes, fulfilled, sourced, previousRevenue] =
      await Promise.all([
        measureRegistrations(db, scope),
        measureConflicts(db, scope),
        measurePipelineGroups(db, { ...scope, probabilities: settings.probabilities }),
        measureOutcomes(db, { ...scope, credit: wonCredit }),
        measureOrderRevenue(db, { ...scope, credit: 'fulfilled' }),
        measureOrderRevenue(db, { ...scope, credit: 'sourced' }),
        measureOrderRevenue(db, { ...scope, period: previous, credit: 'fulfilled' }),
      ])
    return { registrations, conflicts, pipeline, outcomes, fulfilled, sourced, previousRevenue }
  }

  // The channel total has the same filters. What adds up across the groups (every row is in one
  // group) is added up from them instead of read again: the registration counts, the pipeline,
  // and order revenue except by product line (an order can have lines of two). The rest is
  // measured with no grouping: medians, conflicts (cheap), outcomes (the total counts each deal
  // once, the partner ranking credits both partners of a two-tier deal).
  const measureTotals = async (grouped: Promise<Awaited<ReturnType<typeof measureGrouped>>>) => {
    const scope: MetricScope = { ...base, groupBy: null }
    const revenueAddsUp = options.groupBy !== 'productLine'
    const [groups, medians, conflicts, outcomes, fulfilled, sourced, previousRevenue] =
      await Promise.all([
        grouped,
        measureDecisionMedians(db, scope),
        measureConflicts(db, scope),
        measureOutcomes(db, { ...scope, credit: 'sourced' }),
        revenueAddsUp ? null : measureOrderRevenue(db, { ...scope, credit: 'fulfilled' }),
        revenueAddsUp ? null : measureOrderRevenue(db, { ...scope, credit: 'sourced' }),
        revenueAddsUp
          ? null
          : measureOrderRevenue(db, { ...scope, period: previous, credit: 'fulfilled' }),
      ])
    return {
      registrations: withMedians(registrationCountsTotal(groups.registrations), medians),
      conflicts,
      pipeline: pipelineTotal(groups.pipeline),
      outcomes,
      fulfilled: fulfilled ?? orderRevenueTotal(groups.fulfilled),
      sourced: sourced ?? orderRevenueTotal(groups.sourced),
      previousRevenue: previousRevenue ?? orderRevenueTotal(groups.previousRevenue),
    }
  }

  const groupedFigures = measureGrouped(options.groupBy)
  const target = targetPeriodFor(options.period)
  const sameAsTargetPeriod =
    options.groupBy === 'partner' &&
    options.filters.regionCode == null &&
    options.filters.productLineId == null &&
    target.from === options.period.from &&
    target.measuredTo === options.period.to
  const [grouped, totals, attainment] = await Promise.all([
    groupedFigures,
    measureTotals(groupedFigures),
    measureAttainment(db, {
      ...base,
      // The partner ranking of a quarter or year already counts the target period's submissions.
      registrations: sameAsTargetPeriod ? groupedFigures.then((g) => g.registrations) : undefined,
    }),
  ])
  type Figures = Omit<typeof grouped, 'pipeline'> & { pipeline: Map<string, PipelineFigures> }
  const channelRevenue = totals.fulfilled.get(ALL)?.revenueMinor ?? 0

  const keys = new Set<string>()
  for (const map of Object.values(grouped)) for (const key of map.keys()) keys.add(key)
  if (options.groupBy === 'partner') for (const key of attainment.byPartner.keys()) keys.add(key)

  const build = (figures: Figures, key: string, withTargets: boolean): RankingRow => {
    const registration = figures.registrations.get(key)
    const pipeline = figures.pipeline.get(key)
    const outcome = figures.outcomes.get(key)
    const fulfilled = figures.fulfilled.get(key)
    const previousRevenue = figures.previousRevenue.get(key)?.revenueMinor ?? 0
    const won = outcome?.won ?? 0
    const closed = won + (outcome?.lost ?? 0) + (outcome?.expired ?? 0)
    const orderRevenueMinor = fulfilled?.revenueMinor ?? 0
    const goal = withTargets ? attainment.byPartner.get(key) : undefined
    return {
      key,
      labelEn: key,
      labelZh: key,
      code: null,
      registrations: registration?.submitted ?? 0,
      decided: registration?.decided ?? 0,
      approved: registration?.approved ?? 0,
      approvalRate: permille(registration?.approved ?? 0, registration?.decided ?? 0),
      medianHoursToDecision: registration?.medianHoursToDecision ?? null,
      conflicts: figures.conflicts.get(key) ?? 0,
      pipelineMinor: pipeline?.openValueMinor ?? 0,
      weightedMinor: pipeline?.weightedMinor ?? 0,
      wonRevenueMinor: outcome?.wonRevenueMinor ?? 0,
      won,
      lost: outcome?.lost ?? 0,
      expired: outcome?.expired ?? 0,
      winRate: permille(won, closed),
      averageDaysToClose: outcome?.averageDaysToClose ?? null,
      orderRevenueMinor,
      orders: fulfilled?.orders ?? 0,
      viaRegistrationsMinor: fulfilled?.viaRegistrationsMinor ?? 0,
      voidedMinor: fulfilled?.voidedMinor ?? 0,
      sourcedRevenueMinor: figures.sourced.get(key)?.revenueMinor ?? 0,
      share: permille(orderRevenueMinor, channelRevenue),
      previousRevenueMinor: previousRevenue,
      growth: growthPermille(orderRevenueMinor, previousRevenue),
      revenueTargetMinor: goal?.revenueTargetMinor ?? null,
      attainmentRevenueMinor: goal?.revenueMinor ?? null,
      attainment: goal?.revenueAttainment ?? null,
      registrationsTarget: goal?.registrationsTarget ?? null,
      registrationsAttainment: goal?.registrationsAttainment ?? null,
    }
  }

  const rows = await labelRows(
    db,
    options.groupBy,
    [...keys].map((key) => build(grouped, key, options.groupBy === 'partner')),
  )
  const total = build(totals, ALL, false)
  const goals = [...attainment.byPartner.values()]
  if (goals.length > 0) {
    const revenueTargetMinor = goals.reduce((sum, g) => sum + g.revenueTargetMinor, 0)
    const attainmentRevenueMinor = goals.reduce((sum, g) => sum + g.revenueMinor, 0)
    const registrationsTarget = goals.reduce((sum, g) => sum + g.registrationsTarget, 0)
    const registered = goals.reduce((sum, g) => sum + g.registrations, 0)
    Object.assign(total, {
      revenueTargetMinor,
      attainmentRevenueMinor,
      attainment: permille(attainmentRevenueMinor, revenueTargetMinor),
      registrationsTarget,
      registrationsAttainment: permille(registered, registrationsTarget),
    })
  }
  return {
    rows: sortRanking(rows, options.sort ?? 'orderRevenue', options.dir ?? 'desc'),
    total,
    currency,
    target: attainment.target,
    previous,
  }
}

/** Names for the group keys: partners, regions and product lines from their tables. */
async function labelRows(
  db: Database,
  groupBy: Grouping,
  rows: RankingRow[],
): Promise<RankingRow[]> {
  const keys = rows.map((row) => row.key)
  if (keys.length === 0 || groupBy === 'tier') return rows
  const labels = new Map<string, { en: string; zh: string; code: string | null }>()
  if (groupBy === 'partner') {
    // One array parameter, not one parameter per partner (a ranking has up to every partner).
    const found = await db
      .select({ id: partners.id, name: partners.name, code: partners.code })
      .from(partners)
      .where(sql`${partners.id} = any(string_to_array(${keys.join(',')}, ',')::uuid[])`)
    for (const p of found) labels.set(p.id, { en: p.name, zh: p.name, code: p.code })
  } else if (groupBy === 'region') {
    const found = await db.select().from(regions).where(inArray(regions.code, keys))
    for (const r of found) labels.set(r.code, { en: r.nameEn, zh: r.nameZh, code: r.code })
  } else {
    const found = await db
      .select({
        id: productLines.id,
        code: productLines.code,
        nameEn: productLines.nameEn,
        nameZh: productLines.nameZh,
      })
      .from(productLines)
      .where(inArray(productLines.id, keys))
    for (const l of found) labels.set(l.id, { en: l.nameEn, zh: l.nameZh, code: l.code })
  }
  return rows.map((row) => {
    const label = labels.get(row.key)
    return label ? { ...row, labelEn: label.en, labelZh: label.zh, code: label.code } : row
  })
}

const sortValue: Record<RankingSort, (row: RankingRow) => number | string | null> = {
  name: (row) => row.labelEn.toLowerCase(),
  registrations: (row) => row.registrations,
  approvalRate: (row) => row.approvalRate,
  conflicts: (row) => row.conflicts,
  pipeline: (row) => row.pipelineMinor,
  weighted: (row) => row.weightedMinor,
  wonRevenue: (row) => row.wonRevenueMinor,
  winRate: (row) => row.winRate,
  orderRevenue: (row) => row.orderRevenueMinor,
  sourcedRevenue: (row) => row.sourcedRevenueMinor,
  share: (row) => row.share,
  growth: (row) => row.growth,
  attainment: (row) => row.attainment,
}

/** Sorted by one column; rows without a figure (null) last either way, then by name. */
export function sortRanking(
  rows: RankingRow[],
  sort: RankingSort,
  dir: SortDirection,
): RankingRow[] {
  const value = sortValue[sort]
  const sign = dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const va = value(a)
    const vb = value(b)
    if (va === null && vb !== null) return 1
    if (vb === null && va !== null) return -1
    if (va !== null && vb !== null && va !== vb) return (va < vb ? -1 : 1) * sign
    return a.labelEn.localeCompare(b.labelEn) || a.key.localeCompare(b.key)
  })
}
