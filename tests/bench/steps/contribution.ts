import type { ReservedSql, TransactionSql } from 'postgres'
import type { ScaleName } from '../bench-config'
import { dropSecondaryIndexes } from '../lib/copy'
import type { GenerateStep, RowCounts } from '../lib/context'

/** What the contribution figures read, per scale (DESIGN.md: 5 000 000 order lines). */
export const contributionByScale: Record<
  ScaleName,
  { products: number; orders: number; conflicts: number }
> = {
  small: { products: 2_000, orders: 20_000, conflicts: 1_000 },
  target: { products: 20_000, orders: 1_000_000, conflicts: 30_000 },
}

/** Orders are placed over the two years before now. */
const ORDER_DAYS = 730

/**
 * Everything contribution reads beyond partners, users and registrations (which earlier steps
 * write): two-tier fulfilment partners on reseller registrations, their stage history, refused
 * submissions (conflicts), a product list, orders with their lines in every status, and quarterly
 * targets. Written by PostgreSQL itself (`INSERT … SELECT … FROM generate_series`) with
 * deterministic pseudo-random choices — `hashint8extended(row number, salt)` — so a million
 * orders take a minute rather than the quarter of an hour that streaming them from Node would.
 */
export const contributionStep: GenerateStep = {
  name: 'contribution',
  async run(ctx) {
    const size = contributionByScale[ctx.scale.name]
    const now = `'${ctx.now.toISOString()}'::timestamptz`
    const counts: RowCounts = {}
    // Temporary tables and functions live on one connection.
    const sql = await ctx.sql.reserve()
    try {
      await sql.unsafe(`
        create function pg_temp.h(n bigint, salt bigint) returns bigint
          language sql immutable parallel safe
          as $$ select hashint8extended(n, salt) & 9223372036854775807 $$`)
      await sql.unsafe(`
        create temp table bench_partner as
        select (row_number() over (order by p.code) - 1)::int as ix, p.id, p.kind, p.tier,
          u.id as user_id, t.region_code
        from partners p
        cross join lateral (select id from users where partner_id = p.id
          order by role desc, email limit 1) u
        cross join lateral (select region_code from partner_territories
          where partner_id = p.id order by region_code limit 1) t`)
      await sql.unsafe(`create unique index on bench_partner (ix)`)
      await sql.unsafe(`
        create temp table bench_distributor as
        select (row_number() over (order by ix) - 1)::int as ix, id
        from bench_partner where kind = 'distributor'`)
      await sql.unsafe(`create unique index on bench_distributor (ix)`)
      await sql.unsafe(`
        create temp table bench_region as
        select (row_number() over (order by code) - 1)::int as ix, code from regions`)

      counts.fulfilment_partners = await twoTier(sql)
      counts.registration_events = await stageHistory(sql, now)
      counts.registration_conflicts = await conflicts(sql, now, size.conflicts)
      counts.products = await products(sql, size.products)
      const orders = await ordersAndLines(sql, now, size.orders)
      counts.orders = orders.orders
      counts.order_lines = orders.lines
      counts.partner_targets = await targets(sql, now)
    } finally {
      sql.release()
    }
    return counts
  },
}

/** About 30 % of resellers' registrations name a distributor that fulfils them. */
async function twoTier(sql: ReservedSql): Promise<number> {
  const [{ n }] = await sql.unsafe<{ n: number }[]>(`
    with named as (
      update registrations r
         set fulfilment_partner_id = d.id
        from bench_partner p, bench_distributor d
       where p.id = r.partner_id and p.kind = 'reseller'
         and pg_temp.h(substr(r.number, 3)::bigint, 1) % 100 < 30
         and d.ix = pg_temp.h(substr(r.number, 3)::bigint, 2)
           % (select count(*) from bench_distributor)
      returning 1)
    select count(*)::int as n from named`)
  return n
}

/**
 * Stage changes of every approved registration, between its decision and its close (or the end
 * of its protection, or now): up to its current stage for open and expired ones, through
 * negotiation to won for won ones, and to a random stage then lost for lost ones.
 */
async function stageHistory(sql: ReservedSql, now: string): Promise<number> {
  const [{ n }] = await sql.unsafe<{ n: number }[]>(`
    with furthest as (
      select r.id, r.created_by_id, r.status, r.decided_at,
        least(coalesce(r.closed_at, r.protection_ends_at, ${now}), ${now}) as ends_at,
        case
          when r.status = 'won' then 4
          when r.status = 'lost' then 1 + (pg_temp.h(substr(r.number, 3)::bigint, 3) % 4)::int
          else array_position(array['registered','qualified','proposal','negotiation'],
            r.stage::text)
        end as reached
      from registrations r
      where r.protection_starts_at is not null and r.decided_at is not null
    ), steps as (
      select f.*, s.k,
        (array['registered','qualified','proposal','negotiation'])[s.k] as to_stage,
        (array['registered','qualified','proposal','negotiation'])[s.k - 1] as from_stage,
        false as closing
      from furthest f cross join lateral generate_series(2, f.reached) as s(k)
      union all
      select f.*, f.reached + 1,
        case when f.status = 'won' then 'won' else 'lost' end,
        (array['registered','qualified','proposal','negotiation'])[f.reached],
        true
      from furthest f where f.status in ('won', 'lost')
    ), written as (
      insert into registration_events (registration_id, actor_user_id, type, from_stage,
        to_stage, created_at)
      select id, created_by_id,
        case when closing then to_stage else 'stage_changed' end,
        from_stage::registration_stage, to_stage::registration_stage,
        case when closing then ends_at
          else decided_at + (ends_at - decided_at) * (k - 1) / (reached + 1) end
      from steps
      returning 1)
    select count(*)::int as n from written`)
  return n
}

/** Refused submissions for opportunities other partners held, most of them resolved. */
async function conflicts(sql: ReservedSql, now: string, total: number): Promise<number> {
  await sql.unsafe(`
    create temp table bench_holder as
    select (row_number() over (order by number) - 1)::int as ix, id, partner_id, prospect_key,
      prospect_name, product_line_id, region_code, submitted_at
    from registrations
    where status in ('pending', 'approved', 'won')
      and submitted_at > ${now} - interval '${ORDER_DAYS} days'`)
  await sql.unsafe(`create unique index on bench_holder (ix)`)
  const [{ n }] = await sql.unsafe<{ n: number }[]>(`
    with picked as (
      select g, hr.*, sp.id as submitter_id, sp.user_id as submitter_user_id,
        hr.submitted_at + (${now} - hr.submitted_at) * (pg_temp.h(g, 13) % 1000) / 1000.0
          as created_at,
        pg_temp.h(g, 14) % 100 < 85 as resolved
      from generate_series(1, ${total}) g
      join bench_holder hr on hr.ix = pg_temp.h(g, 11) % (select count(*) from bench_holder)
      join bench_partner sp on sp.ix = pg_temp.h(g, 12) % (select count(*) from bench_partner)
      where sp.id <> hr.partner_id
    ), written as (
      insert into registration_conflicts (product_line_id, prospect_key, prospect_name,
        submitted_by_partner_id, submitted_by_id, submission, holder_registration_id, rule, status,
        resolution, resolved_at, resolution_reason, created_at)
      select product_line_id, prospect_key, prospect_name, submitter_id, submitter_user_id,
        jsonb_build_object('prospectName', prospect_name, 'regionCode', region_code,
          'productLineId', product_line_id, 'estimatedValue', '100000', 'currency', 'CNY'),
        id, 'time_priority', case when resolved then 'resolved' else 'open' end::conflict_status,
        case when resolved then 'kept_holder' end::conflict_resolution,
        case when resolved then created_at + interval '1 day' end,
        case when resolved then 'Registered first' end,
        created_at
      from picked
      returning 1)
    select count(*)::int as n from written`)
  return n
}

/** A product list over the five lines (list prices 10 – 5 000 CNY). */
async function products(sql: ReservedSql, total: number): Promise<number> {
  await sql.unsafe(`
    insert into categories (code, name_en, name_zh, sort_order)
    select 'bench-' || g, 'Bench category ' || g, '测试类别 ' || g, g
    from generate_series(1, 10) g
    on conflict (code) do nothing`)
  const [{ n }] = await sql.unsafe<{ n: number }[]>(`
    with lines as (
      select (row_number() over (order by code) - 1)::int as ix, id from product_lines
    ), cats as (
      select (row_number() over (order by code) - 1)::int as ix, id from categories
      where code like 'bench-%'
    ), written as (
      insert into products (id, sku, name, product_line_id, category_id, unit, list_price_minor)
      select ('00000000-0000-4000-a000-' || lpad(to_hex(g), 12, '0'))::uuid,
        'BC-' || lpad(g::text, 6, '0'), 'Bench product ' || g, l.id, c.id,
        case when g % 7 = 0 then 'set' else 'pcs' end,
        (10 + pg_temp.h(g, 21) % 4990) * 100
      from generate_series(1, ${total}) g
      join lines l on l.ix = g % (select count(*) from lines)
      join cats c on c.ix = g % (select count(*) from cats)
      returning 1)
    select count(*)::int as n from written`)
  await sql.unsafe(`
    create temp table bench_product as
    select (row_number() over (order by sku) - 1)::int as ix, id, product_line_id, sku, name,
      unit, list_price_minor
    from products where sku like 'BC-%'`)
  await sql.unsafe(`create unique index on bench_product (ix)`)
  return n
}

/**
 * Orders over two years, skewed towards the first partners (the bench logins' partners are the
 * busiest); one in five linked to an approved or won registration and placed by its fulfilling
 * partner. Recent orders are in every status; older ones delivered, shipped, confirmed,
 * cancelled or expired. One to nine lines each (five on average), priced at the tier discount
 * and, when linked, the 5 % deal discount on top.
 */
async function ordersAndLines(
  sql: ReservedSql,
  now: string,
  total: number,
): Promise<{ orders: number; lines: number }> {
  await sql.unsafe(`
    create temp table bench_linkable as
    select (row_number() over (order by r.number) - 1)::int as ix, r.id,
      coalesce(r.fulfilment_partner_id, r.partner_id) as partner_id, r.decided_at,
      least(coalesce(r.closed_at, r.protection_ends_at), ${now}) as until
    from registrations r
    where r.status in ('approved', 'won') and r.decided_at > ${now} - interval '${ORDER_DAYS} days'
      and r.decided_at < ${now} - interval '1 hour'`)
  await sql.unsafe(`create unique index on bench_linkable (ix)`)
  // Order headers first (the choices every line and total depends on), then orders and lines.
  await sql.unsafe(`
    create temp table bench_order as
    with draw as (
      select g,
        pg_temp.h(g, 31) % 100 < 20 as linked,
        floor(power((pg_temp.h(g, 32) % 1000000) / 1000000.0, 2)
          * (select count(*) from bench_partner))::int as partner_ix,
        pg_temp.h(g, 33) % (select count(*) from bench_linkable) as link_ix,
        (pg_temp.h(g, 34) % 1000000) / 1000000.0 as when_fraction,
        pg_temp.h(g, 35) % 100 as status_draw,
        pg_temp.h(g, 36) % 100 as method_draw,
        1 + pg_temp.h(g, 37) % 9 as line_count
      from generate_series(1, ${total}) g
    ), placed as (
      select d.g, d.line_count, d.status_draw, d.method_draw,
        coalesce(l.partner_id, p.id) as partner_id,
        l.id as registration_id,
        case when l.id is null
          then ${now} - interval '${ORDER_DAYS} days' * d.when_fraction
          else l.decided_at + (l.until - l.decided_at) * d.when_fraction end as placed_at
      from draw d
      join bench_partner p on p.ix = d.partner_ix
      left join bench_linkable l on d.linked and l.ix = d.link_ix
    )
    select pl.*, bp.user_id, bp.tier,
      case when pg_temp.h(pl.g, 38) % 100 < 80 then bp.region_code
        else (select code from bench_region
          where ix = pg_temp.h(pl.g, 39) % (select count(*) from bench_region)) end
        as region_code,
      case
        when pl.placed_at > ${now} - interval '3 days' then
          case when pl.status_draw < 15 then 'pending_payment' when pl.status_draw < 25
            then 'credit_hold' when pl.status_draw < 60 then 'submitted' when pl.status_draw < 80
            then 'confirmed' when pl.status_draw < 95 then 'shipped' else 'cancelled' end
        else
          case when pl.status_draw < 75 then 'delivered' when pl.status_draw < 82 then 'shipped'
            when pl.status_draw < 86 then 'confirmed' when pl.status_draw < 88 then 'submitted'
            when pl.status_draw < 96 then 'cancelled' else 'expired' end
      end::order_status as status,
      ${now} - pl.placed_at as age
    from placed pl join bench_partner bp on bp.id = pl.partner_id`)
  await sql.unsafe(`
    alter table bench_order add column method payment_method;
    update bench_order set method = case
      when status in ('pending_payment', 'expired') then 'card'
      when status = 'credit_hold' then 'on_account'
      when method_draw < 30 then 'card' else 'on_account' end::payment_method;
    create unique index on bench_order (g)`)
  // The net unit price of line k of order g: tier discount, then the deal discount when linked.
  await sql.unsafe(`
    create temp table bench_line as
    select o.g, k as line_no, pr.id as product_id, pr.product_line_id, pr.sku, pr.name,
      pr.unit, pr.list_price_minor as list_unit,
      (1 + pg_temp.h(o.g * 16 + k, 41) % 20)::int as quantity,
      (pr.list_price_minor * (10000 - case o.tier when 'platinum' then 3500 when 'gold' then 3000
        when 'silver' then 2000 else 1000 end) / 10000
        * (case when o.registration_id is null then 10000 else 9500 end) / 10000)::bigint
        as net_unit,
      o.registration_id is not null as deal_discount_applied
    from bench_order o
    cross join lateral generate_series(1, o.line_count::int) k
    join bench_product pr
      on pr.ix = pg_temp.h(o.g * 16 + k, 42) % (select count(*) from bench_product)`)

  // One transaction (the temporary tables are on this connection, so no sql.begin): the
  // secondary indexes are dropped for the load and rebuilt once at the end.
  await sql.unsafe('begin')
  try {
    const tx = sql as unknown as TransactionSql
    const restore = await dropSecondaryIndexes(tx, ['orders', 'order_lines'])
    const [{ n: orders }] = await tx.unsafe<{ n: number }[]>(`
      with totals as (
        select g, sum(list_unit * quantity) as list_total, sum(net_unit * quantity) as subtotal
        from bench_line group by g
      ), written as (
        insert into orders (id, number, partner_id, placed_by_id, status, payment_method,
          payment_status, shipping_address, registration_id, deal_discount_bps, currency,
          list_total_minor, subtotal_minor, shipping_minor, total_minor, idempotency_key,
          credit_hold_expires_at, payment_expires_at, carrier, tracking_number, cancel_reason,
          placed_at, submitted_at, credit_hold_at, confirmed_at, shipped_at, delivered_at,
          cancelled_at, expired_at, paid_at, created_at, updated_at)
        select
          ('00000000-0000-4000-9000-' || lpad(to_hex(o.g), 12, '0'))::uuid,
          'SO-' || lpad(o.g::text, 7, '0'), o.partner_id, o.user_id, o.status, o.method,
          case when o.method = 'card' and o.status in ('submitted', 'confirmed', 'shipped',
            'delivered') or o.method = 'on_account' and o.status = 'delivered'
            and o.age > interval '60 days' then 'paid' else 'unpaid' end::payment_status,
          jsonb_build_object('label', 'Main warehouse', 'recipient', 'Receiving desk',
            'phone', '+86 21 5555 0100', 'regionCode', o.region_code, 'city', 'Bench City',
            'line1', o.g || ' Industrial Road', 'line2', null, 'postalCode', '200000'),
          o.registration_id, case when o.registration_id is not null then 500 end,
          case when pg_temp.h(o.g, 43) % 100 = 0 then 'USD' else 'CNY' end,
          t.list_total, t.subtotal, case when t.subtotal < 500000 then 2000 else 0 end,
          t.subtotal + case when t.subtotal < 500000 then 2000 else 0 end,
          'bench-order-' || o.g,
          case when o.status = 'credit_hold' then o.placed_at + interval '72 hours' end,
          case when o.method = 'card' then o.placed_at + interval '1 hour' end,
          case when o.status in ('shipped', 'delivered') then 'SF Express' end,
          case when o.status in ('shipped', 'delivered') then 'SF' || lpad(o.g::text, 10, '0') end,
          case when o.status = 'cancelled' then 'Customer postponed the project' end,
          o.placed_at,
          case when o.status not in ('pending_payment', 'credit_hold', 'expired')
            and not (o.status = 'cancelled' and o.method = 'card')
            then o.placed_at + interval '2 minutes' end,
          case when o.status = 'credit_hold' then o.placed_at end,
          case when o.status in ('confirmed', 'shipped', 'delivered')
            then o.placed_at + least(o.age * 0.2, interval '1 day') end,
          case when o.status in ('shipped', 'delivered')
            then o.placed_at + least(o.age * 0.4, interval '3 days') end,
          case when o.status = 'delivered' then o.placed_at + least(o.age * 0.6, interval '7 days') end,
          case when o.status = 'cancelled' then o.placed_at + least(o.age * 0.3, interval '2 days') end,
          case when o.status = 'expired' then o.placed_at + interval '1 hour' end,
          case when o.method = 'card' and o.status in ('submitted', 'confirmed', 'shipped',
            'delivered') then o.placed_at + interval '1 minute'
            when o.method = 'on_account' and o.status = 'delivered' and o.age > interval '60 days'
            then o.placed_at + interval '45 days' end,
          o.placed_at, o.placed_at
        from bench_order o join totals t on t.g = o.g
        returning 1)
      select count(*)::int as n from written`)
    const [{ n: lines }] = await tx.unsafe<{ n: number }[]>(`
      with written as (
        insert into order_lines (order_id, line_no, product_id, product_line_id, sku, name, unit,
          quantity, list_unit_minor, net_unit_minor, line_total_minor, price_source, price_steps,
          deal_discount_applied, created_at)
        select ('00000000-0000-4000-9000-' || lpad(to_hex(l.g), 12, '0'))::uuid, l.line_no,
          l.product_id, l.product_line_id, l.sku, l.name, l.unit, l.quantity, l.list_unit,
          l.net_unit, l.net_unit * l.quantity, 'tier_discount',
          jsonb_build_array(jsonb_build_object('source', 'list', 'unitMinor', l.list_unit)),
          l.deal_discount_applied, o.placed_at
        from bench_line l join bench_order o on o.g = l.g
        returning 1)
      select count(*)::int as n from written`)
    await tx.unsafe(`select setval('order_number_seq', ${total})`)
    await restore()
    await sql.unsafe('commit')
    return { orders, lines }
  } catch (error) {
    await sql.unsafe('rollback')
    throw error
  }
}

/**
 * Revenue and registration targets for four in five partners, every quarter of the two years
 * back and the next one, sized by tier.
 */
async function targets(sql: ReservedSql, now: string): Promise<number> {
  const [{ n }] = await sql.unsafe<{ n: number }[]>(`
    with written as (
      insert into partner_targets (partner_id, period_kind, period_start, revenue_target_minor,
        currency, registrations_target)
      select p.id, 'quarter', q::date,
        (case p.tier when 'platinum' then 500000000 when 'gold' then 200000000 when 'silver'
          then 80000000 else 30000000 end) * (80 + pg_temp.h(p.ix * 64 + extract(epoch from q)::bigint,
          51) % 60) / 100 * 100,
        'CNY', 5 + (pg_temp.h(p.ix * 64 + extract(epoch from q)::bigint, 52) % 40)::int
      from bench_partner p
      cross join generate_series(
        date_trunc('quarter', (${now} at time zone 'Asia/Shanghai') - interval '2 years'),
        date_trunc('quarter', (${now} at time zone 'Asia/Shanghai') + interval '3 months'),
        interval '3 months') q
      where pg_temp.h(p.ix, 53) % 100 < 80
      returning 1)
    select count(*)::int as n from written`)
  return n
}
