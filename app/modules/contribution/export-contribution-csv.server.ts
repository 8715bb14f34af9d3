import { stringify } from 'csv-stringify/sync'
import type { Database } from '#db/client.server'
import { createI18n } from '#app/utils/i18n'
import type { ContributionQuery, DrillQuery, ExportTable } from './contribution-rules'
import {
  csvTable,
  orderColumns,
  rankingColumns,
  registrationColumns,
  type RenderedTable,
} from './contribution-table'
import { findContributionOrders } from './find-contribution-orders.server'
import { findContributionRanking } from './find-contribution-ranking.server'
import { findContributionRegistrations } from './find-contribution-registrations.server'
import { getContributionSettings } from './get-contribution-settings.server'

export type ExportContributionCsvOptions = {
  table: ExportTable
  query: ContributionQuery
  drill: DrillQuery
  now: Date
  locale: string
  /**
   * A partner's own export: every row is scoped to this partner whatever the query says, and its
   * orders are only the ones it placed (another partner's orders and prices never appear).
   */
  ownPartnerId?: string
}

/**
 * A contribution table as CSV: the same rows and cells as the page (contribution-table.ts), every
 * row rather than one page, headers in the reader's language, with a BOM so spreadsheet programs
 * read the Chinese text as UTF-8.
 */
export async function exportContributionCsv(
  db: Database,
  options: ExportContributionCsvOptions,
): Promise<{ filename: string; csv: string }> {
  const i18n = createI18n(options.locale)
  const t = (key: string) => i18n.t(key)
  const own = options.ownPartnerId
  const query: ContributionQuery = own
    ? {
        ...options.query,
        groupBy: 'partner',
        filters: { ...options.query.filters, partnerId: own },
      }
    : options.query
  const drill: DrillQuery =
    own && options.drill.credit !== 'credited'
      ? { ...options.drill, credit: 'fulfilled' }
      : options.drill
  const { period } = query
  const settings = await getContributionSettings(db)
  const currency = settings.reportingCurrency
  let table: RenderedTable
  if (options.table === 'ranking') {
    const ranking = await findContributionRanking(db, { ...query, now: options.now })
    const columns = rankingColumns(query.groupBy, {
      locale: options.locale,
      tierLabel: (tier) => t(`common:tiers.${tier}`),
      totalLabel: t('contribution:ranking.total'),
    })
    const rows = own
      ? ranking.rows.filter((row) => row.key === own)
      : [...ranking.rows, ranking.total]
    table = csvTable(columns, rows, ranking.currency, t)
  } else if (options.table === 'orders') {
    const result = await findContributionOrders(db, {
      period,
      filters: query.filters,
      currency,
      now: options.now,
      credit: own ? 'fulfilled' : drill.credit,
      which: drill.which,
      viaRegistrationsOnly: drill.viaRegistrations,
      all: true,
    })
    table = csvTable(orderColumns(t), result.orders, currency, t)
  } else {
    const result = await findContributionRegistrations(db, {
      period,
      filters: query.filters,
      currency,
      now: options.now,
      metric: drill.metric,
      credit: drill.credit,
      probabilities: settings.probabilities,
      all: true,
    })
    table = csvTable(registrationColumns(drill.metric, t), result.registrations, currency, t)
  }
  const csv = '\uFEFF' + stringify([table.headers, ...table.rows])
  const range = period.from === period.to ? period.from : `${period.from}_${period.to}`
  return { filename: `contribution-${options.table}-${range}.csv`, csv }
}
