import { formatDate, formatMoney, formatNumber } from '#app/utils/format'
import { minorToInputValue } from '#app/utils/money'
import { permilleText, type Grouping, type RankingSort } from './contribution-rules'

/**
 * The contribution tables as columns of typed cells. The page and the CSV export render the same
 * cells: the page formats each value for the reader's locale, the export writes the plain number
 * (money in major units, rates in percent with one decimal), so the export always equals the
 * screen (a test checks every cell).
 */

export type CellKind = 'text' | 'count' | 'money' | 'percent' | 'decimal' | 'date'

export type Cell =
  | { kind: 'text'; value: string }
  | { kind: 'count'; value: number }
  | { kind: 'money'; value: number; currency: string }
  /** Tenths of a percent, or null for "no figure". */
  | { kind: 'percent'; value: number | null }
  | { kind: 'decimal'; value: number | null }
  /** A calendar day, YYYY-MM-DD (the CSV keeps it so; the page formats it). */
  | { kind: 'date'; value: string | null }

export type Column<Row> = {
  id: string
  /** i18n key of the header (contribution namespace). */
  header: string
  kind: CellKind
  cell: (row: Row, currency: string) => Cell
  /** The ranking sort this column's header toggles. */
  sort?: RankingSort
}

export function csvValue(cell: Cell): string {
  switch (cell.kind) {
    case 'text':
      return cell.value
    case 'count':
      return String(cell.value)
    case 'money':
      return minorToInputValue(cell.value, cell.currency)
    case 'percent':
      return permilleText(cell.value)
    case 'decimal':
      return cell.value === null ? '' : cell.value.toFixed(1)
    case 'date':
      return cell.value ?? ''
  }
}

/** A cell as the page shows it; a missing figure is an em dash. */
export function displayValue(cell: Cell, locale: string): string {
  switch (cell.kind) {
    case 'text':
      return cell.value
    case 'count':
      return formatNumber(cell.value, locale)
    case 'money':
      return formatMoney(cell.value, cell.currency, locale)
    case 'percent':
      return cell.value === null ? '—' : `${formatDecimal(cell.value / 10, locale)} %`
    case 'decimal':
      return cell.value === null ? '—' : formatDecimal(cell.value, locale)
    case 'date':
      return cell.value === null ? '—' : formatDate(cell.value, locale, 'UTC')
  }
}

const decimalFormats = new Map<string, Intl.NumberFormat>()
function formatDecimal(value: number, locale: string): string {
  let format = decimalFormats.get(locale)
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
    decimalFormats.set(locale, format)
  }
  return format.format(value)
}

/** The shape find-contribution-ranking returns, repeated so this file stays free of server code. */
export type RankingTableRow = {
  key: string
  labelEn: string
  labelZh: string
  code: string | null
  registrations: number
  approvalRate: number | null
  medianHoursToDecision: number | null
  conflicts: number
  pipelineMinor: number
  weightedMinor: number
  wonRevenueMinor: number
  winRate: number | null
  orderRevenueMinor: number
  sourcedRevenueMinor: number
  share: number | null
  growth: number | null
  revenueTargetMinor: number | null
  attainment: number | null
  registrationsAttainment: number | null
}

const money = (value: number, currency: string): Cell => ({ kind: 'money', value, currency })
const percent = (value: number | null): Cell => ({ kind: 'percent', value })

/** The ranking's columns for a grouping (targets exist per partner, so only partners have them). */
export function rankingColumns(
  groupBy: Grouping,
  options: { locale: string; tierLabel: (tier: string) => string; totalLabel?: string },
): Column<RankingTableRow>[] {
  const name: Column<RankingTableRow> = {
    id: 'name',
    header: `contribution:groupBy.${groupBy}`,
    kind: 'text',
    sort: 'name',
    cell: (row) => ({
      kind: 'text',
      value:
        row.key === 'all'
          ? (options.totalLabel ?? '')
          : groupBy === 'tier'
            ? options.tierLabel(row.key)
            : options.locale === 'zh-CN'
              ? row.labelZh
              : row.labelEn,
    }),
  }
  const columns: Column<RankingTableRow>[] = [
    name,
    ...(groupBy === 'partner' || groupBy === 'productLine'
      ? [
          {
            id: 'code',
            header: 'contribution:columns.code',
            kind: 'text',
            cell: (row: RankingTableRow) => ({ kind: 'text', value: row.code ?? '' }),
          } satisfies Column<RankingTableRow>,
        ]
      : []),
    {
      id: 'registrations',
      header: 'contribution:columns.registrations',
      kind: 'count',
      sort: 'registrations',
      cell: (row) => ({ kind: 'count', value: row.registrations }),
    },
    {
      id: 'approvalRate',
      header: 'contribution:columns.approvalRate',
      kind: 'percent',
      sort: 'approvalRate',
      cell: (row) => percent(row.approvalRate),
    },
    {
      id: 'medianHours',
      header: 'contribution:columns.medianHours',
      kind: 'decimal',
      cell: (row) => ({ kind: 'decimal', value: row.medianHoursToDecision }),
    },
    {
      id: 'conflicts',
      header: 'contribution:columns.conflicts',
      kind: 'count',
      sort: 'conflicts',
      cell: (row) => ({ kind: 'count', value: row.conflicts }),
    },
    {
      id: 'pipeline',
      header: 'contribution:columns.pipeline',
      kind: 'money',
      sort: 'pipeline',
      cell: (row, currency) => money(row.pipelineMinor, currency),
    },
    {
      id: 'weighted',
      header: 'contribution:columns.weighted',
      kind: 'money',
      sort: 'weighted',
      cell: (row, currency) => money(row.weightedMinor, currency),
    },
    {
      id: 'wonRevenue',
      header: 'contribution:columns.wonRevenue',
      kind: 'money',
      sort: 'wonRevenue',
      cell: (row, currency) => money(row.wonRevenueMinor, currency),
    },
    {
      id: 'winRate',
      header: 'contribution:columns.winRate',
      kind: 'percent',
      sort: 'winRate',
      cell: (row) => percent(row.winRate),
    },
    {
      id: 'orderRevenue',
      header: 'contribution:columns.orderRevenue',
      kind: 'money',
      sort: 'orderRevenue',
      cell: (row, currency) => money(row.orderRevenueMinor, currency),
    },
    {
      id: 'sourcedRevenue',
      header: 'contribution:columns.sourcedRevenue',
      kind: 'money',
      sort: 'sourcedRevenue',
      cell: (row, currency) => money(row.sourcedRevenueMinor, currency),
    },
    {
      id: 'share',
      header: 'contribution:columns.share',
      kind: 'percent',
      sort: 'share',
      cell: (row) => percent(row.share),
    },
    {
      id: 'growth',
      header: 'contribution:columns.growth',
      kind: 'percent',
      sort: 'growth',
      cell: (row) => percent(row.growth),
    },
  ]
  if (groupBy === 'partner') {
    columns.push(
      {
        id: 'revenueTarget',
        header: 'contribution:columns.revenueTarget',
        kind: 'money',
        cell: (row, currency) =>
          row.revenueTargetMinor === null
            ? { kind: 'text', value: '' }
            : money(row.revenueTargetMinor, currency),
      },
      {
        id: 'attainment',
        header: 'contribution:columns.attainment',
        kind: 'percent',
        sort: 'attainment',
        cell: (row) => percent(row.attainment),
      },
    )
  }
  return columns
}

export type RenderedTable = { headers: string[]; rows: string[][] }

/** The table as CSV cells: headers (translated by `t`) and one string per cell. */
export function csvTable<Row>(
  columns: Column<Row>[],
  rows: Row[],
  currency: string,
  t: (key: string) => string,
): RenderedTable {
  return {
    headers: columns.map((column) => {
      const unit =
        column.kind === 'money' ? ` (${currency})` : column.kind === 'percent' ? ' (%)' : ''
      return `${t(column.header)}${unit}`
    }),
    rows: rows.map((row) => columns.map((column) => csvValue(column.cell(row, currency)))),
  }
}

const shanghaiDay = (value: Date | string | null): string | null =>
  value === null
    ? null
    : new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(value))

export type OrderTableRow = {
  number: string
  placedAt: Date | string
  status: string
  partnerName: string
  partnerCode: string
  regionCode: string | null
  registrationNumber: string | null
  lineCount: number
  amountMinor: number
}

/** The drill-down list of orders (page and CSV). `t` translates order statuses. */
export function orderColumns(t: (key: string) => string): Column<OrderTableRow>[] {
  const text = (value: string): Cell => ({ kind: 'text', value })
  return [
    {
      id: 'number',
      header: 'contribution:orders.number',
      kind: 'text',
      cell: (r) => text(r.number),
    },
    {
      id: 'placed',
      header: 'contribution:orders.placed',
      kind: 'date',
      cell: (r) => ({ kind: 'date', value: shanghaiDay(r.placedAt) }),
    },
    {
      id: 'partner',
      header: 'contribution:orders.partner',
      kind: 'text',
      cell: (r) => text(`${r.partnerName} (${r.partnerCode})`),
    },
    {
      id: 'status',
      header: 'contribution:orders.status',
      kind: 'text',
      cell: (r) => text(t(`contribution:orderStatus.${r.status}`)),
    },
    {
      id: 'region',
      header: 'contribution:orders.region',
      kind: 'text',
      cell: (r) => text(r.regionCode ?? ''),
    },
    {
      id: 'registration',
      header: 'contribution:orders.registration',
      kind: 'text',
      cell: (r) => text(r.registrationNumber ?? ''),
    },
    {
      id: 'lines',
      header: 'contribution:orders.lines',
      kind: 'count',
      cell: (r) => ({ kind: 'count', value: r.lineCount }),
    },
    {
      id: 'amount',
      header: 'contribution:orders.amount',
      kind: 'money',
      cell: (r, currency) => money(r.amountMinor, currency),
    },
  ]
}

export type RegistrationTableRow = {
  number: string
  prospectName: string
  partnerName: string
  fulfilmentPartnerName: string | null
  regionCode: string
  status: string
  stage: string
  estimatedValueMinor: number
  weightedMinor: number | null
  wonAmountMinor: number | null
  submittedAt: Date | string
  decidedAt: Date | string | null
}

/** The drill-down list of registrations (page and CSV). `t` translates statuses and stages. */
export function registrationColumns(
  metric: string,
  t: (key: string) => string,
): Column<RegistrationTableRow>[] {
  const text = (value: string): Cell => ({ kind: 'text', value })
  const columns: Column<RegistrationTableRow>[] = [
    {
      id: 'number',
      header: 'contribution:registrations.number',
      kind: 'text',
      cell: (r) => text(r.number),
    },
    {
      id: 'prospect',
      header: 'contribution:registrations.prospect',
      kind: 'text',
      cell: (r) => text(r.prospectName),
    },
    {
      id: 'partner',
      header: 'contribution:registrations.partner',
      kind: 'text',
      cell: (r) => text(r.partnerName),
    },
    {
      id: 'fulfilment',
      header: 'contribution:registrations.fulfilment',
      kind: 'text',
      cell: (r) => text(r.fulfilmentPartnerName ?? ''),
    },
    {
      id: 'region',
      header: 'contribution:registrations.region',
      kind: 'text',
      cell: (r) => text(r.regionCode),
    },
    {
      id: 'status',
      header: 'contribution:registrations.status',
      kind: 'text',
      cell: (r) => text(t(`deals:status.${r.status}`)),
    },
    {
      id: 'stage',
      header:
        metric === 'open'
          ? 'contribution:registrations.stageThen'
          : 'contribution:registrations.stage',
      kind: 'text',
      cell: (r) => text(t(`deals:stage.${r.stage}`)),
    },
    {
      id: 'value',
      header: 'contribution:registrations.value',
      kind: 'money',
      cell: (r, currency) => money(r.estimatedValueMinor, currency),
    },
  ]
  if (metric === 'open') {
    columns.push({
      id: 'weighted',
      header: 'contribution:registrations.weighted',
      kind: 'money',
      cell: (r, currency) => money(r.weightedMinor ?? 0, currency),
    })
  }
  if (metric === 'won') {
    columns.push({
      id: 'won',
      header: 'contribution:registrations.wonAmount',
      kind: 'money',
      cell: (r, currency) => money(r.wonAmountMinor ?? 0, currency),
    })
  }
  columns.push(
    {
      id: 'submitted',
      header: 'contribution:registrations.submitted',
      kind: 'date',
      cell: (r) => ({ kind: 'date', value: shanghaiDay(r.submittedAt) }),
    },
    {
      id: 'decided',
      header: 'contribution:registrations.decided',
      kind: 'date',
      cell: (r) => ({ kind: 'date', value: shanghaiDay(r.decidedAt) }),
    },
  )
  return columns
}
