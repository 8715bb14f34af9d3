/**
 * The plans of the partner catalog's own statements (findCatalog's window and count, as the page
 * issues them) on the generated bench data, for one bench partner user's partner:
 *
 *   npx tsx tests/bench/catalog-plans.ts [--database-url postgres://…/cp_bench] [--q "light curtain"]
 *     [--analyze true|false]
 *
 * Read-only. Prints EXPLAIN (ANALYZE, BUFFERS) of every view the HTTP bench loads and a few more.
 */
import { sql, type SQL } from 'drizzle-orm'
import { openDatabase } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { catalogCountCap } from '#app/modules/catalog/catalog-query-rules'
import {
  catalogCountQuery,
  catalogWindowQuery,
  type CatalogFilter,
} from '#app/modules/catalog/catalog-view-sql.server'
import type { CatalogSort, SortDirection } from '#app/modules/catalog/catalog-query-rules'
import { getCatalogSettings } from '#app/modules/catalog/get-catalog-settings.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { benchPartnerEmail, DEFAULT_BENCH_DATABASE_URL, parseArgs } from './bench-config'

const options = parseArgs(process.argv.slice(2), ['database-url', 'q', 'analyze'])
const connection = await openDatabase({
  url: options.get('database-url') ?? DEFAULT_BENCH_DATABASE_URL,
  poolMax: 1,
})
const db = connection.db
const analyze = options.get('analyze') !== 'false'
const q = options.get('q') ?? 'light curtain'

const [actor] = await queryRows<{ partner_id: string; tier: PartnerTier }>(
  db,
  sql`select p.id as partner_id, p.tier from users u join partners p on p.id = u.partner_id
      where u.email = ${benchPartnerEmail(1)}`,
)
if (!actor) throw new Error('No bench partner: run npm run bench:generate first')
const [line] = await queryRows<{ id: string }>(db, sql`select id from product_lines limit 1`)
const settings = await getCatalogSettings(db)
const pricing = { partnerId: actor.partner_id, tier: actor.tier, date: todayInShanghai(new Date()) }

const views: { title: string; filter: CatalogFilter; sort: CatalogSort; dir: SortDirection }[] = [
  { title: 'by name', filter: {}, sort: 'name', dir: 'asc' },
  { title: `search "${q}"`, filter: { q }, sort: 'name', dir: 'asc' },
  {
    title: 'one line, in stock',
    filter: { productLineId: line?.id, inStock: true },
    sort: 'name',
    dir: 'asc',
  },
  { title: 'by price', filter: {}, sort: 'price', dir: 'asc' },
  { title: 'by price descending', filter: {}, sort: 'price', dir: 'desc' },
  { title: `search "${q}" by price`, filter: { q }, sort: 'price', dir: 'asc' },
  { title: 'by availability', filter: {}, sort: 'availability', dir: 'desc' },
]

const explain = async (query: SQL) => {
  const plan = await queryRows<{ 'QUERY PLAN': string }>(
    db,
    analyze
      ? sql`explain (analyze, buffers, costs off) ${query}`
      : sql`explain (costs off) ${query}`,
  )
  return plan.map((row) => `    ${row['QUERY PLAN']}`).join('\n')
}

console.log(`Partner ${actor.partner_id} (${actor.tier}), ${pricing.date}`)
for (const view of views) {
  const window = catalogWindowQuery({ ...view, pricing, settings, limit: 25, offset: 0 })
  console.log(`\n## ${view.title}: window\n${await explain(window)}`)
  console.log(
    `\n## ${view.title}: count\n${await explain(catalogCountQuery(view.filter, catalogCountCap + 1))}`,
  )
}
await connection.close()
