import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { BarList } from '#app/components/charts/bar-list'
import { compactMoney, tierColors } from '#app/components/charts/chart-scale'
import { ForecastChart } from '#app/components/charts/forecast-chart'
import { FunnelChart } from '#app/components/charts/funnel-chart'
import { StackedBarChart } from '#app/components/charts/stacked-bar-chart'
import { ContributionFilters } from '#app/components/contribution/contribution-filters'
import { monthText, periodText, quarterText } from '#app/components/contribution/period-text'
import { RankingTable } from '#app/components/contribution/ranking-table'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { buttonClass } from '#app/components/ui/button'
import { Card, PageHeader } from '#app/components/ui/card'
import { Pagination } from '#app/components/ui/pagination'
import { requirePermission } from '#app/modules/auth/require.server'
import { parsePage } from '#app/modules/audit/audit-rules'
import {
  contributionSearch,
  funnelSteps,
  parseContributionQuery,
  sellingStages,
  tiers,
} from '#app/modules/contribution/contribution-rules'
import { displayValue } from '#app/modules/contribution/contribution-table'
import { getContributionOverview } from '#app/modules/contribution/get-contribution-overview.server'
import { inReportTurn, reportKey } from '#app/modules/contribution/report-turns.server'
import { useRootData } from '#app/root'
import { formatMoney, formatNumber } from '#app/utils/format'
import { hasPermission } from '#app/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Contribution · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:contribution:any')
  const params = new URL(request.url).searchParams
  // "Now" is read when the report's turn comes, so it is never earlier than any request sharing it.
  const { overview, query } = await inReportTurn(request, reportKey('dashboard', params), () => {
    const now = new Date()
    const query = parseContributionQuery(params, now)
    return getContributionOverview(context.reportingDb, {
      query,
      now,
      page: parsePage(params.get('page')),
    }).then((overview) => ({ overview, query }))
  })
  return {
    ...overview,
    query,
    canManageTargets: hasPermission(actor.role, 'manage:targets:any'),
    canManageSettings: hasPermission(actor.role, 'manage:settings:any'),
  }
}

export default function ContributionDashboard() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  const { query, ranking } = data
  const { total, currency } = ranking
  const money = (minor: number) => formatMoney(minor, currency, locale)
  const percent = (value: number | null) => displayValue({ kind: 'percent', value }, locale)
  const search = contributionSearch(query)
  const drill = (path: string, extra: Record<string, string>) =>
    `/admin/contribution/${path}${contributionSearch({ period: query.period, filters: query.filters }, { extra })}`

  return (
    <>
      <PageHeader
        title={t('contribution:dashboard.title')}
        description={t('contribution:dashboard.description', {
          period: periodText(query.period, t, locale),
        })}
        actions={
          <>
            {data.canManageSettings ? (
              <Link to="/admin/contribution/settings" className={buttonClass('secondary')}>
                {t('contribution:dashboard.settings')}
              </Link>
            ) : null}
            {data.canManageTargets ? (
              <Link to="/admin/contribution/targets" className={buttonClass('secondary')}>
                {t('contribution:dashboard.targets')}
              </Link>
            ) : null}
            <a
              href={`/admin/contribution/export${search}&table=ranking`}
              className={buttonClass('primary')}
              download
            >
              {t('contribution:dashboard.export')}
            </a>
          </>
        }
      />

      <Card className="mb-6">
        <ContributionFilters query={query} options={data.options} locale={locale} />
      </Card>

      <dl className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Kpi
          label={t('contribution:kpi.orderRevenue')}
          value={money(total.orderRevenueMinor)}
          href={drill('orders', { credit: 'fulfilled' })}
          hint={t('contribution:kpi.growth', { value: percent(total.growth) })}
        />
        <Kpi
          label={t('contribution:kpi.attainment')}
          value={percent(total.attainment)}
          hint={
            total.revenueTargetMinor !== null
              ? t('contribution:kpi.ofTarget', { target: money(total.revenueTargetMinor) })
              : t('contribution:kpi.noTargets')
          }
        />
        <Kpi
          label={t('contribution:kpi.pipeline')}
          value={money(total.pipelineMinor)}
          href={drill('registrations', { metric: 'open' })}
          hint={t('contribution:kpi.weighted', { value: money(total.weightedMinor) })}
        />
        <Kpi
          label={t('contribution:kpi.wonRevenue')}
          value={money(total.wonRevenueMinor)}
          href={drill('registrations', { metric: 'won' })}
          hint={t('contribution:kpi.winRate', { value: percent(total.winRate) })}
        />
        <Kpi
          label={t('contribution:kpi.registrations')}
          value={formatNumber(total.registrations, locale)}
          href={drill('registrations', { metric: 'submitted' })}
          hint={t('contribution:kpi.approvalRate', { value: percent(total.approvalRate) })}
        />
        <Kpi
          label={t('contribution:kpi.conflicts')}
          value={formatNumber(total.conflicts, locale)}
          hint={t('contribution:kpi.medianDecision', {
            value: displayValue({ kind: 'decimal', value: total.medianHoursToDecision }, locale),
          })}
        />
      </dl>

      <div className="mb-6 grid gap-6 xl:grid-cols-2">
        <Card title={t('contribution:charts.revenueByMonth')}>
          <StackedBarChart
            title={t('contribution:charts.revenueByMonth')}
            categories={data.revenueByMonth.map((m) => ({
              key: m.month,
              label: monthText(m.month, locale),
            }))}
            series={tiers.map((tier) => ({
              key: tier,
              label: t(`common:tiers.${tier}`),
              color: tierColors[tier]!,
            }))}
            value={(month, tier) =>
              data.revenueByMonth.find((m) => m.month === month)?.byTier[tier] ?? 0
            }
            formatAxis={(v) => compactMoney(v, currency, locale)}
            formatValue={money}
            categoryHeader={t('contribution:charts.month')}
            totalLabel={t('contribution:ranking.total')}
            emptyText={t('contribution:charts.noRevenue')}
          />
        </Card>
        <Card title={t('contribution:charts.forecastAgainstTarget')}>
          <ForecastChart
            bars={data.forecastAgainstTarget.map((q) => ({
              key: q.quarter,
              label: quarterText(q.quarter, t),
              bookedMinor: q.bookedMinor,
              weightedMinor: q.weightedMinor,
              targetMinor: q.targetMinor,
            }))}
            labels={{
              title: t('contribution:charts.forecastAgainstTarget'),
              booked: t('contribution:charts.booked'),
              weighted: t('contribution:charts.weightedForecast'),
              target: t('contribution:charts.target'),
              quarter: t('contribution:charts.quarter'),
            }}
            formatAxis={(v) => compactMoney(v, currency, locale)}
            formatValue={money}
          />
        </Card>
      </div>

      <div className="mb-6 grid gap-6 lg:grid-cols-3">
        <Card title={t('contribution:charts.funnel')}>
          <FunnelChart
            title={t('contribution:charts.funnel')}
            steps={funnelSteps.map((step) => ({
              key: step,
              label: t(`contribution:funnel.${step}`),
              count: data.funnel.reached[step],
            }))}
            formatCount={(n) => formatNumber(n, locale)}
            conversionLabel={(p) => t('contribution:funnel.conversion', { percent: p })}
          />
          <div className="mt-4 border-t border-slate-100 pt-3">
            <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
              {t('contribution:funnel.medianDaysInStage')}
            </h3>
            <dl className="mt-2 space-y-1 text-sm">
              {sellingStages.map((stage) => {
                const days = data.funnel.medianDaysInStage[stage]
                return (
                  <div key={stage} className="flex justify-between">
                    <dt>{t(`contribution:funnel.${stage}`)}</dt>
                    <dd className="tabular-nums">
                      {days === null
                        ? '–'
                        : t('contribution:funnel.days', { days: formatNumber(days, locale) })}
                    </dd>
                  </div>
                )
              })}
            </dl>
          </div>
          {data.funnel.lossReasons.length > 0 ? (
            <div className="mt-4 border-t border-slate-100 pt-3">
              <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
                {t('contribution:funnel.lossReasons')}
              </h3>
              <ul className="mt-2 space-y-1 text-sm">
                {data.funnel.lossReasons.map((reason) => (
                  <li key={reason.code} className="flex justify-between">
                    <span>
                      {t(`deals:lossReason.${reason.code}`, { defaultValue: reason.code })}
                    </span>
                    <span className="tabular-nums">{formatNumber(reason.count, locale)}</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </Card>
        <Card title={t('contribution:charts.topPartners')}>
          <BarList
            label={t('contribution:charts.topPartners')}
            items={data.topPartners.map((row) => ({
              key: row.key,
              label: row.labelEn,
              value: row.orderRevenueMinor,
              href: `/admin/contribution/partners/${row.key}${contributionSearch({ period: query.period })}`,
              hint: t('contribution:charts.attainmentHint', { value: percent(row.attainment) }),
            }))}
            formatValue={money}
            emptyText={t('contribution:charts.noPartners')}
          />
        </Card>
        <Card title={t('contribution:charts.bottomPartners')}>
          <BarList
            label={t('contribution:charts.bottomPartners')}
            items={data.bottomPartners.map((row) => ({
              key: row.key,
              label: row.labelEn,
              value: row.orderRevenueMinor,
              href: `/admin/contribution/partners/${row.key}${contributionSearch({ period: query.period })}`,
              hint: t('contribution:charts.attainmentHint', { value: percent(row.attainment) }),
            }))}
            color="bg-amber-400"
            formatValue={money}
            emptyText={t('contribution:charts.noPartners')}
          />
        </Card>
      </div>

      <div className="mb-2 flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">
            {t('contribution:ranking.title', {
              grouping: t(`contribution:groupBy.${query.groupBy}`),
            })}
          </h2>
          <p className="text-sm text-slate-600">
            {t('contribution:ranking.description', {
              target: periodText(
                { kind: ranking.target.kind, from: ranking.target.from, to: ranking.target.to },
                t,
                locale,
              ),
              previous: periodText(ranking.previous, t, locale),
            })}
          </p>
        </div>
        <a
          href={`/admin/contribution/export${search}&table=ranking`}
          className={buttonClass('secondary')}
          download
        >
          {t('contribution:ranking.export')}
        </a>
      </div>
      <RankingTable
        rows={ranking.rows}
        total={total}
        currency={currency}
        query={query}
        locale={locale}
        caption={t('contribution:ranking.caption')}
      />
      <Pagination
        page={data.page}
        pageCount={data.pageCount}
        total={data.rowCount}
        hrefFor={(page) => `${search}&page=${page}`}
        label={t('contribution:ranking.pagination')}
      />
    </>
  )
}

function Kpi({
  label,
  value,
  hint,
  href,
}: {
  label: string
  value: string
  hint?: string
  href?: string
}) {
  return (
    <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <dt className="text-sm font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tracking-tight break-words text-slate-900 tabular-nums">
        {href ? (
          <Link to={href} className="hover:text-brand-700 hover:underline">
            {value}
          </Link>
        ) : (
          value
        )}
      </dd>
      {hint ? <dd className="mt-1 text-xs text-slate-500">{hint}</dd> : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
