import { clsx } from 'clsx'
import { useTranslation } from 'react-i18next'
import { useRootData } from '#app/root'
import { formatDateTime, formatMoney, formatNumber } from '#app/utils/format'
import type { Role } from '#app/utils/permissions'

export type OrderTimelineEvent = {
  id: number
  type: string
  fromStatus: string | null
  toStatus: string | null
  note: string | null
  details: unknown
  createdAt: Date | string
  actorName: string | null
  actorRole: Role | null
}

const knownTypes = new Set([
  'placed',
  'credit_hold',
  'credit_released',
  'confirmed',
  'shipped',
  'delivered',
  'cancelled',
  'expired',
  'credit_hold_expired',
  'checkout_started',
  'checkout_failed',
  'payment_window_extended',
  'paid',
  'payment_failed',
  'payment_expired',
  'payment_needs_attention',
  'refund_requested',
  'refund_failed',
  'refunded',
  'partially_refunded',
])

const redTypes = new Set([
  'cancelled',
  'expired',
  'credit_hold_expired',
  'payment_failed',
  'checkout_failed',
  'payment_needs_attention',
  'refund_failed',
])
const greenTypes = new Set(['paid', 'delivered', 'refunded'])

/** An order's history for vendor staff, oldest first: who, when, from → to, and the facts. */
export function OrderTimeline({ events }: { events: OrderTimelineEvent[] }) {
  const { t } = useTranslation()
  if (events.length === 0)
    return <p className="text-sm text-slate-500">{t('fulfilment:timeline.empty')}</p>
  return (
    <ol className="relative ml-1.5 space-y-5 border-l border-slate-200 pl-5">
      {events.map((event) => (
        <TimelineItem key={event.id} event={event} />
      ))}
    </ol>
  )
}

function TimelineItem({ event }: { event: OrderTimelineEvent }) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const details = (event.details ?? {}) as Record<string, unknown>
  const text = (key: string) => (typeof details[key] === 'string' ? (details[key] as string) : null)
  const num = (key: string) => (typeof details[key] === 'number' ? (details[key] as number) : null)
  const facts: string[] = []
  const currency = text('currency')
  if (text('carrier') && text('trackingNumber')) {
    facts.push(
      t('fulfilment:timeline.tracking', {
        carrier: text('carrier'),
        tracking: text('trackingNumber'),
      }),
    )
  }
  const amount = num('amountMinor') ?? num('amountRefundedMinor')
  if (amount !== null && currency) facts.push(formatMoney(amount, currency, locale))
  const released = num('releasedUnits')
  if (released) {
    facts.push(
      t('fulfilment:timeline.released', {
        count: released,
        formatted: formatNumber(released, locale),
      }),
    )
  }
  if (event.type === 'payment_window_extended' && text('to')) {
    facts.push(t('fulfilment:timeline.extendedTo', { date: formatDateTime(text('to')!, locale) }))
  }
  if (event.type === 'checkout_started' && text('expiresAt')) {
    facts.push(
      t('fulfilment:timeline.sessionUntil', { date: formatDateTime(text('expiresAt')!, locale) }),
    )
  }
  if (event.type === 'payment_needs_attention' && text('reason')) {
    facts.push(t(`fulfilment:attention.reason.${text('reason')}`, { defaultValue: text('reason') }))
  }
  const failure = text('reason') ?? text('message')
  if (['payment_failed', 'refund_failed', 'checkout_failed'].includes(event.type) && failure) {
    facts.push(failure)
  }
  if (event.type === 'refund_requested' && text('refundId')) {
    facts.push(t('fulfilment:timeline.refundReference', { id: text('refundId') }))
  }
  const statusChange =
    event.toStatus && event.fromStatus !== event.toStatus
      ? [event.fromStatus, event.toStatus]
          .filter((s): s is string => s !== null)
          .map((s) => t(`fulfilment:status.${s}`, { defaultValue: s }))
          .join(' → ')
      : null

  return (
    <li className="relative">
      <span
        aria-hidden="true"
        className={clsx(
          'absolute -left-[1.65rem] top-1.5 h-2.5 w-2.5 rounded-full ring-4 ring-white',
          redTypes.has(event.type)
            ? 'bg-red-500'
            : greenTypes.has(event.type)
              ? 'bg-green-500'
              : 'bg-brand-500',
        )}
      />
      <p className="text-sm font-medium text-slate-900">
        {knownTypes.has(event.type)
          ? t(`fulfilment:timeline.types.${event.type}`)
          : t('fulfilment:timeline.types.other', { type: event.type })}
      </p>
      <p className="mt-0.5 text-xs text-slate-500">
        {event.actorName ? (
          <>
            <span className="font-medium text-slate-700">{event.actorName}</span>
            {event.actorRole ? ` (${t(`common:roles.${event.actorRole}`)})` : null}
          </>
        ) : (
          t('fulfilment:timeline.system')
        )}{' '}
        ·{' '}
        <time dateTime={new Date(event.createdAt).toISOString()}>
          {formatDateTime(event.createdAt, locale)}
        </time>
      </p>
      {statusChange ? <p className="mt-1 text-sm text-slate-700">{statusChange}</p> : null}
      {facts.length > 0 ? (
        <p className="mt-1 break-words text-sm text-slate-700">{facts.join(' · ')}</p>
      ) : null}
      {event.note ? (
        <blockquote className="mt-1.5 whitespace-pre-line border-l-2 border-slate-200 pl-3 text-sm text-slate-600">
          <span className="sr-only">{t('fulfilment:timeline.note')}: </span>
          {event.note}
        </blockquote>
      ) : null}
    </li>
  )
}
