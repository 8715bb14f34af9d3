import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ContributionFilters } from '#app/components/contribution/contribution-filters'
import { periodText } from '#app/components/contribution/period-text'
import { ScorecardView } from '#app/components/contribution/scorecard-view'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Card, PageHeader } from '#app/components/ui/card'
import { notFound, requirePermission } from '#app/modules/auth/require.server'
import {
  contributionSearch,
  noFilters,
  parseContributionQuery,
} from '#app/modules/contribution/contribution-rules'
import { getPartnerScorecard } from '#app/modules/contribution/get-partner-scorecard.server'
import { useRootData } from '#app/root'
import { isUuid } from '#app/utils/ids'
import { orHttpError } from '#app/utils/route-errors.server'

export const meta: MetaFunction = () => [{ title: 'Partner scorecard · Channel Portal' }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'read:contribution:any')
  if (!isUuid(params.partnerId)) notFound()
  const now = new Date()
  const query = parseContributionQuery(new URL(request.url).searchParams, now)
  const card = await orHttpError(
    getPartnerScorecard(context.reportingDb, {
      partnerId: params.partnerId.toLowerCase(),
      period: query.period,
      now,
    }),
  )
  return { card, query: { ...query, filters: noFilters } }
}

export default function PartnerScorecardPage() {
  const { t } = useTranslation()
  const { card, query } = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  const filters = { ...noFilters, partnerId: card.partner.id }
  const base = { period: query.period, filters }
  const drillHref = (kind: 'orders' | 'sourced' | 'registrations' | 'open' | 'won') =>
    kind === 'orders' || kind === 'sourced'
      ? `/admin/contribution/orders${contributionSearch(base, { extra: { credit: kind === 'orders' ? 'fulfilled' : 'sourced' } })}`
      : `/admin/contribution/registrations${contributionSearch(base, {
          extra: { metric: kind === 'registrations' ? 'submitted' : kind, credit: 'credited' },
        })}`
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link
          to={`/admin/contribution${contributionSearch(query)}`}
          className="font-medium text-brand-600 hover:text-brand-700"
        >
          ← {t('contribution:drill.back')}
        </Link>
      </nav>
      <PageHeader
        title={t('contribution:scorecard.title', { name: card.partner.name })}
        description={t('contribution:scorecard.description', {
          code: card.partner.code,
          period: periodText(query.period, t, locale),
        })}
        actions={
          <Link
            to={`/admin/partners/${card.partner.id}`}
            className="text-sm font-medium text-brand-700 hover:underline"
          >
            {t('contribution:scorecard.partnerRecord')}
          </Link>
        }
      />
      <Card className="mb-6">
        <ContributionFilters
          query={query}
          locale={locale}
          showGrouping={false}
          showFilters={false}
        />
      </Card>
      <ScorecardView card={card} locale={locale} period={query.period} drillHref={drillHref} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
