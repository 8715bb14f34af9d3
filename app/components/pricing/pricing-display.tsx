import { Link } from '@remix-run/react'
import { clsx } from 'clsx'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/card'
import type { PartnerTier } from '#app/modules/partners/partner-rules'
import type { PolicyPhase } from '#app/modules/pricing/price-policy-rules'
import type { ValidityState } from '#app/modules/pricing/price-validity-rules'
import { useRootData } from '#app/root'
import { formatDate, formatNumber } from '#app/utils/format'

export function useLocale(): string {
  return useRootData()?.locale ?? 'en'
}

/** Basis points as a percentage in the user's locale: 3200 → "32%", 1250 → "12.5%". */
export function formatBps(bps: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(
    bps / 10_000,
  )
}

/** A calendar day 'YYYY-MM-DD' in the user's locale (never shifted by a time zone). */
export function formatDay(day: string, locale: string): string {
  return formatDate(day, locale, 'UTC')
}

export const productLineName = (
  line: { nameEn: string; nameZh: string } | null | undefined,
  locale: string,
) => (line ? (locale.startsWith('zh') ? line.nameZh : line.nameEn) : '')

const phaseColors = {
  draft: 'slate',
  scheduled: 'amber',
  in_force: 'green',
  withdrawn: 'red',
} as const

export function PolicyPhaseBadge({ phase }: { phase: PolicyPhase }) {
  const { t } = useTranslation()
  return <Badge color={phaseColors[phase]}>{t(`pricing:phase.${phase}`)}</Badge>
}

/** "Every tier", "Gold, Silver" or the one partner. */
export function AudienceText({
  audienceTiers,
  partner,
}: {
  audienceTiers: readonly PartnerTier[]
  partner: { id: string; code: string; name: string } | null
}) {
  const { t } = useTranslation()
  if (partner) {
    return (
      <Link to={`/admin/partners/${partner.id}`} className="text-brand-700 hover:underline">
        {partner.name}
      </Link>
    )
  }
  if (audienceTiers.length === 0) return <>{t('pricing:audience.all')}</>
  return <>{audienceTiers.map((tier) => t(`common:tiers.${tier}`)).join(', ')}</>
}

/** "1 Dec 2026 – 31 Dec 2026", or "from 1 Dec 2026 (open-ended)". */
export function ValidityText({
  validFrom,
  validTo,
}: {
  validFrom: string
  validTo: string | null
}) {
  const { t } = useTranslation()
  const locale = useLocale()
  return validTo === null ? (
    <>{t('pricing:validity.fromOpen', { from: formatDay(validFrom, locale) })}</>
  ) : (
    <>
      {t('pricing:validity.range', {
        from: formatDay(validFrom, locale),
        to: formatDay(validTo, locale),
      })}
    </>
  )
}

/**
 * Server messages may carry values (dates of the row in the way, a currency): dates are shown in
 * the user's locale, an empty end as "open-ended". Client messages never carry values.
 */
export function useServerErrorText(
  params: Record<string, string | number> | null | undefined,
  serverErrors: Record<string, string> | undefined,
) {
  const { t } = useTranslation()
  const locale = useLocale()
  return (name: string, error: string | undefined): string | undefined => {
    if (!error || !params || serverErrors?.[name] !== error) return error
    const values: Record<string, string | number> = {}
    for (const [key, value] of Object.entries(params)) {
      values[key] =
        (key === 'from' || key === 'to' || key === 'date') && typeof value === 'string'
          ? value === ''
            ? t('pricing:validity.openEnded')
            : formatDay(value, locale)
          : value
    }
    return t(error, values)
  }
}

/** Tabs over current / upcoming / ended rows, with their counts; links keep the other filters. */
export function ValidityTabs({
  active,
  counts,
  hrefFor,
  label,
}: {
  active: ValidityState
  counts: Record<ValidityState, number>
  hrefFor: (when: ValidityState) => string
  label: string
}) {
  const { t } = useTranslation()
  const locale = useLocale()
  const tabs: ValidityState[] = ['current', 'future', 'past']
  return (
    <nav aria-label={label} className="mb-4 flex flex-wrap gap-2">
      {tabs.map((when) => (
        <Link
          key={when}
          to={hrefFor(when)}
          aria-current={active === when ? 'page' : undefined}
          className={clsx(
            'inline-flex items-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset',
            active === when
              ? 'bg-brand-50 text-brand-700 ring-brand-300'
              : 'bg-white text-slate-700 ring-slate-200 hover:bg-slate-50',
          )}
        >
          {t(`pricing:validity.tabs.${when}`)}
          <span className="rounded bg-white/70 px-1.5 text-xs tabular-nums text-slate-600">
            {formatNumber(counts[when], locale)}
          </span>
        </Link>
      ))}
    </nav>
  )
}

/** "3 / 5" with a thin bar: acknowledged out of addressed. */
export function AcknowledgementMeter({
  acknowledged,
  addressed,
}: {
  acknowledged: number
  addressed: number
}) {
  const { t } = useTranslation()
  const locale = useLocale()
  const share = addressed === 0 ? 0 : Math.round((acknowledged / addressed) * 100)
  return (
    <span
      className="inline-flex min-w-24 flex-col gap-1"
      title={t('pricing:acknowledgements.meterTitle', {
        acknowledged: formatNumber(acknowledged, locale),
        addressed: formatNumber(addressed, locale),
      })}
    >
      <span className="tabular-nums">
        {formatNumber(acknowledged, locale)} / {formatNumber(addressed, locale)}
      </span>
      <span className="h-1.5 w-full overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
        <span className="block h-full rounded-full bg-brand-500" style={{ width: `${share}%` }} />
      </span>
    </span>
  )
}

/** The back link above an admin pricing page. */
export function BackToPricing({ children }: { children?: ReactNode }) {
  const { t } = useTranslation()
  return (
    <nav className="mb-2 text-sm">
      <Link to="/admin/pricing" className="font-medium text-brand-600 hover:text-brand-700">
        ← {children ?? t('pricing:backToPricing')}
      </Link>
    </nav>
  )
}
