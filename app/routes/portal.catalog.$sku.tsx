import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import {
  AvailabilityLabel,
  localName,
  PriceExplanation,
  PriceSourceBadge,
} from '#app/components/catalog/catalog-display'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Button } from '#app/components/ui/button'
import { Card } from '#app/components/ui/card'
import { TextField } from '#app/components/ui/field'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { parseCatalogQuantity } from '#app/modules/catalog/catalog-query-rules'
import { getCatalogActor } from '#app/modules/catalog/get-catalog-actor.server'
import { getCatalogProduct } from '#app/modules/catalog/get-catalog-product.server'
import { todayInShanghai } from '#app/modules/deals/deal-rules'
import { useRootData } from '#app/root'
import { formatDate, formatMoney, formatNumber } from '#app/utils/format'
import { orHttpError } from '#app/utils/route-errors.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.product.sku ?? 'Product'} · Channel Portal` },
]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requirePartnerUser(context.db, request, 'read:catalog:own')
  const actor = await orHttpError(getCatalogActor(context.db, { user }))
  const url = new URL(request.url)
  const quantity = parseCatalogQuantity(url.searchParams.get('qty'))
  const today = todayInShanghai(new Date())
  const product = await orHttpError(
    getCatalogProduct(context.db, {
      actor,
      sku: params.sku ?? '',
      date: today,
      quantity: quantity.quantity,
    }),
  )
  // One address per product: "ht-plc-200" or "HT-PLC-200 " lands on /portal/catalog/HT-PLC-200.
  if (params.sku !== product.sku) {
    throw redirect(`/portal/catalog/${encodeURIComponent(product.sku)}${url.search}`)
  }
  return { product, quantity, tier: actor.tier, today }
}

export default function CatalogProductPage() {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const { product, quantity, tier } = useLoaderData<typeof loader>()
  const { search } = useLocation()
  const { price } = product
  const money = (amount: number) => formatMoney(amount, product.currency, locale)
  const date = (value: string) => formatDate(value, locale, 'UTC')
  const unit = t(`catalog:units.${product.unit}`, { defaultValue: product.unit })

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/portal/catalog" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('catalog:product.backToList')}
        </Link>
      </nav>
      <header className="mb-6">
        <p className="font-mono text-sm text-slate-500">{product.sku}</p>
        <h1 className="mt-1 break-words text-2xl font-semibold tracking-tight text-slate-900">
          {product.name}
        </h1>
        <p className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-slate-600">
          <span>{localName(product.productLine, locale)}</span>
          <span aria-hidden="true">·</span>
          <span>{localName(product.category, locale)}</span>
          <span aria-hidden="true">·</span>
          <span>{t('catalog:product.unit', { unit })}</span>
        </p>
      </header>

      <div className="grid gap-6 lg:grid-cols-3 lg:items-start">
        <Card title={t('catalog:product.yourPrice')} className="min-w-0 lg:col-span-2">
          <div className="flex flex-wrap items-baseline gap-x-3 gap-y-2">
            <p
              className="text-3xl font-semibold tracking-tight tabular-nums text-slate-900"
              data-testid="net-price"
            >
              {money(price.unitNetMinor)}
            </p>
            <span className="text-sm text-slate-500">{t('catalog:product.perUnit', { unit })}</span>
            <PriceSourceBadge source={price.source} />
          </div>
          <div className="mt-3">
            <PriceExplanation price={price} tier={tier} />
          </div>
          {product.contract ? (
            <p className="mt-3 text-sm text-violet-900">
              {product.contract.validTo
                ? t('catalog:product.contractValidTo', { date: date(product.contract.validTo) })
                : t('catalog:product.contractOpenEnded')}
            </p>
          ) : null}
          {product.upcomingContract ? (
            <p className="mt-2 text-sm text-slate-700">
              {t('catalog:product.upcomingContract', {
                price: money(product.upcomingContract.priceMinor),
                date: date(product.upcomingContract.validFrom),
              })}
            </p>
          ) : null}

          {/* GET: the quantity is part of the address, so a quoted price can be linked to. */}
          <Form
            method="get"
            key={search}
            className="mt-5 flex flex-wrap items-start gap-3 border-t border-slate-100 pt-4"
          >
            <TextField
              label={t('catalog:product.quantity')}
              name="qty"
              inputMode="numeric"
              autoComplete="off"
              defaultValue={quantity.raw || String(price.quantity)}
              error={quantity.ok ? undefined : quantity.error}
              className="w-40"
            />
            <div className="pt-6">
              <Button variant="secondary">{t('catalog:product.reprice')}</Button>
            </div>
            {price.quantity > 1 ? (
              <p
                className="w-full text-sm text-slate-700 sm:w-auto sm:pt-8"
                data-testid="line-total"
              >
                {t('catalog:product.lineTotal', {
                  quantity: formatNumber(price.quantity, locale),
                  unitPrice: money(price.unitNetMinor),
                  total: money(price.lineTotalMinor),
                })}
              </p>
            ) : null}
          </Form>
          {/* Ordering: the add-to-cart form for this SKU and quantity goes here. */}
        </Card>

        {/* Phones: right after the price; wide screens: the right-hand column. */}
        <Card
          title={t('catalog:product.availability')}
          className="min-w-0 lg:col-start-3 lg:row-span-3 lg:row-start-1"
        >
          <div className="mb-4">
            <AvailabilityLabel availability={product.availability} />
          </div>
          {product.warehouses.length > 0 ? (
            <table className="min-w-full text-sm">
              <caption className="sr-only">{t('catalog:product.byWarehouse')}</caption>
              <thead>
                <tr className="text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
                  <th scope="col" className="pb-2">
                    {t('catalog:product.warehouse')}
                  </th>
                  <th scope="col" className="pb-2">
                    {t('catalog:product.warehouseAvailability')}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {product.warehouses.map((warehouse) => (
                  <tr key={warehouse.code}>
                    <th scope="row" className="py-2 pr-3 text-left font-medium text-slate-700">
                      {locale.startsWith('zh') ? warehouse.nameZh : warehouse.name}
                    </th>
                    <Cell>
                      <AvailabilityLabel availability={warehouse.availability} />
                    </Cell>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </Card>

        <Card title={t('catalog:product.byQuantity')} className="min-w-0 lg:col-span-2">
          {product.quantityPrices.length === 0 ? (
            <p className="text-sm text-slate-600">
              {t(
                product.contract
                  ? 'catalog:product.byQuantityContract'
                  : 'catalog:product.byQuantityNone',
              )}
            </p>
          ) : (
            <Table caption={t('catalog:product.byQuantity')}>
              <thead>
                <tr>
                  <Th>{t('catalog:product.fromQuantity')}</Th>
                  <Th className="text-right">{t('catalog:product.unitPrice')}</Th>
                  <Th>{t('catalog:product.source')}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {product.quantityPrices.map((row, index) => {
                  const next = product.quantityPrices[index + 1]
                  const current =
                    price.quantity >= row.minQuantity &&
                    (!next || price.quantity < next.minQuantity)
                  return (
                    <tr
                      key={row.minQuantity}
                      aria-current={current ? 'true' : undefined}
                      className={current ? 'bg-brand-50' : undefined}
                    >
                      <Td>
                        {t('catalog:product.fromUnits', {
                          count: row.minQuantity,
                          quantity: formatNumber(row.minQuantity, locale),
                        })}
                      </Td>
                      <Td className="text-right font-medium tabular-nums text-slate-900">
                        {money(row.unitNetMinor)}
                      </Td>
                      <Td>
                        <PriceSourceBadge source={row.source} />
                      </Td>
                    </tr>
                  )
                })}
              </tbody>
            </Table>
          )}
        </Card>

        <Card title={t('catalog:product.description')} className="min-w-0 lg:col-span-2">
          <p className="whitespace-pre-line text-sm text-slate-700">
            {product.description || t('catalog:product.noDescription')}
          </p>
        </Card>
      </div>
    </>
  )
}

function Cell({ children }: { children: ReactNode }) {
  return <td className="py-2 text-slate-700">{children}</td>
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
