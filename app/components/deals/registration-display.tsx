import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/card'
import { protectionCountdown } from '#app/modules/deals/partner-registration-rules'

/** A name from a table with English and Chinese columns, in the UI language. */
export const localName = (row: { nameEn: string; nameZh: string }, locale: string) =>
  locale.startsWith('zh') ? row.nameZh : row.nameEn

export const productLineName = (
  row: { productLineNameEn: string; productLineNameZh: string },
  locale: string,
) => (locale.startsWith('zh') ? row.productLineNameZh : row.productLineNameEn)

const statusColors = {
  pending: 'amber',
  approved: 'green',
  rejected: 'red',
  expired: 'slate',
  won: 'blue',
  lost: 'slate',
  withdrawn: 'slate',
} as const

export function RegistrationStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation()
  const color = statusColors[status as keyof typeof statusColors] ?? 'slate'
  return <Badge color={color}>{t(`deals:status.${status}`, { defaultValue: status })}</Badge>
}

export function StageLabel({ stage }: { stage: string }) {
  const { t } = useTranslation()
  return <span>{t(`deals:stage.${stage}`, { defaultValue: stage })}</span>
}

/** "12 days left" (or "under a day left") under a protection end date; nothing once past. */
export function DaysLeft({ endsAt, now }: { endsAt: Date | string; now: Date | string }) {
  const { t } = useTranslation()
  const left = protectionCountdown(endsAt, now)
  if (left.expired) return null
  return (
    <span className={left.days < 14 ? 'text-amber-700' : 'text-slate-500'}>
      {left.days === 0 ? t('deals:list.hoursLeft') : t('deals:list.daysLeft', { count: left.days })}
    </span>
  )
}
