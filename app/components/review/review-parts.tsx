import { Link } from '@remix-run/react'
import { clsx } from 'clsx'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/card'
import { prospectKeyKind, prospectKeyValue } from '#app/modules/deals/review-rules'
import { useRootData } from '#app/root'
import { formatNumber } from '#app/utils/format'

/** A label and its value in a definition list. */
export function Detail({
  label,
  children,
  className,
}: {
  label: ReactNode
  children: ReactNode
  className?: string
}) {
  return (
    <div className={className}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm text-slate-900">{children}</dd>
    </div>
  )
}

export type TabItem = {
  to: string
  label: string
  count?: number
  current: boolean
  alert?: number
}

/** Tabs as links (the URL holds the tab), scrolling sideways on a phone. */
export function Tabs({ label, items }: { label: string; items: TabItem[] }) {
  const locale = useRootData()?.locale ?? 'en'
  const { t } = useTranslation()
  return (
    <nav aria-label={label} className="-mx-1 mb-4 overflow-x-auto border-b border-slate-200">
      <ul className="flex min-w-max gap-1 px-1">
        {items.map((item) => (
          <li key={item.to}>
            <Link
              to={item.to}
              aria-current={item.current ? 'page' : undefined}
              className={clsx(
                '-mb-px inline-flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium',
                item.current
                  ? 'border-brand-600 text-brand-700'
                  : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900',
              )}
            >
              {item.label}
              {item.count !== undefined ? (
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs tabular-nums text-slate-700">
                  {formatNumber(item.count, locale)}
                </span>
              ) : null}
              {item.alert ? (
                <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs tabular-nums text-red-800">
                  {t('review:queue.overdueCount', {
                    count: item.alert,
                    formatted: formatNumber(item.alert, locale),
                  })}
                </span>
              ) : null}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}

/** Hours a registration has waited, red with an "Overdue" badge past the review SLA. */
export function Waiting({ hours, overdue }: { hours: number; overdue: boolean }) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  return (
    <span
      className={clsx(
        'inline-flex flex-wrap items-center gap-1.5 tabular-nums',
        overdue ? 'font-semibold text-red-700' : 'text-slate-700',
      )}
    >
      {t('review:queue.hoursWaiting', { count: hours, formatted: formatNumber(hours, locale) })}
      {overdue ? <Badge color="red">{t('review:queue.overdue')}</Badge> : null}
    </span>
  )
}

export function RuleBadge({
  rule,
  color = 'slate',
}: {
  rule: string
  color?: 'slate' | 'red' | 'blue'
}) {
  const { t } = useTranslation()
  return <Badge color={color}>{t(`deals:rule.${rule}`, { defaultValue: rule })}</Badge>
}

/** A prospect key as a link to the one view of that prospect. */
export function ProspectKeyLink({ prospectKey }: { prospectKey: string }) {
  const { t } = useTranslation()
  return (
    <Link
      to={`/admin/prospects?key=${encodeURIComponent(prospectKey)}`}
      className="inline-flex max-w-full items-center gap-1.5 rounded-md bg-slate-50 px-2 py-1 text-xs ring-1 ring-inset ring-slate-200 hover:bg-brand-50 hover:ring-brand-200"
    >
      <span className="font-medium text-slate-500">
        {t(`review:keyKinds.${prospectKeyKind(prospectKey)}`)}
      </span>
      <span className="truncate font-mono text-brand-700">{prospectKeyValue(prospectKey)}</span>
    </Link>
  )
}

/** A name from a table with English and Chinese columns, in the UI language. */
export const localName = (
  row: { nameEn: string; nameZh: string } | null | undefined,
  locale: string,
) => (row ? (locale.startsWith('zh') ? row.nameZh : row.nameEn) : '')

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <nav className="mb-2 text-sm">
      <Link to={to} className="font-medium text-brand-600 hover:text-brand-700">
        ← {children}
      </Link>
    </nav>
  )
}
