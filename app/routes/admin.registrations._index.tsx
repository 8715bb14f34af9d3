import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import {
  AllRegistrationsTable,
  ExtensionRequestsList,
  PendingTable,
} from '#app/components/review/queue-tables'
import { localName, Tabs } from '#app/components/review/review-parts'
import { Pagination } from '#app/components/ui/pagination'
import { Button, buttonClass } from '#app/components/ui/button'
import { Card, PageHeader } from '#app/components/ui/card'
import { SelectField, TextField } from '#app/components/ui/field'
import { requirePermission } from '#app/modules/auth/require.server'
import { findReviewQueue } from '#app/modules/deals/find-review-queue.server'
import {
  parseReviewQueueQuery,
  registrationStatuses,
  reviewQueueSearch,
  type ReviewQueueQuery,
} from '#app/modules/deals/review-rules'
import { useRootData } from '#app/root'

export const meta: MetaFunction = () => [{ title: 'Registrations · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'review:registration:any')
  const query = parseReviewQueueQuery(new URL(request.url).searchParams)
  const queue = await findReviewQueue(context.db, { actor, query })
  return { ...queue, query, isChannelManager: actor.role === 'channel_manager' }
}

export default function ReviewQueuePage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const { query, counts } = data
  const tabs = [
    {
      to: `/admin/registrations${reviewQueueSearch({ ...query, page: 1, tab: 'pending' })}`,
      label: t('review:queue.tabs.pending'),
      count: counts.pending,
      alert: counts.overdue,
      current: query.tab === 'pending',
    },
    {
      to: `/admin/registrations${reviewQueueSearch({ ...query, page: 1, tab: 'extensions' })}`,
      label: t('review:queue.tabs.extensions'),
      count: counts.extensions,
      current: query.tab === 'extensions',
    },
    {
      to: `/admin/registrations${reviewQueueSearch({ ...query, page: 1, tab: 'all' })}`,
      label: t('review:queue.tabs.all'),
      current: query.tab === 'all',
    },
  ]
  const filtered = Boolean(
    query.partner ||
    query.region ||
    query.productLineId ||
    query.mine ||
    query.overdue ||
    query.status,
  )
  const page = data.registrations ?? data.extensions
  const empty = t(filtered ? 'review:queue.emptyFiltered' : `review:queue.empty.${query.tab}`)

  return (
    <>
      <PageHeader
        title={t('review:queue.title')}
        description={t('review:queue.description', { hours: data.reviewSlaHours })}
        actions={
          <Link to="/admin/conflicts" className={buttonClass('secondary')}>
            {t('review:queue.toConflicts')}
          </Link>
        }
      />
      <Tabs label={t('review:queue.tabsLabel')} items={tabs} />
      <QueueFilters
        query={query}
        regions={data.regions}
        productLines={data.productLines}
        filtered={filtered}
      />

      {data.registrations && query.tab === 'pending' ? (
        <PendingTable rows={data.registrations.rows} empty={empty} />
      ) : null}
      {data.registrations && query.tab === 'all' ? (
        <AllRegistrationsTable rows={data.registrations.rows} empty={empty} />
      ) : null}
      {data.extensions ? <ExtensionRequestsList rows={data.extensions.rows} empty={empty} /> : null}

      {page ? (
        <Pagination
          label={t('review:pagination')}
          page={page.page}
          pageCount={page.pageCount}
          total={page.total}
          hrefFor={(p) => `/admin/registrations${reviewQueueSearch(query, { page: p })}`}
        />
      ) : null}
    </>
  )
}

function QueueFilters({
  query,
  regions,
  productLines,
  filtered,
}: {
  query: ReviewQueueQuery
  regions: { code: string; nameEn: string; nameZh: string }[]
  productLines: { id: string; code: string; nameEn: string; nameZh: string }[]
  filtered: boolean
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const { search } = useLocation()
  return (
    <Card className="mb-6">
      {/* key: a link (a tab, back, a shared URL) resets the inputs to what the URL says. */}
      <Form method="get" key={search} className="space-y-4" role="search">
        {query.tab !== 'pending' ? <input type="hidden" name="tab" value={query.tab} /> : null}
        <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          <TextField
            label={t('review:filters.partner')}
            name="partner"
            type="search"
            placeholder={t('review:filters.partnerPlaceholder')}
            defaultValue={query.partner}
            className="col-span-2 lg:col-span-1"
          />
          <SelectField
            label={t('review:filters.region')}
            name="region"
            defaultValue={query.region ?? ''}
          >
            <option value="">{t('review:filters.all')}</option>
            {regions.map((region) => (
              <option key={region.code} value={region.code}>
                {localName(region, locale)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('review:filters.productLine')}
            name="productLine"
            defaultValue={query.productLineId ?? ''}
          >
            <option value="">{t('review:filters.all')}</option>
            {productLines.map((line) => (
              <option key={line.id} value={line.id}>
                {localName(line, locale)}
              </option>
            ))}
          </SelectField>
          {query.tab === 'all' ? (
            <SelectField
              label={t('review:filters.status')}
              name="status"
              defaultValue={query.status ?? ''}
            >
              <option value="">{t('review:filters.all')}</option>
              {registrationStatuses.map((status) => (
                <option key={status} value={status}>
                  {t(`deals:status.${status}`)}
                </option>
              ))}
            </SelectField>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-x-6 gap-y-3">
          <label className="inline-flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              name="mine"
              value="1"
              defaultChecked={query.mine}
              className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
            />
            {t('review:filters.mine')}
          </label>
          {query.tab === 'pending' ? (
            <label className="inline-flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                name="overdue"
                value="1"
                defaultChecked={query.overdue}
                className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
              />
              {t('review:filters.overdue')}
            </label>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button>{t('review:filters.apply')}</Button>
            {filtered ? (
              <Link
                to={`/admin/registrations${reviewQueueSearch({ ...query, partner: '', region: null, productLineId: null, mine: false, overdue: false, status: null, page: 1 })}`}
                className={buttonClass('secondary')}
              >
                {t('review:filters.reset')}
              </Link>
            ) : null}
          </div>
        </div>
      </Form>
    </Card>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
