import { Link } from '@remix-run/react'
import { clsx } from 'clsx'
import { useTranslation } from 'react-i18next'
import { RegistrationStatusBadge } from '#app/components/deals/registration-display'
import { TierBadge } from '#app/components/partners/partner-display'
import { Badge, Card, EmptyState } from '#app/components/ui/card'
import { Table, Td, Th } from '#app/components/ui/table'
import type { ExtensionRequestRow } from '#app/modules/deals/find-extension-requests.server'
import type { ReviewQueueRow } from '#app/modules/deals/find-review-queue.server'
import { useRootData } from '#app/root'
import { formatDate, formatDateTime, formatMoney } from '#app/utils/format'
import { Waiting } from './review-parts'

type Jsonified<T> = {
  [K in keyof T]: T[K] extends Date
    ? string | Date
    : T[K] extends Date | null
      ? string | Date | null
      : T[K]
}
type QueueRow = Jsonified<ReviewQueueRow>
type ExtensionRow = Jsonified<ExtensionRequestRow>

const productLineName = (
  row: { productLineNameEn: string; productLineNameZh: string },
  locale: string,
) => (locale.startsWith('zh') ? row.productLineNameZh : row.productLineNameEn)
const regionName = (row: { regionNameEn: string; regionNameZh: string }, locale: string) =>
  locale.startsWith('zh') ? row.regionNameZh : row.regionNameEn

function RegistrationLink({
  id,
  number,
  prospectName,
}: {
  id: string
  number: string
  prospectName: string
}) {
  return (
    <Link to={`/admin/registrations/${id}`} className="group block">
      <span className="font-medium text-brand-700 group-hover:underline">{prospectName}</span>
      <span className="block font-mono text-xs text-slate-500">{number}</span>
    </Link>
  )
}

function RegionCell({ row }: { row: QueueRow }) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <span>{regionName(row, locale)}</span>
      {row.outsideTerritory ? <Badge color="amber">{t('review:outsideTerritory')}</Badge> : null}
    </span>
  )
}

function ConflictCount({ open, total }: { open: number; total: number }) {
  const { t } = useTranslation()
  if (total === 0) return <span className="text-slate-400">{t('common:none')}</span>
  return (
    <span
      className={clsx('tabular-nums', open > 0 ? 'font-semibold text-red-700' : 'text-slate-600')}
    >
      {open > 0
        ? t('review:queue.openConflicts', { count: open })
        : t('review:queue.conflicts', { count: total })}
    </span>
  )
}

/** Pending registrations, oldest first: overdue rows in red. A card list on phones. */
export function PendingTable({ rows, empty }: { rows: QueueRow[]; empty: string }) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  if (rows.length === 0) {
    return (
      <Card>
        <EmptyState>{empty}</EmptyState>
      </Card>
    )
  }
  return (
    <>
      <ul className="space-y-3 md:hidden">
        {rows.map((row) => (
          <li
            key={row.id}
            className={clsx(
              'rounded-lg bg-white p-4 shadow-sm ring-1',
              row.overdue ? 'ring-red-300' : 'ring-slate-200',
            )}
          >
            <RegistrationLink id={row.id} number={row.number} prospectName={row.prospectName} />
            <p className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-700">
              <span>{row.partnerName}</span>
              <TierBadge tier={row.partnerTier} />
            </p>
            <p className="mt-1 text-sm text-slate-600">
              {productLineName(row, locale)} · <RegionCell row={row} />
            </p>
            <p className="mt-1 text-sm text-slate-900">
              {formatMoney(row.estimatedValueMinor, row.currency, locale)}
            </p>
            <div className="mt-2 flex flex-wrap items-center justify-between gap-2 text-sm">
              <span className="inline-flex flex-wrap items-center gap-1.5 text-slate-500">
                {t('review:queue.waitingLabel')}
                <Waiting hours={row.hoursWaiting} overdue={row.overdue} />
              </span>
              {row.conflictCount > 0 ? (
                <span className="inline-flex items-center gap-1.5 text-slate-500">
                  {t('review:columns.conflicts')}
                  <ConflictCount open={row.openConflictCount} total={row.conflictCount} />
                </span>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      <div className="hidden md:block">
        <Table caption={t('review:queue.pendingCaption')}>
          <thead>
            <tr>
              <Th>{t('review:columns.registration')}</Th>
              <Th>{t('review:columns.partner')}</Th>
              <Th>{t('review:columns.productLine')}</Th>
              <Th>{t('review:columns.region')}</Th>
              <Th className="text-right">{t('review:columns.value')}</Th>
              <Th>{t('review:columns.waiting')}</Th>
              <Th>{t('review:columns.conflicts')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr
                key={row.id}
                className={row.overdue ? 'bg-red-50/60 hover:bg-red-50' : 'hover:bg-slate-50'}
              >
                <Td>
                  <div className="w-56 whitespace-normal">
                    <RegistrationLink
                      id={row.id}
                      number={row.number}
                      prospectName={row.prospectName}
                    />
                  </div>
                </Td>
                <Td>
                  <div className="w-44 whitespace-normal">
                    <span className="block">{row.partnerName}</span>
                    <TierBadge tier={row.partnerTier} />
                  </div>
                </Td>
                <Td>{productLineName(row, locale)}</Td>
                <Td>
                  <RegionCell row={row} />
                </Td>
                <Td className="text-right tabular-nums">
                  {formatMoney(row.estimatedValueMinor, row.currency, locale)}
                </Td>
                <Td>
                  <Waiting hours={row.hoursWaiting} overdue={row.overdue} />
                </Td>
                <Td>
                  <ConflictCount open={row.openConflictCount} total={row.conflictCount} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </>
  )
}

/** Every registration, newest first, with the status users see. */
export function AllRegistrationsTable({ rows, empty }: { rows: QueueRow[]; empty: string }) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  if (rows.length === 0) {
    return (
      <Card>
        <EmptyState>{empty}</EmptyState>
      </Card>
    )
  }
  return (
    <>
      <ul className="space-y-3 md:hidden">
        {rows.map((row) => (
          <li key={row.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <div className="flex items-start justify-between gap-3">
              <RegistrationLink id={row.id} number={row.number} prospectName={row.prospectName} />
              <span className="shrink-0">
                <RegistrationStatusBadge status={row.effectiveStatus} />
              </span>
            </div>
            <p className="mt-2 text-sm text-slate-700">
              {row.partnerName} · {productLineName(row, locale)}
            </p>
            <p className="mt-1 text-sm text-slate-600">
              {formatMoney(row.estimatedValueMinor, row.currency, locale)} ·{' '}
              {formatDate(row.submittedAt, locale)}
            </p>
          </li>
        ))}
      </ul>
      <div className="hidden md:block">
        <Table caption={t('review:queue.allCaption')}>
          <thead>
            <tr>
              <Th>{t('review:columns.registration')}</Th>
              <Th>{t('review:columns.partner')}</Th>
              <Th>{t('review:columns.productLineRegion')}</Th>
              <Th className="text-right">{t('review:columns.value')}</Th>
              <Th>{t('review:columns.status')}</Th>
              <Th>{t('review:columns.submitted')}</Th>
              <Th>{t('review:columns.protectedUntil')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50">
                <Td>
                  <div className="w-56 whitespace-normal">
                    <RegistrationLink
                      id={row.id}
                      number={row.number}
                      prospectName={row.prospectName}
                    />
                  </div>
                </Td>
                <Td>
                  <div className="w-40 whitespace-normal">{row.partnerName}</div>
                </Td>
                <Td>
                  <span className="block">{productLineName(row, locale)}</span>
                  <span className="text-xs text-slate-500">
                    <RegionCell row={row} />
                  </span>
                </Td>
                <Td className="text-right tabular-nums">
                  {formatMoney(row.estimatedValueMinor, row.currency, locale)}
                </Td>
                <Td>
                  <RegistrationStatusBadge status={row.effectiveStatus} />
                </Td>
                <Td>{formatDate(row.submittedAt, locale)}</Td>
                <Td>
                  {row.protectionEndsAt
                    ? formatDate(row.protectionEndsAt, locale)
                    : t('common:none')}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </>
  )
}

/** Pending extension requests: what was asked and what approving would do. */
export function ExtensionRequestsList({ rows, empty }: { rows: ExtensionRow[]; empty: string }) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  if (rows.length === 0) {
    return (
      <Card>
        <EmptyState>{empty}</EmptyState>
      </Card>
    )
  }
  return (
    <ul className="space-y-3">
      {rows.map((row) => (
        <li key={row.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div>
              <RegistrationLink
                id={row.registrationId}
                number={row.number}
                prospectName={row.prospectName}
              />
              <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-700">
                <span>{row.partnerName}</span>
                <TierBadge tier={row.partnerTier} />
                <span className="text-slate-500">· {productLineName(row, locale)}</span>
              </p>
            </div>
            <div className="flex flex-wrap items-center gap-2">
              {row.effectiveStatus === 'expired' ? (
                <Badge color="red">{t('review:extension.protectionEnded')}</Badge>
              ) : null}
              {row.limitReached ? (
                <Badge color="amber">{t('review:extension.limitBadge')}</Badge>
              ) : null}
              <Link
                to={`/admin/registrations/${row.registrationId}`}
                className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-brand-700"
              >
                {t('review:extension.decide')}
              </Link>
            </div>
          </div>
          <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-xs text-slate-500">{t('review:extension.requested')}</dt>
              <dd className="font-medium text-slate-900">
                {t('review:extension.days', { count: row.days })}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">{t('review:extension.currentEnd')}</dt>
              <dd className="text-slate-900">
                {row.protectionEndsAt ? formatDate(row.protectionEndsAt, locale) : t('common:none')}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">{t('review:extension.newEnd')}</dt>
              <dd className="font-medium text-slate-900">
                {row.proposedEndsAt ? formatDate(row.proposedEndsAt, locale) : t('common:none')}
              </dd>
            </div>
          </dl>
          <blockquote className="mt-3 line-clamp-3 whitespace-pre-line border-l-2 border-slate-200 pl-3 text-sm text-slate-700">
            {row.progressNote}
          </blockquote>
          <p className="mt-1 text-xs text-slate-500">
            {t('review:extension.requestedBy', {
              name: row.requestedByName,
              date: formatDateTime(row.requestedAt, locale),
            })}
          </p>
        </li>
      ))}
    </ul>
  )
}
