import { stringify } from 'csv-stringify/sync'
import type { Database } from '#db/client.server'
import { queryRows } from '#db/execute.server'
import { createI18n } from '#app/utils/i18n'
import { minorToInputValue } from '#app/utils/money'
import {
  catalogExportLimit,
  defaultCatalogDirection,
  type CatalogQuery,
} from './catalog-query-rules'
import {
  catalogIdsQuery,
  catalogRowsQuery,
  type CatalogFilter,
  type CatalogRowRecord,
} from './catalog-view-sql.server'
import { toCatalogListRow, type CatalogListRow } from './find-catalog.server'
import type { CatalogActor } from './get-catalog-actor.server'
import { getCatalogSettings } from './get-catalog-settings.server'

export type ExportCatalogCsvOptions = {
  actor: CatalogActor
  /** The same view as the page: search, filters and sort (the page number is ignored). */
  query: CatalogQuery
  /** The pricing date: a calendar date in Asia/Shanghai, 'YYYY-MM-DD'. */
  date: string
  /** Language of the header, names and labels. */
  locale: string
  /** At most this many rows (catalogExportLimit unless told otherwise). */
  limit?: number
}

export type CatalogCsvExport = {
  filename: string
  /** The file in chunks: a UTF-8 byte order mark and the header first, then batches of rows. */
  chunks: AsyncIterable<string>
}

/**
 * A spreadsheet runs text starting with = + - @ as a formula; such names are written with a
 * leading apostrophe, which the spreadsheet shows as plain text (OWASP "CSV injection").
 */
const asText = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)

/** Rows priced per statement while exporting. */
const batchSize = 1_000

/**
 * The partner's catalog view as CSV: the same products in the same order at its own net prices
 * (never another partner's), availability as the page shows it. The ids are chosen first in one
 * statement, then priced and written in batches so memory stays flat. A UTF-8 byte order mark
 * lets Excel open Chinese names correctly.
 */
export async function exportCatalogCsv(
  db: Database,
  options: ExportCatalogCsvOptions,
): Promise<CatalogCsvExport> {
  const { actor, query, date } = options
  const limit = Math.min(Math.max(1, options.limit ?? catalogExportLimit), catalogExportLimit)
  const settings = await getCatalogSettings(db)
  const filter: CatalogFilter = {
    q: query.q,
    productLineId: query.line,
    categoryId: query.category,
    inStock: query.inStock,
  }
  const pricing = { partnerId: actor.partnerId, tier: actor.tier, date }
  const ids = (
    await queryRows<{ id: string }>(
      db,
      catalogIdsQuery({
        filter,
        pricing,
        sort: query.sort,
        dir: query.dir ?? defaultCatalogDirection(query.sort),
        settings,
        limit,
      }),
    )
  ).map((row) => row.id)

  const i18n = createI18n(options.locale)
  const t = i18n.t.bind(i18n)
  const zh = options.locale.startsWith('zh')
  const header = [
    t('catalog:export.columns.sku'),
    t('catalog:export.columns.name'),
    t('catalog:export.columns.productLine'),
    t('catalog:export.columns.category'),
    t('catalog:export.columns.unit'),
    t('catalog:export.columns.currency'),
    t('catalog:export.columns.listPrice'),
    t('catalog:export.columns.netPrice'),
    t('catalog:export.columns.priceSource'),
    t('catalog:export.columns.availability'),
    t('catalog:export.columns.restockDate'),
  ]
  const line = (row: CatalogListRow) => [
    row.sku,
    asText(row.name),
    asText(zh ? row.productLine.nameZh : row.productLine.nameEn),
    asText(zh ? row.category.nameZh : row.category.nameEn),
    asText(row.unit),
    row.currency,
    minorToInputValue(row.listPriceMinor, row.currency),
    minorToInputValue(row.netPriceMinor, row.currency),
    t(`catalog:source.${row.priceSource}`),
    row.availability.display === 'exact'
      ? String(row.availability.available)
      : t(`catalog:availability.${row.availability.band}`),
    row.availability.restockDate ?? '',
  ]

  async function* chunks(): AsyncGenerator<string> {
    yield '\uFEFF' + stringify([header])
    for (let start = 0; start < ids.length; start += batchSize) {
      const batch = ids.slice(start, start + batchSize)
      const rows = await queryRows<CatalogRowRecord>(db, catalogRowsQuery(batch, pricing))
      const byId = new Map(rows.map((row) => [row.id, row]))
      const lines = batch
        .map((id) => byId.get(id))
        .filter((row): row is CatalogRowRecord => row !== undefined)
        .map((row) => line(toCatalogListRow(row, settings)))
      if (lines.length > 0) yield stringify(lines)
    }
  }

  return { filename: `catalog-${actor.partnerCode}-${date}.csv`, chunks: chunks() }
}
