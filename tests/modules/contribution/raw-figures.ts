import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'

/**
 * The contribution facts computed straight from the source rows with plain SQL, written apart
 * from the rollups' triggers and from the measures, to check both against.
 */

const day = (column: string) => sql.raw(`((${column}) at time zone 'Asia/Shanghai')::date::text`)
const booked = sql.raw(`o.status in ('submitted', 'confirmed', 'shipped', 'delivered')`)
const voided = sql.raw(`o.status in ('cancelled', 'expired')`)
const ordinal = (column: string) =>
  sql.raw(`(case ${column}::text when 'registered' then 1 when 'qualified' then 2
    when 'proposal' then 3 when 'negotiation' then 4 when 'won' then 5 else 0 end)`)

/** Every rollup's cells as the source rows say they should be, and as the rollup holds them. */
const cellChecks: { table: string; rows: SQL; rollup: SQL }[] = [
  {
    table: 'contribution_order_days',
    rows: sql`select ${day('o.placed_at')} as day, o.partner_id::text as partner,
        coalesce(r.partner_id::text, '-') as source, o.shipping_address->>'regionCode' as region,
        o.currency::text as currency, count(*)::int as lines,
        (count(*) filter (where ${booked}))::int as booked_lines,
        (count(distinct o.id) filter (where ${booked}))::int as booked_orders,
        coalesce(sum(ol.line_total_minor) filter (where ${booked}), 0)::text as booked_minor,
        coalesce(sum(ol.line_total_minor) filter (where ${voided}), 0)::text as voided_minor
      from order_lines ol join orders o on o.id = ol.order_id
      left join registrations r on r.id = o.registration_id
      group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`,
    rollup: sql`select day::text as day, partner_id::text as partner,
        coalesce(source_partner_id::text, '-') as source, region_code as region,
        currency::text as currency, lines, booked_lines, booked_orders,
        booked_minor::text as booked_minor, voided_minor::text as voided_minor
      from contribution_order_days
      where lines <> 0 or booked_lines <> 0 or booked_orders <> 0 or booked_minor <> 0
        or voided_minor <> 0
      order by 1, 2, 3, 4, 5`,
  },
  {
    table: 'contribution_order_line_days',
    rows: sql`select ${day('o.placed_at')} as day, o.partner_id::text as partner,
        coalesce(r.partner_id::text, '-') as source, o.shipping_address->>'regionCode' as region,
        ol.product_line_id::text as line, o.currency::text as currency, count(*)::int as lines,
        (count(*) filter (where ${booked}))::int as booked_lines,
        (count(distinct o.id) filter (where ${booked}))::int as booked_orders,
        coalesce(sum(ol.line_total_minor) filter (where ${booked}), 0)::text as booked_minor,
        coalesce(sum(ol.line_total_minor) filter (where ${voided}), 0)::text as voided_minor
      from order_lines ol join orders o on o.id = ol.order_id
      left join registrations r on r.id = o.registration_id
      group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`,
    rollup: sql`select day::text as day, partner_id::text as partner,
        coalesce(source_partner_id::text, '-') as source, region_code as region,
        product_line_id::text as line, currency::text as currency, lines, booked_lines,
        booked_orders, booked_minor::text as booked_minor, voided_minor::text as voided_minor
      from contribution_order_line_days
      where lines <> 0 or booked_lines <> 0 or booked_orders <> 0 or booked_minor <> 0
        or voided_minor <> 0
      order by 1, 2, 3, 4, 5, 6`,
  },
  {
    table: 'contribution_submission_days',
    rows: sql`select ${day('r.submitted_at')} as day, r.partner_id::text as partner,
        r.region_code as region, r.product_line_id::text as line,
        r.protection_starts_at is not null as approved,
        greatest(${ordinal('r.stage')}, coalesce((select max(${ordinal('e.to_stage')})
          from registration_events e where e.registration_id = r.id), 0)) as furthest,
        r.status::text as status, coalesce(r.lost_reason_code, '-') as reason,
        count(*)::int as registrations
      from registrations r group by 1, 2, 3, 4, 5, 6, 7, 8 order by 1, 2, 3, 4, 5, 6, 7, 8`,
    rollup: sql`select day::text as day, partner_id::text as partner, region_code as region,
        product_line_id::text as line, approved, furthest_stage::int as furthest,
        status::text as status, coalesce(lost_reason_code, '-') as reason, registrations
      from contribution_submission_days where registrations <> 0
      order by 1, 2, 3, 4, 5, 6, 7, 8`,
  },
  {
    table: 'contribution_decision_days',
    rows: sql`select ${day('r.decided_at')} as day, r.partner_id::text as partner,
        r.region_code as region, r.product_line_id::text as line, count(*)::int as decided,
        (count(*) filter (where r.protection_starts_at is not null))::int as approved
      from registrations r where r.decided_at is not null
      group by 1, 2, 3, 4 order by 1, 2, 3, 4`,
    rollup: sql`select day::text as day, partner_id::text as partner, region_code as region,
        product_line_id::text as line, decided, approved
      from contribution_decision_days where decided <> 0 or approved <> 0
      order by 1, 2, 3, 4`,
  },
  {
    table: 'contribution_outcome_days',
    rows: sql`select day, outcome, partner, fulfilment, region, line, currency,
        count(*)::int as registrations, sum(won_minor)::text as won_minor,
        sum(days)::int as days_to_close
      from (
        select r.won_on::text as day, 'won' as outcome, r.partner_id::text as partner,
          coalesce(r.fulfilment_partner_id::text, '-') as fulfilment, r.region_code as region,
          r.product_line_id::text as line, r.currency::text as currency,
          coalesce(r.won_amount_minor, 0) as won_minor,
          r.won_on - (r.submitted_at at time zone 'Asia/Shanghai')::date as days
        from registrations r where r.status = 'won' and r.won_on is not null
        union all
        select ${day('r.closed_at')}, 'lost', r.partner_id::text,
          coalesce(r.fulfilment_partner_id::text, '-'), r.region_code, r.product_line_id::text,
          r.currency::text, 0, 0
        from registrations r where r.status = 'lost' and r.closed_at is not null
        union all
        select ${day('r.protection_ends_at')}, 'expired', r.partner_id::text,
          coalesce(r.fulfilment_partner_id::text, '-'), r.region_code, r.product_line_id::text,
          r.currency::text, 0, 0
        from registrations r
        where r.status in ('approved', 'expired') and r.protection_ends_at is not null
      ) o
      group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7`,
    rollup: sql`select day::text as day, outcome, partner_id::text as partner,
        coalesce(fulfilment_partner_id::text, '-') as fulfilment, region_code as region,
        product_line_id::text as line, currency::text as currency, registrations,
        won_minor::text as won_minor, days_to_close
      from contribution_outcome_days
      where registrations <> 0 or won_minor <> 0 or days_to_close <> 0
      order by 1, 2, 3, 4, 5, 6, 7`,
  },
  {
    table: 'contribution_stage_stays',
    // Each stage entered (protection start for registered, then each change of stage after it)
    // and left by the next different one; a stay still open has no end and is not counted.
    rows: sql`with entered as (
        select r.id, 'registered' as stage, r.protection_starts_at as at, 0 as seq
        from registrations r where r.protection_starts_at is not null
        union all
        select r.id, e.to_stage::text, e.created_at, e.id
        from registration_events e join registrations r on r.id = e.registration_id
        where r.protection_starts_at is not null and e.to_stage is not null
          and e.created_at > r.protection_starts_at
      ), numbered as (
        select *, row_number() over (partition by id order by at, seq) as n from entered
      ), starts as (
        select a.* from numbered a
        left join numbered b on b.id = a.id and b.n = a.n - 1
        where b.stage is distinct from a.stage
      ), stays as (
        select s.id, s.stage, s.at,
          (select min(x.at) from starts x where x.id = s.id and (x.at, x.seq) > (s.at, s.seq))
            as left_at
        from starts s
      )
      select ${day('r.submitted_at')} as day, r.partner_id::text as partner,
        r.region_code as region, r.product_line_id::text as line, s.stage,
        floor(extract(epoch from s.left_at - s.at) / 3600)::int as hours, count(*)::int as stays
      from stays s join registrations r on r.id = s.id
      where s.left_at is not null and s.stage not in ('won', 'lost')
      group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`,
    rollup: sql`select day::text as day, partner_id::text as partner, region_code as region,
        product_line_id::text as line, stage::text as stage, hours, stays
      from contribution_stage_stays where stays <> 0
      order by 1, 2, 3, 4, 5, 6`,
  },
]

/** Each rollup table as [from the rows, as kept], for toEqual. */
export async function rollupCells(db: Database) {
  const result: Record<string, { rows: unknown[]; rollup: unknown[] }> = {}
  for (const check of cellChecks) {
    result[check.table] = {
      rows: await queryRows(db, check.rows),
      rollup: await queryRows(db, check.rollup),
    }
  }
  return result
}

/** The rows' version of each table and the rollup's, side by side, for one expect. */
export async function expectedAndKeptCells(db: Database) {
  const cells = await rollupCells(db)
  const rows = Object.fromEntries(Object.entries(cells).map(([t, c]) => [t, c.rows]))
  const kept = Object.fromEntries(Object.entries(cells).map(([t, c]) => [t, c.rollup]))
  return { rows, kept }
}

const instant = (value: Date) => sql`${value.toISOString()}::timestamptz`

export type RawPeriod = { start: Date; end: Date; from: string; to: string }

/** Fulfilled, sourced or credited order revenue per partner over the lines. */
export async function rawOrderRevenue(
  db: Database,
  period: RawPeriod,
  credit: 'fulfilled' | 'sourced' | 'credited',
  group: 'partner' | 'tier' | 'region' | 'line' | 'all',
) {
  const partner = {
    fulfilled: sql`array[o.partner_id]`,
    sourced: sql`array[r.partner_id]`,
    credited: sql`array[o.partner_id, r.partner_id]`,
  }[credit]
  const key = {
    partner: sql`cp.id::text`,
    tier: sql`p.tier::text`,
    region: sql`o.shipping_address->>'regionCode'`,
    line: sql`ol.product_line_id::text`,
    all: sql`'all'`,
  }[group]
  return queryRows<{
    key: string
    revenue: string
    orders: string
    via: string
    voided: string
  }>(
    db,
    sql`select ${key} as key,
        coalesce(sum(ol.line_total_minor) filter (where ${booked}), 0)::text as revenue,
        (count(distinct o.id) filter (where ${booked}))::text as orders,
        coalesce(sum(ol.line_total_minor)
          filter (where ${booked} and o.registration_id is not null), 0)::text as via,
        coalesce(sum(ol.line_total_minor) filter (where ${voided}), 0)::text as voided
      from order_lines ol join orders o on o.id = ol.order_id
      left join registrations r on r.id = o.registration_id
      cross join lateral (select distinct u.id from unnest(${partner}) u(id)
        where u.id is not null) cp
      join partners p on p.id = cp.id
      where o.placed_at >= ${instant(period.start)} and o.placed_at < ${instant(period.end)}
        and o.currency = 'CNY'
      group by 1 order by 1`,
  )
}

/** Submitted, decided, approved per registering partner. */
export async function rawRegistrationCounts(db: Database, period: RawPeriod) {
  const sub = sql`(r.submitted_at >= ${instant(period.start)} and r.submitted_at < ${instant(period.end)})`
  const dec = sql`(r.decided_at >= ${instant(period.start)} and r.decided_at < ${instant(period.end)})`
  return queryRows<{ key: string; submitted: number; decided: number; approved: number }>(
    db,
    sql`select r.partner_id::text as key, (count(*) filter (where ${sub}))::int as submitted,
        (count(*) filter (where ${dec}))::int as decided,
        (count(*) filter (where ${dec} and r.protection_starts_at is not null))::int as approved
      from registrations r where ${sub} or ${dec} group by 1 order by 1`,
  )
}

/** Won, won revenue, lost, expired (up to `until`) and average days, per credited partner. */
export async function rawOutcomes(
  db: Database,
  period: RawPeriod,
  until: Date,
  credit: 'fulfilled' | 'sourced' | 'credited',
) {
  const partner = {
    fulfilled: sql`array[coalesce(r.fulfilment_partner_id, r.partner_id)]`,
    sourced: sql`array[r.partner_id]`,
    credited: sql`array[r.partner_id, r.fulfilment_partner_id]`,
  }[credit]
  const won = sql`(r.status = 'won' and r.won_on between ${period.from}::date and ${period.to}::date)`
  const lost = sql`(r.status = 'lost' and r.closed_at >= ${instant(period.start)}
    and r.closed_at < ${instant(period.end)})`
  const upper = until < period.end ? until : period.end
  const expired = sql`(r.status in ('approved', 'expired')
    and r.protection_ends_at >= ${instant(period.start)} and r.protection_ends_at < ${instant(upper)})`
  return queryRows<{
    key: string
    won: number
    won_minor: string
    lost: number
    expired: number
    days: string | null
  }>(
    db,
    sql`select cp.id::text as key, (count(*) filter (where ${won}))::int as won,
        coalesce(sum(r.won_amount_minor) filter (where ${won} and r.currency = 'CNY'), 0)::text
          as won_minor,
        (count(*) filter (where ${lost}))::int as lost,
        (count(*) filter (where ${expired}))::int as expired,
        round(avg(r.won_on - (r.submitted_at at time zone 'Asia/Shanghai')::date)
          filter (where ${won}), 1)::text as days
      from registrations r
      cross join lateral (select distinct u.id from unnest(${partner}) u(id)
        where u.id is not null) cp
      where ${won} or ${lost} or ${expired}
      group by 1 order by 1`,
  )
}

/** The funnel of the registrations submitted in the period, over the rows and their history. */
export async function rawFunnel(db: Database, period: RawPeriod) {
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`select count(*)::int as submitted, (count(*) filter (where approved))::int as approved,
        (count(*) filter (where approved and furthest >= 2))::int as qualified,
        (count(*) filter (where approved and furthest >= 3))::int as proposal,
        (count(*) filter (where approved and furthest >= 4))::int as negotiation,
        (count(*) filter (where status = 'won'))::int as won
      from (
        select r.status, r.protection_starts_at is not null as approved,
          greatest(${ordinal('r.stage')}, coalesce((select max(${ordinal('e.to_stage')})
            from registration_events e where e.registration_id = r.id), 0)) as furthest
        from registrations r
        where r.submitted_at >= ${instant(period.start)} and r.submitted_at < ${instant(period.end)}
      ) cohort`,
  )
  return row!
}
