import { Link } from '@remix-run/react'
import { clsx } from 'clsx'
import { useTranslation } from 'react-i18next'
import { Table, Td, Th } from '#app/components/ui/table'
import { displayValue, type Column } from '#app/modules/contribution/contribution-table'

/**
 * A table of typed cells (contribution-table.ts): the same columns the CSV export writes, so what
 * the page shows is what the file holds. `linkOf` turns a cell into a link.
 */
export function CellTable<Row>({
  columns,
  rows,
  currency,
  locale,
  caption,
  rowKey,
  linkOf,
  footer,
}: {
  columns: Column<Row>[]
  rows: Row[]
  currency: string
  locale: string
  caption: string
  rowKey: (row: Row) => string
  linkOf?: (columnId: string, row: Row) => string | null
  footer?: { label: string; cells: Record<string, string> }
}) {
  const { t } = useTranslation()
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          {columns.map((column) => (
            <Th key={column.id} className={clsx(isNumeric(column.kind) && 'text-right')}>
              {t(column.header)}
            </Th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((row) => (
          <tr key={rowKey(row)} className="hover:bg-slate-50">
            {columns.map((column) => {
              const text = displayValue(column.cell(row, currency), locale)
              const href = linkOf?.(column.id, row) ?? null
              return (
                <Td
                  key={column.id}
                  data-column={column.id}
                  className={clsx(isNumeric(column.kind) && 'text-right tabular-nums')}
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
      {footer ? (
        <tfoot className="border-t-2 border-slate-200 bg-slate-50 font-semibold">
          <tr>
            {columns.map((column, i) => (
              <Td
                key={column.id}
                className={clsx(isNumeric(column.kind) && 'text-right tabular-nums')}
              >
                {i === 0 ? footer.label : (footer.cells[column.id] ?? '')}
              </Td>
            ))}
          </tr>
        </tfoot>
      ) : null}
    </Table>
  )
}

const isNumeric = (kind: string) =>
  kind === 'count' || kind === 'money' || kind === 'percent' || kind === 'decimal'
