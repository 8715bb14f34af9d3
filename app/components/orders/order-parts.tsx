import { useTranslation } from 'react-i18next'
import { Table, Td, Th } from '#app/components/ui/table'
import type { OrderDetail, OrderHistoryActor } from '#app/modules/orders/get-order.server'
import type { OrderStatus } from '#app/modules/orders/order-rules'
import type { PriceStep } from '#app/modules/pricing/price-rules'
import { formatDateTime, formatMoney, formatNumber } from '#app/utils/format'
import { Money, PriceExplanation, PriceSourceLabel, useLocale } from './order-display'

type Line = {
  id: string
  lineNo: number
  sku: string
  name: string
  unit: string
  quantity: number
  listUnitMinor: number
  netUnitMinor: number
  lineTotalMinor: number
  priceSource: string
  priceSteps: PriceStep[]
  dealDiscountApplied: boolean
}

/** An order's lines with where each price came from. */
export function OrderLinesTable({
  lines,
  currency,
  explain = true,
}: {
  lines: Line[]
  currency: string
  explain?: boolean
}) {
  const { t } = useTranslation()
  const locale = useLocale()
  return (
    <>
      {/* Phones: one block per line; wider screens (and print): the table. */}
      <ol className="space-y-3 sm:hidden" aria-label={t('orders:detail.lines')}>
        {lines.map((line) => (
          <li key={line.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <div className="flex items-start justify-between gap-3">
              <span className="min-w-0">
                <span className="block font-mono text-xs font-semibold text-slate-900">
                  {line.lineNo}. {line.sku}
                </span>
                <span className="block text-sm">{line.name}</span>
              </span>
              <span className="shrink-0 font-medium text-slate-900">
                <Money minor={line.lineTotalMinor} currency={currency} />
              </span>
            </div>
            <p className="mt-1 text-sm text-slate-600">
              {formatNumber(line.quantity, locale)}{' '}
              {t(`orders:unit.${line.unit}`, { defaultValue: line.unit })} ×{' '}
              <Money minor={line.netUnitMinor} currency={currency} />
            </p>
            <div className="mt-1">
              <PriceSourceLabel
                source={line.priceSource}
                dealDiscountApplied={line.dealDiscountApplied}
              />
            </div>
            {explain ? (
              <PriceExplanation
                steps={line.priceSteps}
                currency={currency}
                listUnitMinor={line.listUnitMinor}
                netUnitMinor={line.netUnitMinor}
                quantity={line.quantity}
              />
            ) : null}
          </li>
        ))}
      </ol>
      <div className="hidden sm:block">
        <Table caption={t('orders:detail.lines')}>
          <thead>
            <tr>
              <Th className="w-10">#</Th>
              <Th>{t('orders:detail.columns.product')}</Th>
              <Th className="text-right">{t('orders:detail.columns.quantity')}</Th>
              <Th className="text-right">{t('orders:detail.columns.listUnit')}</Th>
              <Th className="text-right">{t('orders:detail.columns.netUnit')}</Th>
              <Th>{t('orders:detail.columns.source')}</Th>
              <Th className="text-right">{t('orders:detail.columns.total')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {lines.map((line) => (
              <tr key={line.id}>
                <Td className="tabular-nums text-slate-500">{line.lineNo}</Td>
                <Td>
                  <div className="w-64 whitespace-normal">
                    <span className="block font-mono text-xs font-semibold text-slate-900">
                      {line.sku}
                    </span>
                    <span className="block">{line.name}</span>
                    {explain ? (
                      <PriceExplanation
                        steps={line.priceSteps}
                        currency={currency}
                        listUnitMinor={line.listUnitMinor}
                        netUnitMinor={line.netUnitMinor}
                        quantity={line.quantity}
                      />
                    ) : null}
                  </div>
                </Td>
                <Td className="text-right tabular-nums">
                  {formatNumber(line.quantity, locale)}{' '}
                  <span className="text-xs text-slate-500">
                    {t(`orders:unit.${line.unit}`, { defaultValue: line.unit })}
                  </span>
                </Td>
                <Td className="text-right text-slate-500">
                  <Money minor={line.listUnitMinor} currency={currency} />
                </Td>
                <Td className="text-right">
                  <Money minor={line.netUnitMinor} currency={currency} />
                </Td>
                <Td>
                  <PriceSourceLabel
                    source={line.priceSource}
                    dealDiscountApplied={line.dealDiscountApplied}
                  />
                </Td>
                <Td className="text-right font-medium text-slate-900">
                  <Money minor={line.lineTotalMinor} currency={currency} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </>
  )
}

export function OrderTotals({
  order,
}: {
  order: Pick<
    OrderDetail['order'],
    'listTotalMinor' | 'subtotalMinor' | 'shippingMinor' | 'totalMinor' | 'currency'
  >
}) {
  const { t } = useTranslation()
  const saving = order.listTotalMinor - order.subtotalMinor
  return (
    <dl className="w-full max-w-xs space-y-1.5 text-sm">
      <div className="flex justify-between gap-4">
        <dt className="text-slate-600">{t('orders:detail.listTotal')}</dt>
        <dd>
          <Money minor={order.listTotalMinor} currency={order.currency} />
        </dd>
      </div>
      {saving > 0 ? (
        <div className="flex justify-between gap-4 text-green-700">
          <dt>{t('orders:detail.discount')}</dt>
          <dd>
            −<Money minor={saving} currency={order.currency} />
          </dd>
        </div>
      ) : null}
      <div className="flex justify-between gap-4">
        <dt className="text-slate-600">{t('orders:detail.shipping')}</dt>
        <dd>
          <Money minor={order.shippingMinor} currency={order.currency} />
        </dd>
      </div>
      <div className="flex justify-between gap-4 border-t border-slate-200 pt-1.5 text-base font-semibold text-slate-900">
        <dt>{t('orders:detail.total')}</dt>
        <dd data-testid="order-total">
          <Money minor={order.totalMinor} currency={order.currency} />
        </dd>
      </div>
    </dl>
  )
}

type HistoryEntry = {
  id: number
  type: string
  fromStatus: OrderStatus | null
  toStatus: OrderStatus | null
  note: string | null
  at: Date | string
  actor: OrderHistoryActor
  details: Record<string, string | number>
}

/** The order's history, oldest first: what happened, who, when, from → to. */
export function OrderHistory({ entries }: { entries: HistoryEntry[] }) {
  const { t } = useTranslation()
  const locale = useLocale()
  if (entries.length === 0)
    return <p className="text-sm text-slate-500">{t('orders:history.empty')}</p>
  return (
    <ol className="relative space-y-5 border-l border-slate-200 pl-5">
      {entries.map((entry) => {
        const who =
          entry.actor.kind === 'partner'
            ? entry.actor.name
            : entry.actor.kind === 'vendor'
              ? t(`common:roles.${entry.actor.role}`)
              : t('orders:history.system')
        const change =
          entry.toStatus && entry.fromStatus !== entry.toStatus
            ? [entry.fromStatus, entry.toStatus]
                .filter((s): s is OrderStatus => s !== null)
                .map((s) => t(`orders:status.${s}`))
                .join(' → ')
            : null
        const { exposureMinor, creditLimitMinor, currency } = entry.details
        return (
          <li key={entry.id} className="relative">
            <span
              aria-hidden="true"
              className="absolute -left-[1.65rem] top-1.5 h-2.5 w-2.5 rounded-full bg-brand-500 ring-4 ring-white"
            />
            <p className="text-sm font-medium text-slate-900">
              {t(`orders:history.types.${entry.type}`, { defaultValue: entry.type })}
              {change ? <span className="ml-2 font-normal text-slate-600">{change}</span> : null}
            </p>
            <p className="text-xs text-slate-500">
              {who} · {formatDateTime(entry.at, locale)}
            </p>
            {typeof exposureMinor === 'number' &&
            typeof creditLimitMinor === 'number' &&
            typeof currency === 'string' ? (
              <p className="mt-1 text-xs text-slate-600">
                {t('orders:history.credit', {
                  exposure: formatMoney(exposureMinor, currency, locale),
                  limit: formatMoney(creditLimitMinor, currency, locale),
                })}
              </p>
            ) : null}
            {entry.note ? <p className="mt-1 text-sm text-slate-700">{entry.note}</p> : null}
          </li>
        )
      })}
    </ol>
  )
}
