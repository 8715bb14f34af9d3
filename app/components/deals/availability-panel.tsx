import { Link, useFetcher } from '@remix-run/react'
import { clsx } from 'clsx'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { prospectKeysOf } from '#app/modules/deals/prospect-rules'

export const availabilityCheckPath = '/portal/registrations/check'

/** What /portal/registrations/check answers. */
export type AvailabilityResponse =
  | { result: 'free' }
  | { result: 'taken' }
  | { result: 'own'; registrationId: string; number: string }
  | { result: 'rate_limited'; limit: number }
  | { result: 'invalid'; message: string }

const DEBOUNCE_MS = 600

const icons = { idle: '', busy: '…', free: '✓', taken: '✕', own: '★', warn: '!' } as const

/**
 * The live blind check beside the registration form: while the user types a tax ID, domain or
 * name (and picks a product line), a debounced fetcher asks the server whether the prospect is
 * free. It only asks when the prospect keys derived from the input change, so typing inside an
 * incomplete tax ID or re-picking the same values spends none of the hourly checks.
 */
export function AvailabilityPanel({
  taxId,
  domain,
  name,
  productLineId,
  productLineName,
}: {
  taxId: string
  domain: string
  name: string
  productLineId: string
  productLineName: string | null
}) {
  const { t } = useTranslation()
  const fetcher = useFetcher<AvailabilityResponse>()
  const keys = useMemo(
    () => prospectKeysOf({ taxId, domain, companyName: name }).map((k) => k.key),
    [taxId, domain, name],
  )
  const request = keys.length > 0 ? JSON.stringify([keys, productLineId]) : ''
  const [askedFor, setAskedFor] = useState('')
  const latest = useRef({ taxId, domain, name, productLineId, submit: fetcher.submit })
  latest.current = { taxId, domain, name, productLineId, submit: fetcher.submit }

  useEffect(() => {
    if (!request) return
    const timer = setTimeout(() => {
      const { submit, ...values } = latest.current
      setAskedFor(request)
      submit(values, { method: 'post', action: availabilityCheckPath })
    }, DEBOUNCE_MS)
    return () => clearTimeout(timer)
  }, [request])

  const scope = productLineId
    ? t('deals:check.scopeLine', { line: productLineName ?? '' })
    : t('deals:check.scopeAny')
  const answer = fetcher.state === 'idle' && askedFor === request ? fetcher.data : undefined

  let tone: 'idle' | 'busy' | 'free' | 'taken' | 'own' | 'warn' = 'idle'
  let title = t('deals:check.idle')
  let detail: string | null = null
  let ownLink: { id: string; number: string } | null = null
  if (request && !answer) {
    tone = 'busy'
    title = t('deals:check.checking')
  } else if (answer?.result === 'free') {
    tone = 'free'
    title = t('deals:check.free')
    detail = t('deals:check.freeDetail', { scope })
  } else if (answer?.result === 'taken') {
    tone = 'taken'
    title = t('deals:check.taken')
    detail = t('deals:check.takenDetail', { scope })
  } else if (answer?.result === 'own') {
    tone = 'own'
    title = t('deals:check.own', { number: answer.number })
    detail = t('deals:check.ownDetail', { scope })
    ownLink = { id: answer.registrationId, number: answer.number }
  } else if (answer?.result === 'rate_limited') {
    tone = 'warn'
    title = t('deals:check.rateLimited', { limit: answer.limit })
  } else if (answer?.result === 'invalid') {
    tone = 'warn'
    title = t(answer.message, { defaultValue: t('deals:check.needKey') })
  } else if (answer) {
    tone = 'warn'
    title = t('deals:check.failed')
  }

  return (
    <section
      aria-labelledby="availability-title"
      className={clsx(
        'rounded-lg p-4 ring-1 ring-inset',
        tone === 'free' && 'bg-green-50 ring-green-200',
        tone === 'taken' && 'bg-red-50 ring-red-200',
        tone === 'own' && 'bg-brand-50 ring-brand-500/30',
        tone === 'warn' && 'bg-amber-50 ring-amber-200',
        (tone === 'idle' || tone === 'busy') && 'bg-slate-50 ring-slate-200',
      )}
    >
      <h2
        id="availability-title"
        className="text-xs font-semibold uppercase tracking-wide text-slate-500"
      >
        {t('deals:check.title')}
      </h2>
      <div aria-live="polite" className="mt-1">
        <p
          className={clsx(
            'flex items-center gap-2 text-sm',
            tone === 'free' && 'font-semibold text-green-800',
            tone === 'taken' && 'font-semibold text-red-800',
            tone === 'own' && 'font-semibold text-brand-900',
            tone === 'warn' && 'text-amber-900',
            (tone === 'idle' || tone === 'busy') && 'text-slate-600',
          )}
        >
          {icons[tone] ? <span aria-hidden="true">{icons[tone]}</span> : null}
          {title}
        </p>
        {detail ? <p className="mt-1 text-sm text-slate-700">{detail}</p> : null}
        {ownLink ? (
          <Link
            to={`/portal/registrations/${ownLink.id}`}
            className="mt-1 inline-block text-sm font-medium text-brand-700 hover:underline"
          >
            {t('deals:check.openOwn', { number: ownLink.number })} →
          </Link>
        ) : null}
      </div>
      <p className="mt-2 text-xs text-slate-500">{t('deals:check.privacy')}</p>
    </section>
  )
}
