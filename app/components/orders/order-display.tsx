import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/card'
import type { Availability } from '#app/modules/catalog/catalog-rules'
import type { CartLineNotice } from '#app/modules/orders/cart-rules'
import { orderStatusColor, type OrderStatus } from '#app/modules/orders/order-rules'
import { explainPrice, type PriceStep } from '#app/modules/pricing/price-rules'
import { useRootData } from '#app/root'
import { formatDate, formatMoney, formatNumber } from '#app/utils/format'

export function useLocale() {
  return useRootData()?.locale ?? 'en'
}

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation()
  return <Badge color={orderStatusColor[status] ?? 'slate'}>{t(`orders:status.${status}`)}</Badge>
}

export function Money({ minor, currency }: { minor: number; currency: string }) {
  const locale = useLocale()
  return <span className="tabular-nums">{formatMoney(minor, currency, locale)}</span>
}

/** "In stock · 152", "Low stock", "Out of stock, back 12 May": as the vendor chooses to show it. */
export function AvailabilityBadge({ availability }: { availability: Availability }) {
  const { t } = useTranslation()
  const locale = useLocale()
  const color =
    availability.band === 'in_stock' ? 'green' : availability.band === 'low' ? 'amber' : 'red'
  const text =
    availability.band === 'out'
      ? availability.restockDate
        ? t('orders:availability.outUntil', {
            date: formatDate(availability.restockDate, locale, 'UTC'),
          })
        : t('orders:availability.out')
      : availability.display === 'exact'
        ? t(`orders:availability.${availability.band}Count`, {
            count: availability.available,
            n: formatNumber(availability.available, locale),
          })
        : t(`orders:availability.${availability.band}`)
  return <Badge color={color}>{text}</Badge>
}

/** What the cart tells the buyer about a line that changed or cannot be had as it is. */
export function CartNotices({
  notices,
  currency,
}: {
  notices: CartLineNotice[]
  currency: string
}) {
  const { t } = useTranslation()
  const locale = useLocale()
  if (notices.length === 0) return null
  return (
    <ul className="mt-1 space-y-0.5 text-xs">
      {notices.map((notice) => (
        <li
          key={notice.kind}
          className={notice.kind === 'price_down' ? 'text-green-700' : 'font-medium text-amber-800'}
        >
          {notice.kind === 'price_up' || notice.kind === 'price_down'
            ? t(`orders:cart.notice.${notice.kind}`, {
                was: formatMoney(notice.seenUnitNetMinor, currency, locale),
              })
            : notice.kind === 'only_available'
              ? notice.available === null
                ? t('orders:cart.notice.notEnough')
                : t('orders:cart.notice.onlyAvailable', {
                    count: notice.available,
                    n: formatNumber(notice.available, locale),
                  })
              : notice.kind === 'out_of_stock'
                ? notice.restockDate
                  ? t('orders:cart.notice.outUntil', {
                      date: formatDate(notice.restockDate, locale, 'UTC'),
                    })
                  : t('orders:cart.notice.out')
                : t('orders:cart.notice.inactive')}
        </li>
      ))}
    </ul>
  )
}

/** The price source as a short label ("Contract", "Volume break", "Gold tier"). */
export function PriceSourceLabel({
  source,
  dealDiscountApplied = false,
}: {
  source: string
  dealDiscountApplied?: boolean
}) {
  const { t } = useTranslation()
  return (
    <span className="flex flex-wrap gap-1">
      <Badge color={source === 'contract' ? 'violet' : source === 'list' ? 'slate' : 'blue'}>
        {t(`orders:priceSource.${source}`, { defaultValue: source })}
      </Badge>
      {dealDiscountApplied ? <Badge color="green">{t('orders:priceSource.deal')}</Badge> : null}
    </span>
  )
}

/** "List 2,680.00 → gold tier −30 % → 1,876.00": how a unit price came about. */
export function PriceExplanation({
  steps,
  currency,
  listUnitMinor,
  netUnitMinor,
  quantity,
}: {
  steps: PriceStep[]
  currency: string
  listUnitMinor: number
  netUnitMinor: number
  quantity: number
}) {
  const { t } = useTranslation()
  const locale = useLocale()
  const parts = explainPrice(
    {
      steps,
      currency,
      listPriceMinor: listUnitMinor,
      unitNetMinor: netUnitMinor,
      source: 'list',
      lineTotalMinor: netUnitMinor * quantity,
      quantity,
    },
    (amount, cur) => formatMoney(amount, cur, locale),
  )
  return (
    <span className="text-xs text-slate-500">
      {parts
        .map((part) =>
          part.kind === 'list'
            ? t('orders:priceStep.list', { amount: part.amountText })
            : part.discountBps !== null
              ? t(`orders:priceStep.${part.kind}Percent`, {
                  percent: formatNumber(part.discountBps / 100, locale),
                  amount: part.amountText,
                })
              : t(`orders:priceStep.${part.kind}`, { amount: part.amountText }),
        )
        .join(' → ')}
    </span>
  )
}

export type AddressLike = {
  label?: string
  recipient: string
  phone: string
  regionNameEn?: string
  regionNameZh?: string
  regionCode: string
  city: string
  line1: string
  line2: string | null
  postalCode: string
}

/** An address as it is written on a delivery note. */
export function AddressBlock({
  address,
  showLabel = true,
}: {
  address: AddressLike
  showLabel?: boolean
}) {
  const locale = useLocale()
  const region = locale.startsWith('zh')
    ? (address.regionNameZh ?? address.regionCode)
    : (address.regionNameEn ?? address.regionCode)
  return (
    <address className="text-sm not-italic leading-relaxed text-slate-700">
      {showLabel && address.label ? (
        <span className="block font-medium text-slate-900">{address.label}</span>
      ) : null}
      <span className="block">
        {address.recipient} · {address.phone}
      </span>
      <span className="block">{address.line1}</span>
      {address.line2 ? <span className="block">{address.line2}</span> : null}
      <span className="block">
        {[address.city, address.postalCode].filter(Boolean).join(' ')} · {region}
      </span>
    </address>
  )
}
