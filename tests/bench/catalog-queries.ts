/**
 * Partner catalog at scale: 100 000 SKUs, 10 000 partners with contract prices, stock in three
 * warehouses. (Re)creates its own database, fills it with generate_series (deterministic), then
 * times findCatalog's views for one gold partner and prints EXPLAIN ANALYZE of each statement.
 *
 *   npx tsx tests/bench/catalog-queries.ts [--database-url postgres://postgres@127.0.0.1:5432/cp_bench_catalog]
 *     [--products 100000] [--partners 10000]
 */
import { performance } from 'node:perf_hooks'
import { sql, type SQL } from 'drizzle-orm'
import postgres from 'postgres'
import { openDatabase, type Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { findCatalog, type FindCatalogOptions } from '#app/modules/catalog/find-catalog.server'
import {
  catalogCountQuery,
  catalogWindowQuery,
  type CatalogFilter,
} from '#app/modules/catalog/catalog-view-sql.server'
import { getCatalogSettings } from '#app/modules/catalog/get-catalog-settings.server'

const args = new Map<string, string>()
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!, process.argv[i + 1]!)
const databaseUrl =
  args.get('--database-url') ?? 'postgres://postgres@127.0.0.1:5432/cp_bench_catalog'
const productCount = Number(args.get('--products') ?? 100_000)
const partnerCount = Number(args.get('--partners') ?? 10_000)
const date = '2026-12-01'

async function recreate(url: string) {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1))
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const client = postgres(admin.toString(), { max: 1, onnotice: () => {} })
  await client.unsafe(`drop database if exists "${name}" with (force)`)
  await client.unsafe(`create database "${name}"`)
  await client.end()
}

async function fill(db: Database) {
  const run = (query: SQL) => db.execute(query)
  await run(sql`insert into product_lines (code, name_en, name_zh)
    select 'BL' || i, 'Bench line ' || i, '基准产品线 ' || i from generate_series(1, 5) i`)
  await run(sql`insert into categories (code, name_en, name_zh)
    select 'bc-' || i, 'Bench category ' || i, '基准类别 ' || i from generate_series(1, 20) i`)
  await run(sql`insert into warehouses (code, name, name_zh, sort_order)
    select 'W' || i, 'Warehouse ' || i, '仓库 ' || i, i from generate_series(1, 3) i`)
  // Stock totals are kept by triggers; bulk loading fills them in one statement instead.
  await run(sql`alter table products disable trigger products_create_product_stock`)
  await run(sql`alter table stock_levels disable trigger stock_levels_refresh_product_stock`)
  const stems = [
    'Servo drive',
    'Frequency inverter',
    'Compact PLC',
    'Proximity sensor',
    'Touch panel',
    'Safety relay',
    'Encoder',
    'Power supply',
    'Cable',
    'Gripper',
  ]
  await run(sql`insert into products (sku, name, description, product_line_id, category_id,
      list_price_minor, currency, active)
    select 'BX-' || lpad(i::text, 6, '0'),
      (string_to_array(${stems.join('|')}, '|'))[1 + i % 10] || ' ' || (i % 997) || ' model ' || i,
      'Bench product ' || i,
      (select id from product_lines where code = 'BL' || (1 + i % 5)),
      (select id from categories where code = 'bc-' || (1 + i % 20)),
      (1000 + (i * 7919) % 5000000), 'CNY', i % 50 <> 0
    from generate_series(1, ${productCount}) i`)
  await run(sql`insert into stock_levels (product_id, warehouse_id, on_hand, reserved, restock_date)
    select p.id, w.id, oh, least(oh, (hashtext(p.sku || 'r') & 7)),
      case when oh = 0 then date '2027-01-15' end
    from products p cross join warehouses w
    cross join lateral (select greatest(0, (hashtext(p.sku || w.code) & 255) - 40) as oh) s`)
  await run(sql`insert into product_stock (product_id, on_hand, reserved, available, restock_date)
    select p.id, coalesce(sum(s.on_hand), 0), coalesce(sum(s.reserved), 0),
      coalesce(sum(s.on_hand - s.reserved), 0),
      min(s.restock_date) filter (where s.on_hand - s.reserved <= 0)
    from products p left join stock_levels s on s.product_id = p.id group by p.id`)
  await run(sql`alter table products enable trigger products_create_product_stock`)
  await run(sql`alter table stock_levels enable trigger stock_levels_refresh_product_stock`)

  await run(sql`insert into partners (code, name, kind, tier)
    select 'B-' || lpad(i::text, 5, '0'), 'Bench partner ' || i, 'dealer',
      (array['platinum','gold','silver','registered'])[1 + i % 4]::partner_tier
    from generate_series(1, ${partnerCount}) i`)
  await run(sql`insert into tier_discounts (tier, product_line_id, discount_bps, valid_from)
    select t::partner_tier, l.id, 1000 + 500 * k, '2026-01-01'
    from unnest(array['platinum','gold','silver','registered']) with ordinality as x(t, k)
    cross join product_lines l`)
  // Line ladders for every tier on two lines; SKU ladders on every 10th product for gold.
  await run(sql`insert into volume_breaks (tier, product_line_id, min_quantity, discount_bps, valid_from)
    select t::partner_tier, l.id, q, 2500 + q, '2026-01-01'
    from unnest(array['platinum','gold','silver','registered']) t
    cross join (select id from product_lines where code in ('BL1', 'BL2')) l
    cross join unnest(array[1, 50, 200]) q`)
  await run(sql`insert into volume_breaks (tier, product_id, min_quantity, price_minor, currency, valid_from)
    select 'gold', p.id, q, p.list_price_minor * (100 - q / 5) / 100, 'CNY', '2026-01-01'
    from products p cross join unnest(array[1, 10, 50]) q
    where right(p.sku, 1) = '0'`)
  // Twenty contract prices per partner (one in four expired), 200 000 rows.
  await run(sql`insert into contract_prices (partner_id, product_id, price_minor, currency,
      valid_from, valid_to)
    select pa.id, p.id, p.list_price_minor / 2, 'CNY',
      case when k % 4 = 0 then date '2025-01-01' else date '2026-06-01' end,
      case when k % 4 = 0 then date '2025-12-31' end
    from partners pa cross join generate_series(1, 20) k
    join products p on p.sku = 'BX-' || lpad((1 + (hashtext(pa.code || k) & 2147483647) % ${productCount})::text, 6, '0')
    on conflict do nothing`)
  await run(sql`vacuum analyze`)
}

async function time<T>(work: () => Promise<T>, runs = 7): Promise<{ median: number; last: T }> {
  const times: number[] = []
  let last!: T
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now()
    last = await work()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)]!, last }
}

async function main() {
  const skipFill = args.get('--skip-fill') === '1'
  if (!skipFill) await recreate(databaseUrl)
  const connection = await openDatabase({ url: databaseUrl, poolMax: 4 })
  const db = connection.db
  if (!skipFill) {
    await connection.migrate()
    const started = performance.now()
    await fill(db)
    console.log(`filled in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }
  const [partner] = await queryRows<{ id: string; tier: 'gold' }>(
    db,
    sql`select pa.id, pa.tier from partners pa
      where pa.tier = 'gold' order by pa.code limit 1`,
  )
  const counts = await queryRows(
    db,
    sql`select (select count(*) from products)::int as products,
      (select count(*) from contract_prices)::int as contracts,
      (select count(*) from volume_breaks)::int as breaks,
      (select count(*) from partners)::int as partners`,
  )
  console.log(counts[0])
  const settings = await getCatalogSettings(db)
  const actor = { partnerId: partner!.id, tier: partner!.tier }
  const views: [string, Partial<FindCatalogOptions>][] = [
    ['name, page 1', {}],
    ['name desc, page 1000', { dir: 'desc', page: 1000 }],
    ['search "servo drive 12"', { q: 'servo drive 12' }],
    ['search SKU "BX-0421"', { q: 'BX-0421' }],
    ['search "inverter", by price', { q: 'inverter', sort: 'price' }],
    ['in stock, by availability', { inStock: true, sort: 'availability' }],
    ['one line, by price', { productLineId: 'line', sort: 'price' }],
    ['everything, by price', { sort: 'price' }],
    ['everything, by price desc, page 200', { sort: 'price', dir: 'desc', page: 200 }],
  ]
  const [line] = await queryRows<{ id: string }>(
    db,
    sql`select id from product_lines where code = 'BL3'`,
  )
  for (const [label, view] of views) {
    const options: FindCatalogOptions = {
      actor,
      date,
      settings,
      ...view,
      productLineId: view.productLineId ? line!.id : null,
    }
    const { median, last } = await time(() => findCatalog(db, options))
    console.log(
      `${label.padEnd(40)} ${median.toFixed(1).padStart(7)} ms  total ${last.total}, first ${last.products[0]?.sku ?? '-'}`,
    )
    if (args.get('--explain') === '1') {
      const filter: CatalogFilter = {
        q: options.q,
        productLineId: options.productLineId,
        inStock: options.inStock,
      }
      const window = catalogWindowQuery({
        filter,
        pricing: { ...actor, date },
        sort: options.sort ?? 'name',
        dir: options.dir ?? (options.sort === 'availability' ? 'desc' : 'asc'),
        settings,
        limit: 25,
        offset: ((options.page ?? 1) - 1) * 25,
      })
      for (const query of [window, catalogCountQuery(filter)]) {
        const plan = await queryRows<{ 'QUERY PLAN': string }>(
          db,
          sql`explain (analyze, buffers off, costs off) ${query}`,
        )
        console.log(plan.map((row) => `    ${row['QUERY PLAN']}`).join('\n'))
      }
    }
  }
  await connection.close()
}

await main()
