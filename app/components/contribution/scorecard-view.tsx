import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { compactMoney } from '#app/components/charts/chart-scale'
import { StackedBarChart } from '#app/components/charts/stacked-bar-chart'
import { TierBadge } from '#app/components/home/tier-badge'
import { Badge, Card } from '#app/components/ui/card'
import type { FindContributionRankingOptions } from '#app/modules/contribution/find-contribution-ranking.server'
import { displayValue, orderColumns } from '#app/modules/contribution/contribution-table'
import type { PartnerScorecard } from '#app/modules/contribution/get-partner-scorecard.server'
import { formatMoney, formatNumber } from '#app/utils/format'
import { CellTable } from './cell-table'
import { monthText, periodText, quarterText } from './period-text'

/**
 * A partner's scorecard: headline figures, attainment of its quarter and year targets with a
 * progress bar, the next tier, twelve months of credited revenue, its forecast and latest orders.
 * The vendor's version links every figure to the rows behind it (`drillHref`).
 */
export function ScorecardView({
  card,
  locale,
  period,
  drillHref,
}: {
  card: PartnerScorecard
  locale: string
  period: FindContributionRankingOptions['period']
  drillHref?: (kind: 'orders' | 'sourced' | 'registrations' | 'open' | 'won') => string
}) {
  const { t } = useTranslation()
  const { row, currency } = card
  const money = (minor: number) => formatMoney(minor, currency, locale)
  const percent = (value: number | null) => displayValue({ kind: 'percent', value }, locale)
  const figure = (value: string, kind?: Parameters<NonNullable<typeof drillHref>>[0]) =>
    drillHref && kind ? (
      <Link to={drillHref(kind)} className="hover:text-brand-700 hover:underline">
        {value}
      </Link>
    ) : (
      value
    )

  return (
    <div className="space-y-6">
      <Card>
        <div className="flex flex-wrap items-center gap-3 text-sm text-slate-600">
          <TierBadge tier={card.partner.tier} />
          <span>
            {t(`common:partnerKinds.${card.partner.kind}`, { defaultValue: card.partner.kind })}
          </span>
          <span>·</span>
          <span>{card.partner.regionCodes.join(', ') || t('common:none')}</span>
          <span>·</span>
          <span>
            {t('contribution:scorecard.manager')}:{' '}
            {card.partner.manager ? (
              <a
                href={`mailto:${card.partner.manager.email}`}
                className="text-brand-700 hover:underline"
              >
                {card.partner.manager.name}
              </a>
            ) : (
              t('contribution:scorecard.noManager')
            )}
          </span>
          {card.partner.status !== 'active' ? (
            <Badge color="red">{card.partner.status}</Badge>
          ) : null}
        </div>
      </Card>

      <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Figure
          label={t('contribution:kpi.orderRevenue')}
          value={figure(money(row.orderRevenueMinor), 'orders')}
          hint={t('contribution:scorecard.shareAndGrowth', {
            share: percent(row.share),
            growth: percent(row.growth),
          })}
        />
        <Figure
          label={t('contribution:columns.sourcedRevenue')}
          value={figure(money(row.sourcedRevenueMinor), 'sourced')}
          hint={t('contribution:scorecard.sourcedHint')}
        />
        <Figure
          label={t('contribution:kpi.pipeline')}
          value={figure(money(row.pipelineMinor), 'open')}
          hint={t('contribution:kpi.weighted', { value: money(row.weightedMinor) })}
        />
        <Figure
          label={t('contribution:kpi.wonRevenue')}
          value={figure(money(row.wonRevenueMinor), 'won')}
          hint={t('contribution:kpi.winRate', { value: percent(row.winRate) })}
        />
        <Figure
          label={t('contribution:kpi.registrations')}
          value={figure(formatNumber(row.registrations, locale), 'registrations')}
          hint={t('contribution:kpi.approvalRate', { value: percent(row.approvalRate) })}
        />
        <Figure
          label={t('contribution:kpi.conflicts')}
          value={formatNumber(row.conflicts, locale)}
          hint={t('contribution:scorecard.conflictsHint')}
        />
        <Figure
          label={t('contribution:columns.averageDays')}
          value={displayValue({ kind: 'decimal', value: row.averageDaysToClose }, locale)}
          hint={t('contribution:scorecard.averageDaysHint')}
        />
        <Figure
          label={t('contribution:columns.voided')}
          value={money(row.voidedMinor)}
          hint={t('contribution:scorecard.voidedHint')}
        />
      </dl>

      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t('contribution:scorecard.attainment')} className="lg:col-span-2">
          <div className="space-y-5">
            {card.attainment.map((goal) => {
              const label =
                goal.label.kind === 'quarter'
                  ? quarterText(
                      `${goal.label.from.slice(0, 4)}-Q${Math.floor((Number(goal.label.from.slice(5, 7)) - 1) / 3) + 1}`,
                      t,
                    )
                  : periodText(
                      { kind: 'year', from: goal.label.from, to: goal.label.to },
                      t,
                      locale,
                    )
              return (
                <div key={goal.label.kind}>
                  <h3 className="text-sm font-semibold text-slate-800">{label}</h3>
                  {goal.figures ? (
                    <div className="mt-2 grid gap-3 sm:grid-cols-2">
                      <Progress
                        label={t('contribution:scorecard.revenueTarget', {
                          actual: money(goal.figures.revenueMinor),
                          target: money(goal.figures.revenueTargetMinor),
                        })}
                        value={goal.figures.revenueAttainment}
                        text={percent(goal.figures.revenueAttainment)}
                      />
                      <Progress
                        label={t('contribution:scorecard.registrationsTarget', {
                          actual: formatNumber(goal.figures.registrations, locale),
                          target: formatNumber(goal.figures.registrationsTarget, locale),
                        })}
                        value={goal.figures.registrationsAttainment}
                        text={percent(goal.figures.registrationsAttainment)}
                      />
                    </div>
                  ) : (
                    <p className="mt-1 text-sm text-slate-500">
                      {t('contribution:scorecard.noTarget')}
                    </p>
                  )}
                </div>
              )
            })}
          </div>
        </Card>
        <Card title={t('contribution:scorecard.nextTier')}>
          {card.nextTier ? (
            <div className="space-y-3 text-sm">
              <p className="flex items-center gap-2">
                <TierBadge tier={card.partner.tier} /> → <TierBadge tier={card.nextTier.tier} />
              </p>
              <Progress
                label={t('contribution:scorecard.trailing', {
                  actual: money(card.trailingRevenueMinor),
                  threshold: money(card.nextTier.thresholdMinor),
                })}
                value={card.nextTier.progress}
                text={percent(card.nextTier.progress)}
              />
              <p className="text-slate-700">
                {card.nextTier.remainingMinor > 0
                  ? t('contribution:scorecard.remaining', {
                      amount: money(card.nextTier.remainingMinor),
                    })
                  : t('contribution:scorecard.qualifies')}
              </p>
            </div>
          ) : (
            <p className="text-sm text-slate-600">{t('contribution:scorecard.topTier')}</p>
          )}
        </Card>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('contribution:scorecard.trend')}>
          <StackedBarChart
            title={t('contribution:scorecard.trend')}
            categories={card.trend.map((m) => ({
              key: m.month,
              label: monthText(m.month, locale),
            }))}
            series={[
              {
                key: 'revenue',
                label: t('contribution:scorecard.creditedRevenue'),
                color: '#2f6fed',
              },
            ]}
            value={(month) => card.trend.find((m) => m.month === month)?.revenueMinor ?? 0}
            formatAxis={(v) => compactMoney(v, currency, locale)}
            formatValue={money}
            categoryHeader={t('contribution:charts.month')}
            totalLabel={t('contribution:ranking.total')}
            emptyText={t('contribution:charts.noRevenue')}
          />
        </Card>
        <Card title={t('contribution:scorecard.forecast')}>
          {card.forecast.length === 0 ? (
            <p className="py-8 text-center text-sm text-slate-500">
              {t('contribution:scorecard.noPipeline')}
            </p>
          ) : (
            <div className="overflow-x-auto">
              <table className="min-w-full text-sm [&_td]:px-2 [&_th]:px-2">
                <caption className="sr-only">{t('contribution:scorecard.forecast')}</caption>
                <thead>
                  <tr className="text-left text-xs text-slate-500 uppercase">
                    <th scope="col" className="py-1">
                      {t('contribution:charts.quarter')}
                    </th>
                    <th scope="col" className="py-1 text-right">
                      {t('contribution:columns.registrations')}
                    </th>
                    <th scope="col" className="py-1 text-right">
                      {t('contribution:columns.pipeline')}
                    </th>
                    <th scope="col" className="py-1 text-right">
                      {t('contribution:columns.weighted')}
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {card.forecast.map((q) => (
                    <tr key={q.quarter}>
                      <td className="py-1.5">{quarterText(q.quarter, t)}</td>
                      <td className="py-1.5 text-right tabular-nums">
                        {formatNumber(q.openCount, locale)}
                      </td>
                      <td className="py-1.5 text-right tabular-nums">{money(q.openValueMinor)}</td>
                      <td className="py-1.5 text-right tabular-nums">{money(q.weightedMinor)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      </div>

      <section>
        <h2 className="mb-2 text-lg font-semibold text-slate-900">
          {t('contribution:scorecard.recentOrders', { period: periodText(period, t, locale) })}
        </h2>
        {card.recentOrders.orders.length === 0 ? (
          <Card>
            <p className="py-4 text-center text-sm text-slate-500">
              {t('contribution:drill.noOrders')}
            </p>
          </Card>
        ) : (
          <CellTable
            columns={orderColumns(t)}
            rows={card.recentOrders.orders}
            currency={currency}
            locale={locale}
            caption={t('contribution:scorecard.recentOrders', {
              period: periodText(period, t, locale),
            })}
            rowKey={(o) => o.id}
          />
        )}
      </section>
    </div>
  )
}

function Figure({ label, value, hint }: { label: string; value: React.ReactNode; hint?: string }) {
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <dt className="text-sm font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tracking-tight break-words text-slate-900 tabular-nums">
        {value}
      </dd>
      {hint ? <dd className="mt-1 text-xs text-slate-500">{hint}</dd> : null}
    </div>
  )
}

function Progress({ label, value, text }: { label: string; value: number | null; text: string }) {
  const width = value === null ? 0 : Math.min(100, value / 10)
  const color =
    value === null
      ? 'bg-slate-300'
      : value >= 1000
        ? 'bg-green-500'
        : value >= 700
          ? 'bg-brand-500'
          : 'bg-amber-500'
  return (
    <div>
      <div className="flex items-baseline justify-between gap-2 text-xs text-slate-600">
        <span>{label}</span>
        <span className="font-semibold text-slate-900 tabular-nums">{text}</span>
      </div>
      <div
        className="mt-1 h-2.5 rounded-full bg-slate-100"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(width)}
      >
        <div className={`h-2.5 rounded-full ${color}`} style={{ width: `${width}%` }} />
      </div>
    </div>
  )
}
