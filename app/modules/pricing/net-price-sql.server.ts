import { sql, type SQL } from 'drizzle-orm'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import { bpsScale } from './price-rules'

export type NetPriceSqlOptions = {
  partnerId: string
  tier: PartnerTier
  /** The pricing date: a calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
  date: string
  /** Units per line: a number for a whole page (1 on the catalog), or a column for cart lines. */
  quantity?: number | SQL
  /** Set only for an order linked to the partner's own approved registration. */
  dealDiscountBps?: number | null
  /** The alias of the `products` row being priced in the surrounding query (default `p`). */
  productAlias?: string
}

/** `round(amount × (10 000 − bps) / 10 000)` half away from zero, as `applyBps` (amounts are ≥ 0). */
const discounted = (amount: SQL, bps: SQL) =>
  sql`((${amount}) * (${bpsScale} - (${bps})) + ${bpsScale / 2}) / ${bpsScale}`

/**
 * A `LEFT JOIN LATERAL … np ON true` that prices each row of `products` (aliased `p`) for one
 * partner, in the order of ADR 0008 and with its rounding, so a list page prices every row in the
 * same query. It adds `np.unit_net_minor` (int8) and `np.price_source` (text:
 * contract | volume_break | tier_discount | list). `resolveNetPrice` in price-rules.ts is the
 * reference; tests/modules/pricing/net-price-agreement.test.ts proves the two agree.
 *
 * Rows in another currency than the product's are skipped (the pure function refuses them; the
 * write paths never store them).
 */
export function netPriceJoin(options: NetPriceSqlOptions): SQL {
  const p = sql.raw(`"${(options.productAlias ?? 'p').replace(/"/g, '')}"`)
  const date = sql`${options.date}::date`
  const tier = sql`${options.tier}::partner_tier`
  const quantity =
    typeof options.quantity === 'object' ? options.quantity : sql`${options.quantity ?? 1}::int`
  const dealBps = options.dealDiscountBps ?? null
  const validOn = (alias: string) => {
    const a = sql.raw(alias)
    return sql`${a}.valid_from <= ${date} and (${a}.valid_to is null or ${a}.valid_to >= ${date})`
  }
  const breakValue = sql`case when vb.price_minor is not null then vb.price_minor
    else ${discounted(sql`${p}.list_price_minor`, sql`vb.discount_bps`)} end`
  return sql`left join lateral (
    select r.base_minor, r.price_source,
      ${dealBps === null ? sql`r.base_minor` : discounted(sql`r.base_minor`, sql`${dealBps}::int`)}
        as unit_net_minor
    from (
      select
        coalesce(c.v, sb.v, lb.v, td.v, ${p}.list_price_minor) as base_minor,
        case when c.v is not null then 'contract'
             when sb.v is not null or lb.v is not null then 'volume_break'
             when td.v is not null then 'tier_discount'
             else 'list' end as price_source
      from
        (select (
          select cp.price_minor from contract_prices cp
          where cp.partner_id = ${options.partnerId}::uuid and cp.product_id = ${p}.id
            and cp.currency = ${p}.currency and ${validOn('cp')}
          order by cp.valid_from desc, cp.price_minor asc limit 1
        ) as v) c,
        (select (
          select ${breakValue}
          from volume_breaks vb
          where vb.product_id = ${p}.id and vb.tier = ${tier} and vb.min_quantity <= ${quantity}
            and (vb.price_minor is null or vb.currency = ${p}.currency) and ${validOn('vb')}
          order by vb.min_quantity desc limit 1
        ) as v) sb,
        (select (
          select ${breakValue}
          from volume_breaks vb
          where vb.product_line_id = ${p}.product_line_id and vb.tier = ${tier}
            and vb.min_quantity <= ${quantity}
            and (vb.price_minor is null or vb.currency = ${p}.currency) and ${validOn('vb')}
          order by vb.min_quantity desc limit 1
        ) as v) lb,
        (select (
          select ${discounted(sql`${p}.list_price_minor`, sql`td.discount_bps`)}
          from tier_discounts td
          where td.tier = ${tier} and td.product_line_id = ${p}.product_line_id and ${validOn('td')}
          limit 1
        ) as v) td
    ) r
  ) np on true`
}
