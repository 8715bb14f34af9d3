import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { clsx } from 'clsx'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import {
  localName,
  ProductStatusBadge,
  StockBandBadge,
} from '#app/components/products/product-display'
import { Button, buttonClass } from '#app/components/ui/button'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { SelectField, TextField } from '#app/components/ui/field'
import { Pagination } from '#app/components/ui/pagination'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePermission } from '#app/modules/auth/require.server'
import { findProductList } from '#app/modules/catalog/find-product-list.server'
import { getProductFormOptions } from '#app/modules/catalog/get-product-form-options.server'
import {
  parseProductListQuery,
  productListSearch,
  productStatusFilters,
  productStockFilters,
  type ProductListQuery,
  type ProductSort,
} from '#app/modules/catalog/product-rules'
import { useRootData } from '#app/root'
import { formatMoney, formatNumber } from '#app/utils/format'
import { hasPermission } from '#app/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Products · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:catalog:any')
  const query = parseProductListQuery(new URL(request.url).searchParams)
  // The list itself is one query for the page and one for the count (no pricing); the filter
  // choices are two small tables read alongside.
  const [result, options] = await Promise.all([
    findProductList(context.db, { query }),
    getProductFormOptions(context.db, { includeInactiveLines: true }),
  ])
  return {
    ...result,
    query,
    productLines: options.productLines,
    categories: options.categories,
    canManage: hasPermission(actor.role, 'manage:catalog:any'),
    canManageStock: hasPermission(actor.role, 'manage:stock:any'),
  }
}

const sortLabelKeys: Record<ProductSort, string> = {
  sku: 'products:list.columns.sku',
  name: 'products:list.columns.name',
  price: 'products:list.columns.listPrice',
  available: 'products:list.columns.available',
}

export default function ProductsPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  const { search } = useLocation()
  const { query } = data
  const filtered = Boolean(
    query.q || query.productLineId || query.categoryId || query.status || query.stock,
  )
  const number = (n: number) => formatNumber(n, locale)

  return (
    <>
      <PageHeader
        title={t('products:list.title')}
        description={t('products:list.description')}
        actions={
          <>
            {data.canManageStock ? (
              <Link to="/admin/products/warehouses" className={buttonClass('secondary')}>
                {t('products:list.warehousesButton')}
              </Link>
            ) : null}
            {data.canManage ? (
              <Link to="/admin/products/settings" className={buttonClass('secondary')}>
                {t('products:list.settingsButton')}
              </Link>
            ) : null}
            {data.canManage ? (
              <Link to="/admin/products/new" className={buttonClass('primary')}>
                {t('products:list.newButton')}
              </Link>
            ) : null}
          </>
        }
      />

      <Card className="mb-6">
        {/* key: a link (back, pagination, a shared URL) resets the inputs to what the URL says. */}
        <Form method="get" key={search} className="space-y-4" role="search">
          <div className="grid grid-cols-2 gap-4 lg:grid-cols-6">
            <TextField
              label={t('products:list.search')}
              name="q"
              type="search"
              placeholder={t('products:list.searchPlaceholder')}
              defaultValue={query.q}
              maxLength={100}
              className="col-span-2"
            />
            <SelectField
              label={t('products:list.productLine')}
              name="line"
              defaultValue={query.productLineId ?? ''}
            >
              <option value="">{t('products:list.all')}</option>
              {data.productLines.map((line) => (
                <option key={line.id} value={line.id}>
                  {localName(line, locale)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('products:list.category')}
              name="category"
              defaultValue={query.categoryId ?? ''}
            >
              <option value="">{t('products:list.all')}</option>
              {data.categories.map((category) => (
                <option key={category.id} value={category.id}>
                  {localName(category, locale)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('products:list.status')}
              name="status"
              defaultValue={query.status ?? ''}
            >
              <option value="">{t('products:list.all')}</option>
              {productStatusFilters.map((status) => (
                <option key={status} value={status}>
                  {t(`products:status.${status}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('products:list.stock')}
              name="stock"
              defaultValue={query.stock ?? ''}
            >
              <option value="">{t('products:list.anyStock')}</option>
              {productStockFilters.map((stock) => (
                <option key={stock} value={stock}>
                  {t(`products:list.stockFilters.${stock}`)}
                </option>
              ))}
            </SelectField>
          </div>
          {query.sort !== 'sku' ? <input type="hidden" name="sort" value={query.sort} /> : null}
          {query.dir !== 'asc' ? <input type="hidden" name="dir" value={query.dir} /> : null}
          <div className="flex flex-wrap gap-2">
            <Button>{t('products:list.apply')}</Button>
            {filtered ? (
              <Link to="/admin/products" className={buttonClass('secondary')}>
                {t('products:list.reset')}
              </Link>
            ) : null}
          </div>
        </Form>
      </Card>

      {data.products.length === 0 ? (
        <Card>
          <EmptyState>
            {t(filtered ? 'products:list.emptyFiltered' : 'products:list.empty')}
          </EmptyState>
        </Card>
      ) : (
        <>
          <SortLinks query={query} />
          {/* Phones: one card per product; wider screens: the table. */}
          <ul className="space-y-3 lg:hidden">
            {data.products.map((product) => (
              <li
                key={product.id}
                className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
              >
                <div className="flex items-start justify-between gap-3">
                  <div className="min-w-0">
                    <Link
                      to={`/admin/products/${product.id}`}
                      className="font-mono text-sm font-medium break-all text-brand-700 hover:underline"
                    >
                      {product.sku}
                    </Link>
                    <p className="mt-0.5 text-sm break-words text-slate-900">{product.name}</p>
                    <p className="mt-0.5 text-xs text-slate-500">
                      {localName(
                        { nameEn: product.productLineNameEn, nameZh: product.productLineNameZh },
                        locale,
                      )}{' '}
                      ·{' '}
                      {localName(
                        { nameEn: product.categoryNameEn, nameZh: product.categoryNameZh },
                        locale,
                      )}
                    </p>
                  </div>
                  <span className="shrink-0">
                    <ProductStatusBadge active={product.active} />
                  </span>
                </div>
                <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
                  <div>
                    <dt className="text-xs text-slate-500">
                      {t('products:list.columns.listPrice')}
                    </dt>
                    <dd className="tabular-nums">
                      {formatMoney(product.listPriceMinor, product.currency, locale)}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">{t('products:list.columns.onHand')}</dt>
                    <dd className="tabular-nums">{number(product.onHand)}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">
                      {t('products:list.columns.reserved')}
                    </dt>
                    <dd className="tabular-nums">{number(product.reserved)}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">
                      {t('products:list.columns.available')}
                    </dt>
                    <dd className="flex flex-wrap items-center gap-1.5 tabular-nums">
                      {number(product.available)}
                      <StockBandBadge
                        available={product.available}
                        lowStockThreshold={data.lowStockThreshold}
                      />
                    </dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>

          <div className="hidden lg:block">
            <Table caption={t('products:list.caption')}>
              <thead>
                <tr>
                  <SortableTh query={query} sort="sku" />
                  <SortableTh query={query} sort="name" />
                  <Th>{t('products:list.columns.productLine')}</Th>
                  <Th>{t('products:list.columns.category')}</Th>
                  <SortableTh query={query} sort="price" className="text-right" />
                  <Th className="whitespace-nowrap text-right">
                    {t('products:list.columns.onHand')}
                  </Th>
                  <Th className="text-right">{t('products:list.columns.reserved')}</Th>
                  <SortableTh query={query} sort="available" className="text-right" />
                  <Th>{t('products:list.columns.status')}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {data.products.map((product) => (
                  <tr key={product.id} className="hover:bg-slate-50">
                    <Td className="font-mono text-xs">
                      <Link
                        to={`/admin/products/${product.id}`}
                        className="font-medium text-brand-700 hover:underline"
                      >
                        {product.sku}
                      </Link>
                    </Td>
                    <Td>
                      {/* Td does not wrap; long names wrap inside this box instead. */}
                      <div className="w-56 whitespace-normal text-slate-900">{product.name}</div>
                    </Td>
                    <Td>
                      <div className="w-28 whitespace-normal text-xs">
                        {localName(
                          { nameEn: product.productLineNameEn, nameZh: product.productLineNameZh },
                          locale,
                        )}
                      </div>
                    </Td>
                    <Td>
                      <div className="w-28 whitespace-normal text-xs">
                        {localName(
                          { nameEn: product.categoryNameEn, nameZh: product.categoryNameZh },
                          locale,
                        )}
                      </div>
                    </Td>
                    <Td className="text-right tabular-nums">
                      {formatMoney(product.listPriceMinor, product.currency, locale)}
                      <span className="block text-xs text-slate-500">
                        {t('products:list.perUnit', { unit: product.unit })}
                      </span>
                    </Td>
                    <Td className="text-right tabular-nums">{number(product.onHand)}</Td>
                    <Td className="text-right tabular-nums">{number(product.reserved)}</Td>
                    <Td className="text-right tabular-nums">
                      <span className="block font-medium text-slate-900">
                        {number(product.available)}
                      </span>
                      <StockBandBadge
                        available={product.available}
                        lowStockThreshold={data.lowStockThreshold}
                      />
                    </Td>
                    <Td>
                      <ProductStatusBadge active={product.active} />
                    </Td>
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
        hrefFor={(page) => productListSearch(query, { page })}
        label={t('products:list.pagination')}
      />
    </>
  )
}

function nextDirection(query: ProductListQuery, sort: ProductSort) {
  return query.sort === sort ? (query.dir === 'asc' ? 'desc' : 'asc') : 'asc'
}

/** Phones have no table headers to click: the same sort choices as links. */
function SortLinks({ query }: { query: ProductListQuery }) {
  const { t } = useTranslation()
  const sorts: ProductSort[] = ['sku', 'name', 'price', 'available']
  return (
    <nav
      aria-label={t('products:list.sortBy')}
      className="mb-3 flex flex-wrap items-center gap-2 text-sm lg:hidden"
    >
      <span className="text-slate-500">{t('products:list.sortBy')}</span>
      {sorts.map((sort) => {
        const active = query.sort === sort
        return (
          <Link
            key={sort}
            to={productListSearch(query, { sort, dir: nextDirection(query, sort), page: 1 })}
            aria-current={active ? 'true' : undefined}
            className={
              active
                ? 'rounded-md bg-brand-50 px-2 py-1 font-medium text-brand-700'
                : 'rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100'
            }
          >
            {t(sortLabelKeys[sort])}
            {active ? <SortArrow dir={query.dir} /> : null}
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
  className,
}: {
  query: ProductListQuery
  sort: ProductSort
  className?: string
}) {
  const { t } = useTranslation()
  const active = query.sort === sort
  return (
    <Th
      // relative: keeps the hidden "sorted" text inside the table's scroll box.
      className={clsx('relative', className)}
      aria-sort={active ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}
    >
      <Link
        to={productListSearch(query, { sort, dir: nextDirection(query, sort), page: 1 })}
        className="inline-flex items-center gap-1 hover:text-slate-900"
      >
        {t(sortLabelKeys[sort])}
        {active ? <SortArrow dir={query.dir} /> : null}
      </Link>
    </Th>
  )
}

function SortArrow({ dir }: { dir: 'asc' | 'desc' }) {
  const { t } = useTranslation()
  return (
    <>
      <span aria-hidden="true"> {dir === 'asc' ? '▲' : '▼'}</span>
      <span className="sr-only">
        {t(dir === 'asc' ? 'products:list.sortedAscending' : 'products:list.sortedDescending')}
      </span>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
