import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { PartnerStatusBadge, TierBadge } from '#app/components/partners/partner-display'
import { Button, buttonClass } from '#app/components/ui/button'
import { Pagination } from '#app/components/ui/pagination'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { SelectField, TextField } from '#app/components/ui/field'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePermission } from '#app/modules/auth/require.server'
import { findChannelManagers } from '#app/modules/partners/find-channel-managers.server'
import { findPartners } from '#app/modules/partners/find-partners.server'
import { findRegions } from '#app/modules/partners/find-regions.server'
import {
  parsePartnerListQuery,
  partnerKinds,
  partnerListSearch,
  partnerStatuses,
  partnerTiers,
  type PartnerListQuery,
  type PartnerSort,
} from '#app/modules/partners/partner-rules'
import { useRootData } from '#app/root'
import { formatDate, formatMoney, formatNumber } from '#app/utils/format'
import { hasPermission } from '#app/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Partners · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:partner:any')
  const query = parsePartnerListQuery(new URL(request.url).searchParams)
  const [result, regions, managers] = await Promise.all([
    findPartners(context.db, { actor, query }),
    findRegions(context.db),
    findChannelManagers(context.db),
  ])
  return {
    ...result,
    query,
    regions,
    managers,
    isChannelManager: actor.role === 'channel_manager',
    canManage: hasPermission(actor.role, 'manage:partner:any'),
  }
}

export default function PartnersPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  const { search } = useLocation()
  const { query } = data
  const filtered = Boolean(
    query.q || query.kind || query.tier || query.status || query.region || query.manager,
  )

  return (
    <>
      <PageHeader
        title={t('partners:title')}
        description={t('partners:description')}
        actions={
          data.canManage ? (
            <Link to="/admin/partners/new" className={buttonClass('primary')}>
              {t('partners:newButton')}
            </Link>
          ) : null
        }
      />

      <Card className="mb-6">
        {/* key: a link (back, pagination, a shared URL) resets the inputs to what the URL says. */}
        <Form method="get" key={search} className="space-y-4" role="search">
          <div className="grid grid-cols-2 gap-4 lg:grid-cols-6">
            <TextField
              label={t('partners:list.search')}
              name="q"
              type="search"
              placeholder={t('partners:list.searchPlaceholder')}
              defaultValue={query.q}
              className="col-span-2"
            />
            <SelectField
              label={t('partners:list.kind')}
              name="kind"
              defaultValue={query.kind ?? ''}
            >
              <option value="">{t('partners:list.all')}</option>
              {partnerKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`common:partnerKinds.${kind}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('partners:list.tier')}
              name="tier"
              defaultValue={query.tier ?? ''}
            >
              <option value="">{t('partners:list.all')}</option>
              {partnerTiers.map((tier) => (
                <option key={tier} value={tier}>
                  {t(`common:tiers.${tier}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('partners:list.status')}
              name="status"
              defaultValue={query.status ?? ''}
            >
              <option value="">{t('partners:list.all')}</option>
              {partnerStatuses.map((status) => (
                <option key={status} value={status}>
                  {t(`common:statuses.${status}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('partners:list.region')}
              name="region"
              defaultValue={query.region ?? ''}
            >
              <option value="">{t('partners:list.all')}</option>
              {data.regions.map((region) => (
                <option key={region.code} value={region.code}>
                  {locale.startsWith('zh') ? region.nameZh : region.nameEn}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('partners:list.manager')}
              name="manager"
              defaultValue={query.manager ?? ''}
              className="col-span-2"
            >
              <option value="">{t('partners:list.anyManager')}</option>
              {data.isChannelManager ? (
                <option value="mine">{t('partners:list.mine')}</option>
              ) : null}
              <option value="none">{t('partners:list.unassigned')}</option>
              {data.managers.map((manager) => (
                <option key={manager.id} value={manager.id}>
                  {manager.name}
                </option>
              ))}
            </SelectField>
          </div>
          {query.sort !== 'name' ? <input type="hidden" name="sort" value={query.sort} /> : null}
          {query.dir !== (query.sort === 'created' ? 'desc' : 'asc') ? (
            <input type="hidden" name="dir" value={query.dir} />
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button>{t('partners:list.apply')}</Button>
            {filtered ? (
              <Link to="/admin/partners" className={buttonClass('secondary')}>
                {t('partners:list.reset')}
              </Link>
            ) : null}
          </div>
        </Form>
      </Card>

      {data.partners.length === 0 ? (
        <Card>
          <EmptyState>
            {t(filtered ? 'partners:list.emptyFiltered' : 'partners:list.empty')}
          </EmptyState>
        </Card>
      ) : (
        <>
          {/* Phones: one card per partner; wider screens: the table. */}
          <SortLinks query={query} />
          <ul className="space-y-3 md:hidden">
            {data.partners.map((partner) => (
              <li
                key={partner.id}
                className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
              >
                <div className="flex items-start justify-between gap-3">
                  <Link
                    to={`/admin/partners/${partner.id}`}
                    className="font-medium text-brand-700 hover:underline"
                  >
                    {partner.name}
                  </Link>
                  <span className="shrink-0">
                    <PartnerStatusBadge status={partner.status} />
                  </span>
                </div>
                <p className="mt-1 text-xs text-slate-500">
                  {partner.code} · {t(`common:partnerKinds.${partner.kind}`)}
                </p>
                <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-slate-700">
                  <TierBadge tier={partner.tier} />
                  <span>{partner.regionCodes.join(', ') || t('common:none')}</span>
                </div>
                <p className="mt-2 text-sm text-slate-600">
                  {formatMoney(partner.creditLimitMinor, partner.currency, locale)} ·{' '}
                  {partner.channelManagerName ?? t('partners:list.unassigned')}
                </p>
              </li>
            ))}
          </ul>

          <div className="hidden md:block">
            <Table caption={t('partners:list.caption')}>
              <thead>
                <tr>
                  <SortableTh
                    query={query}
                    sort="name"
                    label={t('partners:list.columns.partner')}
                  />
                  <SortableTh query={query} sort="code" label={t('partners:list.columns.code')} />
                  <Th>{t('partners:list.columns.tier')}</Th>
                  <Th>{t('partners:list.columns.territory')}</Th>
                  <Th className="text-right">{t('partners:list.columns.creditLimit')}</Th>
                  <Th>{t('partners:list.columns.manager')}</Th>
                  <Th className="text-right">{t('partners:list.columns.users')}</Th>
                  <Th>{t('partners:list.columns.status')}</Th>
                  <SortableTh
                    query={query}
                    sort="created"
                    label={t('partners:list.columns.created')}
                  />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.partners.map((partner) => (
                  <tr key={partner.id} className="hover:bg-slate-50">
                    <Td>
                      {/* Td does not wrap; long names wrap inside this box instead. */}
                      <div className="w-56 whitespace-normal">
                        <Link
                          to={`/admin/partners/${partner.id}`}
                          className="font-medium text-brand-700 hover:underline"
                        >
                          {partner.name}
                        </Link>
                        <span className="block text-xs text-slate-500">
                          {t(`common:partnerKinds.${partner.kind}`)}
                        </span>
                      </div>
                    </Td>
                    <Td className="font-mono text-xs">{partner.code}</Td>
                    <Td>
                      <TierBadge tier={partner.tier} />
                    </Td>
                    <Td className="text-xs">
                      {partner.regionCodes.join(', ') || t('common:none')}
                    </Td>
                    <Td className="text-right tabular-nums">
                      {formatMoney(partner.creditLimitMinor, partner.currency, locale)}
                    </Td>
                    <Td>{partner.channelManagerName ?? t('common:none')}</Td>
                    <Td className="text-right tabular-nums">
                      {formatNumber(partner.userCount, locale)}
                    </Td>
                    <Td>
                      <PartnerStatusBadge status={partner.status} />
                    </Td>
                    <Td>{formatDate(partner.createdAt, locale)}</Td>
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
        hrefFor={(page) => partnerListSearch(query, { page })}
        label={t('partners:list.pagination')}
      />
    </>
  )
}

/** Phones have no table headers to click: the same sort choices as links. */
function SortLinks({ query }: { query: PartnerListQuery }) {
  const { t } = useTranslation()
  const choices: Array<{ sort: PartnerSort; label: string }> = [
    { sort: 'name', label: t('partners:list.columns.partner') },
    { sort: 'code', label: t('partners:list.columns.code') },
    { sort: 'created', label: t('partners:list.columns.created') },
  ]
  return (
    <nav
      aria-label={t('partners:list.sortBy')}
      className="mb-3 flex flex-wrap items-center gap-2 text-sm md:hidden"
    >
      <span className="text-slate-500">{t('partners:list.sortBy')}</span>
      {choices.map(({ sort, label }) => {
        const active = query.sort === sort
        const defaultDir = sort === 'created' ? 'desc' : 'asc'
        const dir = active ? (query.dir === 'asc' ? 'desc' : 'asc') : defaultDir
        return (
          <Link
            key={sort}
            to={partnerListSearch(query, { sort, dir, page: 1 })}
            aria-current={active ? 'true' : undefined}
            className={
              active
                ? 'rounded-md bg-brand-50 px-2 py-1 font-medium text-brand-700'
                : 'rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100'
            }
          >
            {label}
            {active ? (
              <>
                <span aria-hidden="true"> {query.dir === 'asc' ? '▲' : '▼'}</span>
                <span className="sr-only">
                  {t(
                    query.dir === 'asc'
                      ? 'partners:list.sortedAscending'
                      : 'partners:list.sortedDescending',
                  )}
                </span>
              </>
            ) : null}
          </Link>
        )
      })}
    </nav>
  )
}

/** A column header that sorts by it; a second click flips the direction. */
function SortableTh({
  query,
  sort,
  label,
}: {
  query: PartnerListQuery
  sort: PartnerSort
  label: string
}) {
  const { t } = useTranslation()
  const active = query.sort === sort
  const defaultDir = sort === 'created' ? 'desc' : 'asc'
  const nextDir = active ? (query.dir === 'asc' ? 'desc' : 'asc') : defaultDir
  return (
    <Th aria-sort={active ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link
        to={partnerListSearch(query, { sort, dir: nextDir, page: 1 })}
        className="inline-flex items-center gap-1 hover:text-slate-900"
      >
        {label}
        {active ? (
          <>
            <span aria-hidden="true">{query.dir === 'asc' ? '▲' : '▼'}</span>
            <span className="sr-only">
              {t(
                query.dir === 'asc'
                  ? 'partners:list.sortedAscending'
                  : 'partners:list.sortedDescending',
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
