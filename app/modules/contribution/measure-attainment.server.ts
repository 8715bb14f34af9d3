import type { Database } from '#db/client.server'
import { permille, type ContributionFilters } from './contribution-rules'
import { findPartnerTargets } from './find-partner-targets.server'
import { measureOrderRevenue } from './measure-order-revenue.server'
import { measureRegistrationCounts, type RegistrationFigures } from './measure-registrations.server'
import { targetPeriodFor, type Period } from './period-rules'

export type MeasureAttainmentOptions = {
  period: Period
  filters: ContributionFilters
  currency: string
  now: Date
  /**
   * Registrations submitted in the target period so far by partner (region and product line
   * unfiltered), when the caller has them already.
   */
  registrations?: Promise<Map<string, RegistrationFigures>>
}

export type AttainmentFigures = {
  revenueTargetMinor: number
  /** Credited order revenue (placed or sourced) from the target period's start to `measuredTo`. */
  revenueMinor: number
  /** Tenths of a percent; null when the target is zero. */
  revenueAttainment: number | null
  registrationsTarget: number
  registrations: number
  registrationsAttainment: number | null
}

export type Attainment = {
  target: ReturnType<typeof targetPeriodFor>
  byPartner: Map<string, AttainmentFigures>
}

/**
 * Target attainment of every partner with a target for the period's target period (a quarter or
 * year is its own; a month or custom range counts quarter-to-date, see targetPeriodFor). Revenue
 * is credited revenue: orders the partner placed plus orders on registrations it sourced. Region
 * and product line filters do not apply: a target is for the whole partner.
 */
export async function measureAttainment(
  db: Database,
  options: MeasureAttainmentOptions,
): Promise<Attainment> {
  const target = targetPeriodFor(options.period)
  const partnerFilters = {
    regionCode: null,
    productLineId: null,
    tier: options.filters.tier,
    partnerId: options.filters.partnerId,
  }
  const measured: Period = { kind: 'custom', from: target.from, to: target.measuredTo }
  const scope = {
    period: measured,
    filters: partnerFilters,
    groupBy: 'partner' as const,
    currency: options.currency,
    now: options.now,
  }
  const [targets, revenue, registrations] = await Promise.all([
    findPartnerTargets(db, {
      kind: target.kind,
      periodStart: target.from,
      currency: options.currency,
      filters: partnerFilters,
    }),
    measureOrderRevenue(db, { ...scope, credit: 'credited' }),
    options.registrations ?? measureRegistrationCounts(db, scope),
  ])
  const byPartner = new Map<string, AttainmentFigures>()
  for (const [partnerId, goal] of targets) {
    const revenueMinor = revenue.get(partnerId)?.revenueMinor ?? 0
    const submitted = registrations.get(partnerId)?.submitted ?? 0
    byPartner.set(partnerId, {
      revenueTargetMinor: goal.revenueTargetMinor,
      revenueMinor,
      revenueAttainment: permille(revenueMinor, goal.revenueTargetMinor),
      registrationsTarget: goal.registrationsTarget,
      registrations: submitted,
      registrationsAttainment: permille(submitted, goal.registrationsTarget),
    })
  }
  return { target, byPartner }
}
