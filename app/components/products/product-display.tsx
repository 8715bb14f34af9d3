import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/card'
import { availabilityBand } from '#app/modules/catalog/catalog-rules'

/** A product line's or category's name in the reader's language. */
export const localName = (row: { nameEn: string; nameZh: string }, locale: string) =>
  locale.startsWith('zh') ? row.nameZh : row.nameEn

/** A warehouse's name in the reader's language. */
export const warehouseName = (row: { name: string; nameZh: string }, locale: string) =>
  locale.startsWith('zh') ? row.nameZh : row.name

export function ProductStatusBadge({ active }: { active: boolean }) {
  const { t } = useTranslation()
  return (
    <Badge color={active ? 'green' : 'slate'}>
      {t(active ? 'products:status.active' : 'products:status.inactive')}
    </Badge>
  )
}

/** "Out of stock" or "Low stock" beside an available count, as partners would see the band. */
export function StockBandBadge({
  available,
  lowStockThreshold,
}: {
  available: number
  lowStockThreshold: number
}) {
  const { t } = useTranslation()
  const band = availabilityBand(available, lowStockThreshold)
  if (band === 'in_stock') return null
  return (
    <Badge color={band === 'out' ? 'red' : 'amber'}>
      {t(band === 'out' ? 'products:stock.band.out' : 'products:stock.band.low')}
    </Badge>
  )
}

/** A signed change in on hand: "+20" or "−5" (a real minus sign). */
export function formatStockChange(delta: number, format: (n: number) => string): string {
  if (delta > 0) return `+${format(delta)}`
  if (delta < 0) return `−${format(-delta)}`
  return format(0)
}
