import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { useTranslation } from 'react-i18next'

/** The 403/404/500 pages every route's ErrorBoundary renders. */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const kind =
    status === 403
      ? 'forbidden'
      : status === 404
        ? 'notFound'
        : status === 401
          ? 'forbidden'
          : status === 429
            ? 'rateLimited'
            : status >= 500
              ? 'server'
              : 'badRequest'
  return (
    <div className="mx-auto max-w-xl py-16 text-center" data-status={status}>
      <p className="text-sm font-semibold text-brand-600">{status}</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-slate-900">
        {t(`errors:${kind}.title`)}
      </h1>
      <p className="mt-3 text-slate-600">{t(`errors:${kind}.body`)}</p>
      <div className="mt-8">
        <Link to="/" className="text-sm font-semibold text-brand-600 hover:text-brand-700">
          {t('errors:backHome')} →
        </Link>
      </div>
    </div>
  )
}
