import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/card'
import type { Availability } from '#app/modules/catalog/catalog-rules'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import {
  bpsScale,
  explainPrice,
  type NetPrice,
  type PriceSource,
} from '#app/modules/pricing/price-rules'
import { useRootData } from '#app/root'
import { formatDate, formatMoney, formatNumber } from '#app/utils/format'

/** A name from a table with English and Chinese columns, in the UI language. */
export const localName = (row: { nameEn: string; nameZh: string }, locale: string) =>
  locale.startsWith('zh') ? row.nameZh : row.nameEn

/** Basis points as a percentage in the locale: 3000 → "30%", 2550 → "25.5%". */
export function formatPercent(bps: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    bps / bpsScale,
  )
}

const sourceColors: Record<PriceSource, 'violet' | 'blue' | 'green' | 'slate'> = {
  contract: 'violet',
  volume_break: 'blue',
  tier_discount: 'green',
  list: 'slate',
}

/** Where a net price comes from: Contract, Volume, Tier or List. */
export function PriceSourceBadge({ source }: { source: PriceSource }) {
  const { t } = useTranslation()
  return <Badge color={sourceColors[source]}>{t(`catalog:source.${source}`)}</Badge>
}

/** "In stock · 69", "Low stock · 3", "Out of stock · back ~12 Jan"; bands without a count. */
export function AvailabilityLabel({
  availability,
  compact = false,
}: {
  availability: Availability
  /** One line (lists); otherwise the restock date goes on a line of its own. */
  compact?: boolean
}) {
  const { t } = useTranslation()
  const locale = useLocale()
  const color =
    availability.band === 'in_stock' ? 'green' : availability.band === 'low' ? 'amber' : 'red'
  return (
    <span
      className={compact ? 'inline-flex flex-wrap items-center gap-1.5' : 'flex flex-col gap-1'}
    >
      <span className="inline-flex items-center gap-1.5">
        <Badge color={color}>{t(`catalog:availability.${availability.band}`)}</Badge>
        {availability.display === 'exact' && availability.band !== 'out' ? (
          <span className="tabular-nums text-slate-700">
            {t('catalog:availability.count', {
              quantity: formatNumber(availability.available, locale),
            })}
          </span>
        ) : null}
      </span>
      {availability.restockDate ? (
        <span className="text-xs text-slate-500">
          {t('catalog:availability.restock', {
            date: formatDate(availability.restockDate, locale, 'UTC'),
          })}
        </span>
      ) : null}
    </span>
  )
}

function useLocale(): string {
  return useRootData()?.locale ?? 'en'
}

/**
 * The price explanation, e.g. "List ¥4,350.00 → Gold tier −30% → ¥3,045.00": one part per step
 * of the pure resolution (explainPrice), each labelled in the UI language.
 */
export function PriceExplanation({ price, tier }: { price: NetPrice; tier: PartnerTier }) {
  const { t } = useTranslation()
  const locale = useLocale()
  const parts = explainPrice(price, (amount, currency) => formatMoney(amount, currency, locale))
  const labelOf = (index: number): string => {
    const step = price.steps[index]!
    const percent = (bps: number | null) => (bps === null ? '' : formatPercent(bps, locale))
    switch (step.kind) {
      case 'list':
        return t('catalog:explain.list')
      case 'contract':
        return t('catalog:explain.contract')
      case 'volume_break':
        return step.detail.discountBps === null
          ? t(
              step.detail.appliesTo === 'sku'
                ? 'catalog:explain.volumePriceSku'
                : 'catalog:explain.volumePriceLine',
              {
                count: step.detail.minQuantity,
                quantity: formatNumber(step.detail.minQuantity, locale),
              },
            )
          : t(
              step.detail.appliesTo === 'sku'
                ? 'catalog:explain.volumeDiscountSku'
                : 'catalog:explain.volumeDiscountLine',
              {
                count: step.detail.minQuantity,
                quantity: formatNumber(step.detail.minQuantity, locale),
                percent: percent(step.detail.discountBps),
              },
            )
      case 'tier_discount':
        return t('catalog:explain.tier', {
          tier: t(`common:tiers.${tier}`),
          percent: percent(step.detail.discountBps),
        })
      case 'deal_discount':
        return t('catalog:explain.deal', { percent: percent(step.detail.discountBps) })
    }
  }
  return (
    <p
      className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-700"
      aria-label={t('catalog:explain.label')}
      data-testid="price-explanation"
    >
      {parts.map((part, index) => (
        <span key={index} className="inline-flex items-center gap-2">
          {index > 0 ? (
            <span aria-hidden="true" className="text-slate-400">
              →
            </span>
          ) : null}
          {part.kind === 'list' ? (
            <span>
              {labelOf(index)} <span className="tabular-nums">{part.amountText}</span>
            </span>
          ) : (
            <span>{labelOf(index)}</span>
          )}
        </span>
      ))}
      {parts.length > 1 ? (
        <span className="inline-flex items-center gap-2">
          <span aria-hidden="true" className="text-slate-400">
            →
          </span>
          <span className="font-semibold tabular-nums text-slate-900">
            {parts[parts.length - 1]!.amountText}
          </span>
        </span>
      ) : null}
    </p>
  )
}
