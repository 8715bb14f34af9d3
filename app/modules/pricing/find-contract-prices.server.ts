import { and, asc, count, desc, eq, gt, gte, ilike, isNull, lt, lte, or, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { contractPrices, products } from '#db/schema/catalog'
import { partners } from '#db/schema/partners'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import type { PartnerStatus, PartnerTier } from '#app/modules/partners/partner-rules'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import { contractPricesPageSize } from './contract-price-rules'
import { canDeleteRow, type ValidityState } from './price-validity-rules'

export type FindContractPricesOptions = {
  partnerId: string
  when?: ValidityState
  /** SKU or product name contains. */
  sku?: string
  page?: number
  now?: Date
}

export type ContractPriceRow = {
  id: string
  productId: string
  sku: string
  name: string
  listPriceMinor: number
  productCurrency: string
  priceMinor: number
  currency: string
  validFrom: string
  validTo: string | null
  note: string | null
  policyId: string | null
  canEnd: boolean
  canDelete: boolean
}

export type FindContractPricesResult = {
  partner: {
    id: string
    code: string
    name: string
    tier: PartnerTier
    status: PartnerStatus
    currency: string
  }
  today: string
  counts: Record<ValidityState, number>
  rows: ContractPriceRow[]
  total: number
  page: number
  pageCount: number
}

/** LIKE treats % and _ as wildcards; a search for "50%" means the characters. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

/**
 * One partner's contract prices in force today, upcoming or ended (`when`), 50 per page, with the
 * product's list price beside each; and how many there are of each. Another partner's prices are
 * never read: the partner is a required argument of every query. An unknown partner is not found.
 */
export async function findContractPrices(
  db: Database,
  options: FindContractPricesOptions,
): Promise<FindContractPricesResult> {
  if (!isUuid(options.partnerId)) throw notFound()
  const [partner] = await db
    .select({
      id: partners.id,
      code: partners.code,
      name: partners.name,
      tier: partners.tier,
      status: partners.status,
      currency: partners.currency,
    })
    .from(partners)
    .where(eq(partners.id, options.partnerId))
  if (!partner) throw notFound()

  const today = todayInShanghai(options.now ?? new Date())
  const when = options.when ?? 'current'
  const page = options.page && options.page >= 1 ? Math.floor(options.page) : 1
  const ofPartner = eq(contractPrices.partnerId, partner.id)
  const phase = {
    current: and(
      lte(contractPrices.validFrom, today),
      or(isNull(contractPrices.validTo), gte(contractPrices.validTo, today)),
    ),
    future: gt(contractPrices.validFrom, today),
    past: lt(contractPrices.validTo, today),
  }
  const sku = options.sku?.trim()
  const search = sku
    ? or(ilike(products.sku, `%${escapeLike(sku)}%`), ilike(products.name, `%${escapeLike(sku)}%`))
    : undefined
  const where = and(ofPartner, phase[when], search)
  const order =
    when === 'past'
      ? [desc(contractPrices.validTo), asc(products.sku)]
      : when === 'future'
        ? [asc(contractPrices.validFrom), asc(products.sku)]
        : [asc(products.sku)]

  const [rows, [counted], [phases]] = await Promise.all([
    db
      .select({
        id: contractPrices.id,
        productId: products.id,
        sku: products.sku,
        name: products.name,
        listPriceMinor: products.listPriceMinor,
        productCurrency: products.currency,
        priceMinor: contractPrices.priceMinor,
        currency: contractPrices.currency,
        validFrom: contractPrices.validFrom,
        validTo: contractPrices.validTo,
        note: contractPrices.note,
        policyId: contractPrices.policyId,
      })
      .from(contractPrices)
      .innerJoin(products, eq(products.id, contractPrices.productId))
      .where(where)
      .orderBy(...order, asc(contractPrices.id))
      .limit(contractPricesPageSize)
      .offset((page - 1) * contractPricesPageSize),
    db
      .select({ total: count() })
      .from(contractPrices)
      .innerJoin(products, eq(products.id, contractPrices.productId))
      .where(where),
    db
      .select({
        current: sql<number>`count(*) filter (where ${phase.current})::int`,
        future: sql<number>`count(*) filter (where ${phase.future})::int`,
        past: sql<number>`count(*) filter (where ${phase.past})::int`,
      })
      .from(contractPrices)
      .innerJoin(products, eq(products.id, contractPrices.productId))
      .where(and(ofPartner, search)),
  ])
  const total = Number(counted?.total ?? 0)
  return {
    partner,
    today,
    counts: {
      current: Number(phases?.current ?? 0),
      future: Number(phases?.future ?? 0),
      past: Number(phases?.past ?? 0),
    },
    rows: rows.map((row) => ({
      ...row,
      canEnd: when !== 'past',
      canDelete: canDeleteRow(row, today),
    })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / contractPricesPageSize)),
  }
}

function notFound() {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}
