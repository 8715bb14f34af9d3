import { Link } from '@remix-run/react'
import { clsx } from 'clsx'
import { useTranslation } from 'react-i18next'
import { useRootData } from '#app/root'
import { formatDate, formatDateTime, formatMoney } from '#app/utils/format'
import type { Role } from '#app/utils/permissions'
import { RuleBadge } from './review-parts'

export type TimelineEvent = {
  id: number
  type: string
  fromStatus: string | null
  toStatus: string | null
  fromStage: string | null
  toStage: string | null
  rule: string | null
  reason: string | null
  details: unknown
  createdAt: Date | string
  actorName: string | null
  actorRole: Role | null
}

const knownTypes = new Set([
  'submitted',
  'approved',
  'rejected',
  'conflict',
  'conflict_resolved',
  'awarded',
  'extension_requested',
  'extension_approved',
  'extension_rejected',
  'stage_changed',
  'won',
  'lost',
  'withdrawn',
  'expired',
  'expiry_warning',
  'escalated',
])

const redTypes = new Set(['conflict', 'rejected', 'escalated', 'expired'])

/** A registration's history for vendor staff, oldest first: who, when, from → to, the rule, why. */
export function ReviewTimeline({ events }: { events: TimelineEvent[] }) {
  const { t } = useTranslation()
  if (events.length === 0)
    return <p className="text-sm text-slate-500">{t('review:history.empty')}</p>
  return (
    <ol className="relative ml-1.5 space-y-5 border-l border-slate-200 pl-5">
      {events.map((event) => (
        <TimelineItem key={event.id} event={event} />
      ))}
    </ol>
  )
}

function TimelineItem({ event }: { event: TimelineEvent }) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const details = (event.details ?? {}) as Record<string, unknown>
  const facts: string[] = []
  if (typeof details.fromEndsAt === 'string' && typeof details.toEndsAt === 'string') {
    facts.push(
      t('review:history.endMoved', {
        from: formatDate(details.fromEndsAt, locale),
        to: formatDate(details.toEndsAt, locale),
      }),
    )
  } else if (typeof details.protectionEndsAt === 'string') {
    facts.push(
      t('review:history.protectedUntil', { date: formatDate(details.protectionEndsAt, locale) }),
    )
  }
  if (typeof details.days === 'number')
    facts.push(t('review:history.days', { count: details.days }))
  if (details.outsideTerritory === true) facts.push(t('review:history.outsideTerritory'))
  if (typeof details.hoursPending === 'number')
    facts.push(t('review:history.hoursPending', { count: details.hoursPending }))
  if (typeof details.wonAmountMinor === 'number' && typeof details.currency === 'string') {
    facts.push(formatMoney(details.wonAmountMinor, details.currency, locale))
  }
  if (typeof details.lostReasonCode === 'string') {
    facts.push(
      t(`deals:lossReason.${details.lostReasonCode}`, { defaultValue: details.lostReasonCode }),
    )
  }
  if (details.resolution === 'kept_holder') facts.push(t('review:history.keptHolder'))
  const statusChange =
    event.toStatus && event.fromStatus !== event.toStatus
      ? [event.fromStatus, event.toStatus]
          .filter((s): s is string => s !== null)
          .map((s) => t(`deals:status.${s}`, { defaultValue: s }))
          .join(' → ')
      : null
  const stageChange =
    event.toStage && event.fromStage && event.fromStage !== event.toStage
      ? `${t(`deals:stage.${event.fromStage}`)} → ${t(`deals:stage.${event.toStage}`)}`
      : null
  const conflictId = typeof details.conflictId === 'string' ? details.conflictId : null
  const awardedId =
    typeof details.awardedRegistrationId === 'string' ? details.awardedRegistrationId : null
  const awardedNumber = typeof details.awardedNumber === 'string' ? details.awardedNumber : null
  const previousId =
    typeof details.previousHolderRegistrationId === 'string'
      ? details.previousHolderRegistrationId
      : null
  const previousNumber =
    typeof details.previousHolderNumber === 'string' ? details.previousHolderNumber : null

  return (
    <li className="relative">
      <span
        aria-hidden="true"
        className={clsx(
          'absolute -left-[1.65rem] top-1.5 h-2.5 w-2.5 rounded-full ring-4 ring-white',
          redTypes.has(event.type) ? 'bg-red-500' : 'bg-brand-500',
        )}
      />
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <p className="text-sm font-medium text-slate-900">
          {knownTypes.has(event.type)
            ? t(`review:history.types.${event.type}`)
            : t('review:history.types.other')}
        </p>
        {event.rule ? (
          <RuleBadge rule={event.rule} color={event.type === 'conflict' ? 'red' : 'slate'} />
        ) : null}
      </div>
      <p className="mt-0.5 text-xs text-slate-500">
        {event.actorName ? (
          <>
            <span className="font-medium text-slate-700">{event.actorName}</span>
            {event.actorRole ? ` (${t(`common:roles.${event.actorRole}`)})` : null}
          </>
        ) : (
          t('review:history.system')
        )}{' '}
        ·{' '}
        <time dateTime={new Date(event.createdAt).toISOString()}>
          {formatDateTime(event.createdAt, locale)}
        </time>
      </p>
      {statusChange || stageChange ? (
        <p className="mt-1 text-sm text-slate-700">
          {[statusChange, stageChange].filter(Boolean).join(' · ')}
        </p>
      ) : null}
      {facts.length > 0 ? <p className="mt-1 text-sm text-slate-700">{facts.join(' · ')}</p> : null}
      {conflictId || awardedId || previousId ? (
        <p className="mt-1 flex flex-wrap gap-x-3 text-sm">
          {conflictId ? (
            <Link
              to={`/admin/conflicts/${conflictId}`}
              className="font-medium text-brand-600 hover:text-brand-700"
            >
              {t('review:history.openConflict')}
            </Link>
          ) : null}
          {awardedId ? (
            <Link
              to={`/admin/registrations/${awardedId}`}
              className="font-medium text-brand-600 hover:text-brand-700"
            >
              {t('review:history.awardedTo', { number: awardedNumber ?? '' })}
            </Link>
          ) : null}
          {previousId ? (
            <Link
              to={`/admin/registrations/${previousId}`}
              className="font-medium text-brand-600 hover:text-brand-700"
            >
              {t('review:history.previousHolder', { number: previousNumber ?? '' })}
            </Link>
          ) : null}
        </p>
      ) : null}
      {event.reason ? (
        <blockquote className="mt-1.5 whitespace-pre-line border-l-2 border-slate-200 pl-3 text-sm text-slate-600">
          <span className="sr-only">{t('review:history.reason')}: </span>
          {event.reason}
        </blockquote>
      ) : null}
    </li>
  )
}
