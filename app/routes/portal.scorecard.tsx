import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ContributionFilters } from '#app/components/contribution/contribution-filters'
import { periodText } from '#app/components/contribution/period-text'
import { ScorecardView } from '#app/components/contribution/scorecard-view'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { buttonClass } from '#app/components/ui/button'
import { Card, PageHeader } from '#app/components/ui/card'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import {
  contributionSearch,
  noFilters,
  parseContributionQuery,
} from '#app/modules/contribution/contribution-rules'
import { getPartnerScorecard } from '#app/modules/contribution/get-partner-scorecard.server'
import { useRootData } from '#app/root'

export const meta: MetaFunction = () => [{ title: 'Scorecard · Channel Portal' }]

/** The partner's own scorecard. Whatever the URL says, it is the signed-in user's partner. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'read:contribution:own')
  const now = new Date()
  const query = parseContributionQuery(new URL(request.url).searchParams, now)
  const card = await getPartnerScorecard(context.reportingDb, {
    partnerId: actor.partnerId,
    period: query.period,
    now,
  })
  return { card, query: { ...query, filters: noFilters } }
}

export default function OwnScorecardPage() {
  const { t } = useTranslation()
  const { card, query } = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  return (
    <>
      <PageHeader
        title={t('contribution:portal.title')}
        description={t('contribution:portal.description', {
          name: card.partner.name,
          period: periodText(query.period, t, locale),
        })}
        actions={
          <a
            href={`/portal/scorecard/export${contributionSearch(query)}&table=orders`}
            className={buttonClass('secondary')}
            download
          >
            {t('contribution:portal.exportOrders')}
          </a>
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
      <ScorecardView card={card} locale={locale} period={query.period} />
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
