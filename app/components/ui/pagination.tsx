import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { useRootData } from '#app/root'
import { formatNumber } from '#app/utils/format'
import { buttonClass } from './button'

/** "Page 2 of 5 · 113 in all" with previous/next links built by `hrefFor` (filters kept in the URL). */
export function Pagination({
  page,
  pageCount,
  total,
  totalIsExact = true,
  hrefFor,
  label,
}: {
  page: number
  pageCount: number
  total: number
  /** False when `total` is a lower bound (a capped count): shown as "1,000+". */
  totalIsExact?: boolean
  hrefFor: (page: number) => string
  /** Accessible name of the navigation landmark, e.g. "Registrations pages". */
  label: string
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  return (
    <nav
      aria-label={label}
      className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600"
    >
      <p>
        {t(totalIsExact ? 'common:pagination.summary' : 'common:pagination.summaryAtLeast', {
          page: formatNumber(page, locale),
          pages: formatNumber(pageCount, locale),
          total: formatNumber(total, locale),
        })}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link
            to={hrefFor(Math.min(page - 1, pageCount))}
            className={buttonClass('secondary')}
            rel="prev"
          >
            {t('common:actions.previous')}
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link to={hrefFor(page + 1)} className={buttonClass('secondary')} rel="next">
            {t('common:actions.next')}
          </Link>
        ) : null}
      </div>
    </nav>
  )
}
