import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import {
  DaysLeft,
  productLineName,
  RegistrationStatusBadge,
  StageLabel,
} from '#app/components/deals/registration-display'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Button, buttonClass } from '#app/components/ui/button'
import { Pagination } from '#app/components/ui/pagination'
import { Badge, Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { SelectField, TextField } from '#app/components/ui/field'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { registrationStages } from '#app/modules/deals/deal-rules'
import { findRegistrations } from '#app/modules/deals/find-registrations.server'
import {
  defaultDirection,
  expiringSoonDays,
  parseRegistrationListQuery,
  registrationListSearch,
  registrationSorts,
  registrationStatuses,
  type RegistrationListQuery,
  type RegistrationSort,
} from '#app/modules/deals/partner-registration-rules'
import { useRootData } from '#app/root'
import { formatDate, formatMoney } from '#app/utils/format'
import { hasPermission } from '#app/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Registrations · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'read:registration:own')
  const query = parseRegistrationListQuery(new URL(request.url).searchParams)
  const now = new Date()
  const result = await findRegistrations(context.db, {
    actor,
    status: query.status,
    stage: query.stage,
    expiringWithinDays: query.expiring ? expiringSoonDays : null,
    q: query.q,
    sort: query.sort,
    dir: query.dir,
    page: query.page,
    now,
  })
  return {
    ...result,
    query,
    now,
    isAdmin: actor.role === 'partner_admin',
    canCreate: hasPermission(actor.role, 'create:registration:own'),
  }
}

const sortLabelKeys: Record<RegistrationSort, string> = {
  submitted: 'deals:list.columns.submitted',
  expectedClose: 'deals:list.columns.expectedClose',
  value: 'deals:list.columns.value',
  protectionEnd: 'deals:list.columns.protectedUntil',
}

export default function RegistrationsPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  const { search } = useLocation()
  const { query } = data
  const filtered = Boolean(query.q || query.status || query.stage || query.expiring)

  return (
    <>
      <PageHeader
        title={t('deals:list.title')}
        description={t(data.isAdmin ? 'deals:list.description' : 'deals:list.descriptionOwn')}
        actions={
          data.canCreate ? (
            <Link to="/portal/registrations/new" className={buttonClass('primary')}>
              {t('deals:list.newButton')}
            </Link>
          ) : null
        }
      />

      <Card className="mb-6">
        {/* key: a link (back, pagination, a shared URL) resets the inputs to what the URL says. */}
        <Form method="get" key={search} className="space-y-4" role="search">
          <div className="grid grid-cols-2 gap-4 lg:grid-cols-6">
            <TextField
              label={t('deals:list.search')}
              name="q"
              type="search"
              placeholder={t('deals:list.searchPlaceholder')}
              defaultValue={query.q}
              className="col-span-2"
            />
            <SelectField
              label={t('deals:list.status')}
              name="status"
              defaultValue={query.status ?? ''}
            >
              <option value="">{t('deals:list.all')}</option>
              {registrationStatuses.map((status) => (
                <option key={status} value={status}>
                  {t(`deals:status.${status}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('deals:list.stage')}
              name="stage"
              defaultValue={query.stage ?? ''}
            >
              <option value="">{t('deals:list.all')}</option>
              {registrationStages.map((stage) => (
                <option key={stage} value={stage}>
                  {t(`deals:stage.${stage}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('deals:list.sortBy')}
              name="sort"
              defaultValue={query.sort}
              className="col-span-2 lg:col-span-1"
            >
              {registrationSorts.map((sort) => (
                <option key={sort} value={sort}>
                  {t(sortLabelKeys[sort])}
                </option>
              ))}
            </SelectField>
            <div className="col-span-2 flex items-end lg:col-span-1">
              <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  name="expiring"
                  value="1"
                  defaultChecked={query.expiring}
                  className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
                />
                {t('deals:list.expiring', { days: expiringSoonDays })}
              </label>
            </div>
          </div>
          {query.dir !== defaultDirection(query.sort) ? (
            <input type="hidden" name="dir" value={query.dir} />
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button>{t('deals:list.apply')}</Button>
            {filtered || query.sort !== 'submitted' ? (
              <Link to="/portal/registrations" className={buttonClass('secondary')}>
                {t('deals:list.reset')}
              </Link>
            ) : null}
          </div>
        </Form>
      </Card>

      {data.registrations.length === 0 ? (
        <Card>
          <EmptyState>{t(filtered ? 'deals:list.emptyFiltered' : 'deals:list.empty')}</EmptyState>
        </Card>
      ) : (
        <>
          {/* Phones: one card per registration; wider screens: the table. */}
          <ul className="space-y-3 lg:hidden">
            {data.registrations.map((row) => (
              <li key={row.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <Link
                      to={`/portal/registrations/${row.id}`}
                      className="font-medium break-words text-brand-700 hover:underline"
                    >
                      {row.prospectName}
                    </Link>
                    <p className="mt-0.5 text-xs text-slate-500">
                      <span className="font-mono">{row.number}</span> ·{' '}
                      {productLineName(row, locale)}
                    </p>
                  </div>
                  <span className="shrink-0">
                    <RegistrationStatusBadge status={row.status} />
                  </span>
                </div>
                {row.fulfilledByUs ? (
                  <p className="mt-2 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                    <Badge color="violet">{t('deals:list.fulfilledByUs')}</Badge>
                    {t('deals:list.registeredBy', { partner: row.registeringPartnerName })}
                  </p>
                ) : null}
                <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
                  <div>
                    <dt className="text-xs text-slate-500">{t('deals:list.columns.value')}</dt>
                    <dd>
                      <span className="block tabular-nums">
                        {formatMoney(row.estimatedValueMinor, row.currency, locale)}
                      </span>
                      <span className="block text-xs text-slate-500">
                        {t('deals:list.closeBy', {
                          date: formatDate(row.expectedCloseDate, locale, 'UTC'),
                        })}
                      </span>
                    </dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">{t('deals:list.columns.stage')}</dt>
                    <dd>
                      <StageLabel stage={row.stage} />
                    </dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">
                      {t('deals:list.columns.protectedUntil')}
                    </dt>
                    <dd>
                      <ProtectedUntil row={row} now={data.now} locale={locale} />
                    </dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">{t('deals:list.columns.submitted')}</dt>
                    <dd>{formatDate(row.submittedAt, locale)}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>

          <div className="hidden lg:block">
            <Table caption={t('deals:list.caption')}>
              <thead>
                <tr>
                  <Th>{t('deals:list.columns.number')}</Th>
                  <Th>{t('deals:list.columns.prospect')}</Th>
                  <Th>{t('deals:list.columns.productLine')}</Th>
                  <SortableTh query={query} sort="value" className="text-right" />
                  <Th>{t('deals:list.columns.status')}</Th>
                  <Th>{t('deals:list.columns.stage')}</Th>
                  <SortableTh query={query} sort="protectionEnd" />
                  <SortableTh query={query} sort="submitted" />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.registrations.map((row) => (
                  <tr key={row.id} className="hover:bg-slate-50">
                    <Td className="font-mono text-xs">
                      <Link
                        to={`/portal/registrations/${row.id}`}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {row.number}
                      </Link>
                    </Td>
                    <Td>
                      {/* Td does not wrap; long names wrap inside this box instead. */}
                      <div className="w-56 whitespace-normal">
                        <Link
                          to={`/portal/registrations/${row.id}`}
                          className="font-medium text-slate-900 hover:underline"
                        >
                          {row.prospectName}
                        </Link>
                        {row.fulfilledByUs ? (
                          <span className="mt-1 flex flex-wrap items-center gap-1 text-xs text-slate-500">
                            <Badge color="violet">{t('deals:list.fulfilledByUs')}</Badge>
                            {t('deals:list.registeredBy', { partner: row.registeringPartnerName })}
                          </span>
                        ) : data.isAdmin ? (
                          <span className="block text-xs text-slate-500">
                            {t('deals:list.createdBy', { name: row.createdByName })}
                          </span>
                        ) : null}
                      </div>
                    </Td>
                    <Td>
                      <div className="w-32 whitespace-normal text-xs">
                        {productLineName(row, locale)}
                      </div>
                    </Td>
                    <Td className="text-right">
                      <span className="block tabular-nums">
                        {formatMoney(row.estimatedValueMinor, row.currency, locale)}
                      </span>
                      <span className="block text-xs text-slate-500">
                        {t('deals:list.closeBy', {
                          date: formatDate(row.expectedCloseDate, locale, 'UTC'),
                        })}
                      </span>
                    </Td>
                    <Td>
                      <RegistrationStatusBadge status={row.status} />
                    </Td>
                    <Td>
                      <StageLabel stage={row.stage} />
                    </Td>
                    <Td>
                      <ProtectedUntil row={row} now={data.now} locale={locale} />
                    </Td>
                    <Td>{formatDate(row.submittedAt, locale)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        </>
      )}

      <Pagination
        page={data.page}
        pageCount={data.pageCount}
        total={data.total}
        hrefFor={(page) => registrationListSearch(query, { page })}
        label={t('deals:list.pagination')}
      />
    </>
  )
}

/** The protection end with the days left, or a dash when nothing is protected. */
function ProtectedUntil({
  row,
  now,
  locale,
}: {
  row: { status: string; protectionEndsAt: Date | null }
  now: Date
  locale: string
}) {
  const { t } = useTranslation()
  if (!row.protectionEndsAt || (row.status !== 'approved' && row.status !== 'expired')) {
    return <span className="text-slate-400">{t('common:none')}</span>
  }
  return (
    <span className="flex flex-col">
      <span>{formatDate(row.protectionEndsAt, locale)}</span>
      {row.status === 'approved' ? (
        <span className="text-xs">
          <DaysLeft endsAt={row.protectionEndsAt} now={now} />
        </span>
      ) : null}
    </span>
  )
}

/** A column header that sorts by it; a second click flips the direction. */
function SortableTh({
  query,
  sort,
  className,
}: {
  query: RegistrationListQuery
  sort: RegistrationSort
  className?: string
}) {
  const { t } = useTranslation()
  const active = query.sort === sort
  const nextDir = active ? (query.dir === 'asc' ? 'desc' : 'asc') : defaultDirection(sort)
  return (
    <Th
      className={className}
      aria-sort={active ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <Link
        to={registrationListSearch(query, { sort, dir: nextDir, page: 1 })}
        className="inline-flex items-center gap-1 hover:text-slate-900"
      >
        {t(sortLabelKeys[sort])}
        {active ? (
          <>
            <span aria-hidden="true">{query.dir === 'asc' ? '▲' : '▼'}</span>
            <span className="sr-only">
              {t(
                query.dir === 'asc' ? 'deals:list.sortedAscending' : 'deals:list.sortedDescending',
              )}
            </span>
          </>
        ) : null}
      </Link>
    </Th>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
