import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation, useNavigate } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import {
  AvailabilityLabel,
  localName,
  PriceSourceBadge,
} from '#app/components/catalog/catalog-display'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Button, buttonClass } from '#app/components/ui/button'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { SelectField, TextField } from '#app/components/ui/field'
import { Pagination } from '#app/components/ui/pagination'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import {
  catalogExportLimit,
  catalogListSearch,
  catalogSorts,
  defaultCatalogDirection,
  isFilteredCatalog,
  parseCatalogQuery,
  type CatalogQuery,
  type CatalogSort,
} from '#app/modules/catalog/catalog-query-rules'
import { getCatalogActor } from '#app/modules/catalog/get-catalog-actor.server'
import { getCatalogView } from '#app/modules/catalog/get-catalog-view.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { useRootData } from '#app/root'
import { formatMoney, formatNumber } from '#app/utils/format'
import { orHttpError } from '#app/utils/route-errors.server'

export const meta: MetaFunction = () => [{ title: 'Catalog · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requirePartnerUser(context.db, request, 'read:catalog:own')
  const actor = await orHttpError(getCatalogActor(context.db, { user }))
  const query = parseCatalogQuery(new URL(request.url).searchParams)
  const view = await getCatalogView(context.db, {
    actor,
    query,
    date: todayInShanghai(new Date()),
  })
  return { ...view, query, tier: actor.tier }
}

const sortLabelKeys: Record<CatalogSort, string> = {
  name: 'catalog:list.sort.name',
  price: 'catalog:list.sort.price',
  availability: 'catalog:list.sort.availability',
}

const productHref = (sku: string) => `/portal/catalog/${encodeURIComponent(sku)}`

export default function CatalogPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  const { search } = useLocation()
  const navigate = useNavigate()
  const { query, catalog } = data
  const filtered = isFilteredCatalog(query)
  const exportHref = `/portal/catalog/export${catalogListSearch(query, { page: 1 })}`

  return (
    <>
      <PageHeader
        title={t('catalog:list.title')}
        description={t('catalog:list.description', { tier: t(`common:tiers.${data.tier}`) })}
        actions={
          // A plain link: the browser downloads the file (no client-side navigation).
          <a href={exportHref} className={buttonClass('secondary')} download>
            {t('catalog:list.export')}
          </a>
        }
      />

      {data.unacknowledgedPolicies > 0 ? (
        <div
          role="status"
          className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-inset ring-amber-200"
        >
          <p>{t('catalog:list.policyBanner', { count: data.unacknowledgedPolicies })}</p>
          <Link
            to="/portal/price-policies"
            className="font-semibold text-amber-900 underline hover:text-amber-950"
          >
            {t('catalog:list.policyBannerLink')}
          </Link>
        </div>
      ) : null}

      <Card className="mb-6">
        {/* key: a link (back, pagination, a shared URL) resets the inputs to what the URL says. */}
        {/* With JavaScript the view's canonical address is opened (no empty fields, defaults
            left out), so the URL in the address bar is the one worth sharing. */}
        <Form
          method="get"
          key={search}
          className="space-y-4"
          role="search"
          onSubmit={(event) => {
            event.preventDefault()
            const fields = new URLSearchParams()
            for (const [name, value] of new FormData(event.currentTarget)) {
              if (typeof value === 'string') fields.append(name, value)
            }
            navigate(`/portal/catalog${catalogListSearch(parseCatalogQuery(fields), { page: 1 })}`)
          }}
        >
          <div className="grid grid-cols-2 gap-4 lg:grid-cols-6">
            <TextField
              label={t('catalog:list.search')}
              name="q"
              type="search"
              placeholder={t('catalog:list.searchPlaceholder')}
              defaultValue={query.q}
              className="col-span-2"
            />
            <SelectField
              label={t('catalog:list.productLine')}
              name="line"
              defaultValue={query.line ?? ''}
              className="col-span-2 sm:col-span-1"
            >
              <option value="">{t('catalog:list.all')}</option>
              {data.productLines.map((line) => (
                <option key={line.id} value={line.id}>
                  {localName(line, locale)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('catalog:list.category')}
              name="category"
              defaultValue={query.category ?? ''}
              className="col-span-2 sm:col-span-1"
            >
              <option value="">{t('catalog:list.all')}</option>
              {data.categories.map((category) => (
                <option key={category.id} value={category.id}>
                  {localName(category, locale)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('catalog:list.sortBy')}
              name="sort"
              defaultValue={query.sort}
              className="col-span-2 sm:col-span-1"
            >
              {catalogSorts.map((sort) => (
                <option key={sort} value={sort}>
                  {t(sortLabelKeys[sort])}
                </option>
              ))}
            </SelectField>
            <div className="col-span-2 flex items-end sm:col-span-1">
              <label className="flex items-center gap-2 pb-2 text-sm text-slate-700">
                <input
                  type="checkbox"
                  name="inStock"
                  value="1"
                  defaultChecked={query.inStock}
                  className="h-4 w-4 rounded border-slate-300 text-brand-600 focus:ring-brand-500"
                />
                {t('catalog:list.inStockOnly')}
              </label>
            </div>
          </div>
          {query.dir !== defaultCatalogDirection(query.sort) ? (
            <input type="hidden" name="dir" value={query.dir} />
          ) : null}
          <div className="flex flex-wrap items-center gap-2">
            <Button>{t('catalog:list.apply')}</Button>
            {filtered || query.sort !== 'name' || query.dir !== 'asc' ? (
              <Link to="/portal/catalog" className={buttonClass('secondary')}>
                {t('catalog:list.reset')}
              </Link>
            ) : null}
            {catalog.total > catalogExportLimit ? (
              <p className="text-xs text-slate-500">
                {t('catalog:list.exportLimit', {
                  limit: formatNumber(catalogExportLimit, locale),
                })}
              </p>
            ) : null}
          </div>
        </Form>
      </Card>

      {catalog.products.length === 0 ? (
        <Card>
          <EmptyState>
            {t(
              filtered
                ? 'catalog:list.emptyFiltered'
                : query.page > 1
                  ? 'catalog:list.emptyPage'
                  : 'catalog:list.empty',
            )}
          </EmptyState>
        </Card>
      ) : (
        <>
          {/* Phones: one card per product; wider screens: the table. */}
          <ul className="space-y-3 lg:hidden" aria-label={t('catalog:list.caption')}>
            {catalog.products.map((row) => (
              <li key={row.id} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
                <div className="min-w-0">
                  <Link
                    to={productHref(row.sku)}
                    className="font-medium break-words text-brand-700 hover:underline"
                  >
                    {row.name}
                  </Link>
                  <p className="mt-0.5 text-xs text-slate-500">
                    <span className="font-mono">{row.sku}</span> ·{' '}
                    {localName(row.productLine, locale)}
                  </p>
                </div>
                <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
                  <div>
                    <dt className="text-xs text-slate-500">{t('catalog:list.columns.netPrice')}</dt>
                    <dd className="flex flex-wrap items-center gap-1.5">
                      <span className="font-semibold tabular-nums text-slate-900">
                        {formatMoney(row.netPriceMinor, row.currency, locale)}
                      </span>
                      <PriceSourceBadge source={row.priceSource} />
                    </dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">
                      {t('catalog:list.columns.listPrice')}
                    </dt>
                    <dd className="tabular-nums">
                      {formatMoney(row.listPriceMinor, row.currency, locale)}
                    </dd>
                  </div>
                  <div className="col-span-2">
                    <dt className="text-xs text-slate-500">
                      {t('catalog:list.columns.availability')}
                    </dt>
                    <dd>
                      <AvailabilityLabel availability={row.availability} compact />
                    </dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>

          <div className="hidden lg:block">
            <Table caption={t('catalog:list.caption')}>
              <thead>
                <tr>
                  <Th>{t('catalog:list.columns.sku')}</Th>
                  <SortableTh query={query} sort="name" label="catalog:list.columns.product" />
                  <Th>{t('catalog:list.columns.productLine')}</Th>
                  <Th className="text-right">{t('catalog:list.columns.listPrice')}</Th>
                  <SortableTh
                    query={query}
                    sort="price"
                    label="catalog:list.columns.netPrice"
                    className="text-right"
                  />
                  <SortableTh
                    query={query}
                    sort="availability"
                    label="catalog:list.columns.availability"
                  />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {catalog.products.map((row) => (
                  <tr key={row.id} className="hover:bg-slate-50">
                    <Td className="font-mono text-xs">
                      <Link
                        to={productHref(row.sku)}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {row.sku}
                      </Link>
                    </Td>
                    <Td>
                      {/* Td does not wrap; long names wrap inside this box instead. */}
                      <div className="w-72 whitespace-normal">
                        <Link
                          to={productHref(row.sku)}
                          className="font-medium text-slate-900 hover:underline"
                        >
                          {row.name}
                        </Link>
                        <span className="block text-xs text-slate-500">
                          {localName(row.category, locale)}
                        </span>
                      </div>
                    </Td>
                    <Td>
                      <div className="w-32 whitespace-normal text-xs">
                        {localName(row.productLine, locale)}
                      </div>
                    </Td>
                    <Td className="text-right tabular-nums text-slate-500">
                      {formatMoney(row.listPriceMinor, row.currency, locale)}
                    </Td>
                    <Td className="text-right">
                      <span className="flex items-center justify-end gap-2">
                        <PriceSourceBadge source={row.priceSource} />
                        <span className="font-semibold tabular-nums text-slate-900">
                          {formatMoney(row.netPriceMinor, row.currency, locale)}
                        </span>
                      </span>
                    </Td>
                    <Td>
                      <AvailabilityLabel availability={row.availability} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        </>
      )}

      <Pagination
        page={catalog.page}
        pageCount={catalog.pageCount}
        total={catalog.total}
        totalIsExact={catalog.totalIsExact}
        hrefFor={(page) => `/portal/catalog${catalogListSearch(query, { page })}`}
        label={t('catalog:list.pagination')}
      />
    </>
  )
}

/** A column header that sorts by it; a second click flips the direction. */
function SortableTh({
  query,
  sort,
  label,
  className,
}: {
  query: CatalogQuery
  sort: CatalogSort
  label: string
  className?: string
}) {
  const { t } = useTranslation()
  const active = query.sort === sort
  const nextDir = active ? (query.dir === 'asc' ? 'desc' : 'asc') : defaultCatalogDirection(sort)
  return (
    <Th
      className={className}
      aria-sort={active ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <Link
        to={`/portal/catalog${catalogListSearch(query, { sort, dir: nextDir, page: 1 })}`}
        className="inline-flex items-center gap-1 hover:text-slate-900"
      >
        {t(label)}
        {active ? (
          <>
            <span aria-hidden="true">{query.dir === 'asc' ? '▲' : '▼'}</span>
            <span className="sr-only">
              {t(
                query.dir === 'asc'
                  ? 'catalog:list.sortedAscending'
                  : 'catalog:list.sortedDescending',
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
