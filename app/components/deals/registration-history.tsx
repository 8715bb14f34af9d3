import { useTranslation } from 'react-i18next'
import { Badge } from '#app/components/ui/card'
import type { HistoryActor, HistoryEntry } from '#app/modules/deals/partner-registration-rules'
import { useRootData } from '#app/root'
import { formatDate, formatDateTime, formatMoney } from '#app/utils/format'

/** The registration's history, oldest first: who, when, from → to, the rule and why. */
export function RegistrationHistory({ entries }: { entries: HistoryEntry[] }) {
  const { t } = useTranslation()
  if (entries.length === 0)
    return <p className="text-sm text-slate-500">{t('deals:history.empty')}</p>
  return (
    <ol className="relative space-y-5 border-l border-slate-200 pl-5">
      {entries.map((entry) => (
        <HistoryItem key={entry.id} entry={entry} />
      ))}
    </ol>
  )
}

function HistoryItem({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const details = entry.details ?? {}
  const facts: string[] = []
  const endsAt = details.toEndsAt ?? details.protectionEndsAt
  // An expiry needs no date repeated: the line says the protection ended.
  if (typeof endsAt === 'string' && entry.type !== 'expired') {
    facts.push(t('deals:history.protectionUntil', { date: formatDate(endsAt, locale) }))
  }
  if (details.resolution === 'kept_holder' || details.resolution === 'awarded_to_submitter') {
    facts.push(t(`deals:history.resolution.${details.resolution}`))
  }
  if (typeof details.days === 'number')
    facts.push(t('deals:history.extensionDays', { days: details.days }))
  if (details.outsideTerritory === true) facts.push(t('deals:history.outsideTerritory'))
  if (typeof details.wonAmountMinor === 'number' && typeof details.currency === 'string') {
    facts.push(
      t('deals:history.wonAmount', {
        amount: formatMoney(details.wonAmountMinor, details.currency, locale),
        date: typeof details.wonOn === 'string' ? formatDate(details.wonOn, locale, 'UTC') : '',
      }),
    )
  }
  if (typeof details.lostReasonCode === 'string') {
    facts.push(
      t(`deals:lossReason.${details.lostReasonCode}`, { defaultValue: details.lostReasonCode }),
    )
  }
  const statusChange =
    entry.toStatus && entry.fromStatus !== entry.toStatus
      ? [entry.fromStatus, entry.toStatus]
          .filter((s): s is NonNullable<typeof s> => s !== null)
          .map((s) => t(`deals:status.${s}`))
          .join(' → ')
      : null
  const stageChange =
    entry.toStage && entry.fromStage && entry.fromStage !== entry.toStage
      ? `${t(`deals:stage.${entry.fromStage}`)} → ${t(`deals:stage.${entry.toStage}`)}`
      : null

  return (
    <li className="relative">
      <span
        aria-hidden="true"
        className={
          entry.type === 'conflict'
            ? 'absolute -left-[1.65rem] top-1.5 h-2.5 w-2.5 rounded-full bg-red-400 ring-4 ring-white'
            : 'absolute -left-[1.65rem] top-1.5 h-2.5 w-2.5 rounded-full bg-brand-500 ring-4 ring-white'
        }
      />
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <p className="text-sm font-medium text-slate-900">
          {t(`deals:history.types.${entry.type}`, { defaultValue: t('deals:history.types.other') })}
        </p>
        {entry.rule ? (
          <Badge color={entry.type === 'conflict' ? 'red' : 'slate'}>
            {t('deals:history.rule', { rule: t(`deals:rule.${entry.rule}`) })}
          </Badge>
        ) : null}
      </div>
      <p className="mt-0.5 text-xs text-slate-500">
        <ActorName actor={entry.actor} /> ·{' '}
        <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at, locale)}</time>
      </p>
      {statusChange || stageChange ? (
        <p className="mt-1 text-sm text-slate-700">
          {[statusChange, stageChange].filter(Boolean).join(' · ')}
        </p>
      ) : null}
      {facts.length > 0 ? <p className="mt-1 text-sm text-slate-700">{facts.join(' · ')}</p> : null}
      {entry.reason ? (
        <blockquote className="mt-1.5 whitespace-pre-line border-l-2 border-slate-200 pl-3 text-sm text-slate-600">
          <span className="sr-only">{t('deals:history.reason')}: </span>
          {entry.reason}
        </blockquote>
      ) : null}
    </li>
  )
}

function ActorName({ actor }: { actor: HistoryActor }) {
  const { t } = useTranslation()
  if (actor.kind === 'partner')
    return <span className="font-medium text-slate-700">{actor.name}</span>
  if (actor.kind === 'vendor') return <span>{t(`common:roles.${actor.role}`)}</span>
  return <span>{t('deals:history.system')}</span>
}
