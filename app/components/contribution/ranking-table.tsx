import { Link } from '@remix-run/react'
import { clsx } from 'clsx'
import { useTranslation } from 'react-i18next'
import { Table, Td, Th } from '#app/components/ui/table'
import {
  contributionSearch,
  defaultDirection,
  filtersForGroup,
  type ContributionQuery,
} from '#app/modules/contribution/contribution-rules'
import {
  displayValue,
  rankingColumns,
  type RankingTableRow,
} from '#app/modules/contribution/contribution-table'

/** Where a cell drills to: the list of rows behind its figure (vendor pages only). */
function drillHref(
  columnId: string,
  row: RankingTableRow,
  query: ContributionQuery,
): string | null {
  const filters = filtersForGroup(query.filters, query.groupBy, row.key)
  const base = { period: query.period, filters }
  const orders = (credit: string) =>
    `/admin/contribution/orders${contributionSearch(base, { extra: { credit } })}`
  const registrations = (metric: string, credit?: string) =>
    `/admin/contribution/registrations${contributionSearch(base, {
      extra: credit ? { metric, credit } : { metric },
    })}`
  switch (columnId) {
    case 'registrations':
      return registrations('submitted')
    case 'pipeline':
    case 'weighted':
      return registrations('open')
    case 'wonRevenue':
      return registrations(
        'won',
        query.groupBy === 'partner' && row.key !== 'all' ? 'credited' : 'sourced',
      )
    case 'orderRevenue':
      return orders('fulfilled')
    case 'sourcedRevenue':
      return orders('sourced')
    case 'name':
      return query.groupBy === 'partner' && row.key !== 'all'
        ? `/admin/contribution/partners/${row.key}${contributionSearch({ period: query.period })}`
        : null
    default:
      return null
  }
}

/**
 * The ranking: one row per group with every figure, sortable by its headers, each figure a link
 * to the registrations or orders behind it, and the channel total at the foot.
 */
export function RankingTable({
  rows,
  total,
  currency,
  query,
  locale,
  caption,
}: {
  rows: RankingTableRow[]
  total: RankingTableRow
  currency: string
  query: ContributionQuery
  locale: string
  caption: string
}) {
  const { t } = useTranslation()
  const columns = rankingColumns(query.groupBy, {
    locale,
    tierLabel: (tier) => t(`common:tiers.${tier}`),
    totalLabel: t('contribution:ranking.total'),
  })
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          {columns.map((column) => {
            const active = column.sort === query.sort
            const numeric = column.kind !== 'text'
            if (!column.sort) {
              return (
                <Th key={column.id} className={clsx(numeric && 'text-right')}>
                  {t(column.header)}
                </Th>
              )
            }
            const nextDir = active
              ? query.dir === 'asc'
                ? 'desc'
                : 'asc'
              : defaultDirection(column.sort)
            return (
              <Th
                key={column.id}
                className={clsx(numeric && 'text-right')}
                aria-sort={active ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                <Link
                  to={contributionSearch(query, { sort: column.sort, dir: nextDir })}
                  className="inline-flex items-center gap-1 hover:text-slate-900"
                >
                  {t(column.header)}
                  {active ? (
                    <span aria-hidden="true">{query.dir === 'asc' ? '▲' : '▼'}</span>
                  ) : null}
                </Link>
              </Th>
            )
          })}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((row) => (
          <tr key={row.key} className="hover:bg-slate-50">
            {columns.map((column) => {
              const text = displayValue(column.cell(row, currency), locale)
              const href = drillHref(column.id, row, query)
              return (
                <Td
                  key={column.id}
                  className={clsx(column.kind !== 'text' && 'text-right tabular-nums')}
                  data-column={column.id}
                >
                  {href ? (
                    <Link to={href} className="font-medium text-brand-700 hover:underline">
                      {text}
                    </Link>
                  ) : (
                    text
                  )}
                </Td>
              )
            })}
          </tr>
        ))}
      </tbody>
      <tfoot className="border-t-2 border-slate-200 bg-slate-50 font-semibold">
        <tr>
          {columns.map((column) => (
            <Td
              key={column.id}
              className={clsx(column.kind !== 'text' && 'text-right tabular-nums')}
              data-column={column.id}
            >
              {displayValue(column.cell(total, currency), locale)}
            </Td>
          ))}
        </tr>
      </tfoot>
    </Table>
  )
}
