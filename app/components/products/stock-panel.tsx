import { Form, Link, useNavigation } from '@remix-run/react'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button, buttonClass } from '#app/components/ui/button'
import { Card, EmptyState } from '#app/components/ui/card'
import { FormError, TextField } from '#app/components/ui/field'
import { Table, Td, Th } from '#app/components/ui/table'
import { maxReasonLength, StockAdjustmentForm } from '#app/modules/catalog/stock-adjustment-rules'
import { useRootData } from '#app/root'
import { formatDate, formatDateTime, formatNumber } from '#app/utils/format'
import type { FieldErrors } from '#app/utils/forms'
import { formatStockChange, StockBandBadge, warehouseName } from './product-display'

/** The URL parameter that opens the adjustment form of one warehouse (works without JavaScript). */
export const adjustParam = 'adjust'

export type WarehouseStockRow = {
  warehouseId: string
  code: string
  name: string
  nameZh: string
  warehouseActive: boolean
  onHand: number
  reserved: number
  available: number
  restockDate: string | null
}

export type AdjustmentRow = {
  id: number
  warehouseCode: string
  warehouseName: string
  warehouseNameZh: string
  delta: number
  onHandAfter: number
  reason: string
  actorName: string | null
  actorEmail: string | null
  createdAt: Date | string
}

/** Stock per warehouse; vendor admins open one warehouse's adjustment form from its row. */
export function StockCard({
  stock,
  totals,
  lowStockThreshold,
  canAdjust,
  adjusting,
  intent,
  serverErrors,
  formError,
}: {
  stock: WarehouseStockRow[]
  totals: { onHand: number; reserved: number; available: number }
  lowStockThreshold: number
  canAdjust: boolean
  /** The warehouse whose form is open (from the URL or a refused submission). */
  adjusting: string | null
  intent: string
  serverErrors?: FieldErrors
  formError?: string
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const number = (n: number) => formatNumber(n, locale)
  const open = canAdjust ? stock.find((row) => row.warehouseId === adjusting) : undefined

  return (
    <Card
      title={t('products:stock.title')}
      actions={
        <span className="text-sm text-slate-600">
          {t('products:stock.summary', {
            available: number(totals.available),
            onHand: number(totals.onHand),
          })}
        </span>
      }
    >
      {stock.length === 0 ? (
        <EmptyState>{t('products:stock.noWarehouses')}</EmptyState>
      ) : (
        <>
          {/* Phones: one block per warehouse; wider screens: the table. */}
          <ul className="-my-4 divide-y divide-slate-100 sm:hidden">
            {stock.map((row) => (
              <li key={row.warehouseId} className="py-3">
                <div className="flex items-start justify-between gap-3">
                  <div>
                    <p className="font-medium text-slate-900">{warehouseName(row, locale)}</p>
                    <p className="text-xs text-slate-500">
                      {row.code}
                      {row.warehouseActive ? '' : ` · ${t('products:stock.warehouseInactive')}`}
                    </p>
                  </div>
                  {canAdjust ? <AdjustLink row={row} /> : null}
                </div>
                <dl className="mt-2 grid grid-cols-3 gap-2 text-sm">
                  <div>
                    <dt className="text-xs text-slate-500">{t('products:stock.columns.onHand')}</dt>
                    <dd className="tabular-nums">{number(row.onHand)}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">
                      {t('products:stock.columns.reserved')}
                    </dt>
                    <dd className="tabular-nums">{number(row.reserved)}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">
                      {t('products:stock.columns.available')}
                    </dt>
                    <dd className="flex flex-wrap items-center gap-1.5 font-medium tabular-nums text-slate-900">
                      {number(row.available)}
                      <StockBandBadge
                        available={row.available}
                        lowStockThreshold={lowStockThreshold}
                      />
                    </dd>
                  </div>
                </dl>
                {row.restockDate ? (
                  <p className="mt-1 text-xs text-slate-600">
                    {t('products:stock.restockOn', {
                      date: formatDate(row.restockDate, locale, 'UTC'),
                    })}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          <div className="-mx-5 -my-4 hidden sm:block">
            <Table caption={t('products:stock.caption')}>
              <thead>
                <tr>
                  <Th>{t('products:stock.columns.warehouse')}</Th>
                  <Th className="whitespace-nowrap text-right">
                    {t('products:stock.columns.onHand')}
                  </Th>
                  <Th className="text-right">{t('products:stock.columns.reserved')}</Th>
                  <Th className="text-right">{t('products:stock.columns.available')}</Th>
                  <Th>{t('products:stock.columns.restockDate')}</Th>
                  {canAdjust ? (
                    // relative: keeps the hidden label inside the table's scroll box on phones.
                    <Th className="relative">
                      <span className="sr-only">{t('products:stock.columns.actions')}</span>
                    </Th>
                  ) : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {stock.map((row) => (
                  <tr
                    key={row.warehouseId}
                    className={row.warehouseId === open?.warehouseId ? 'bg-brand-50/60' : undefined}
                  >
                    <Td>
                      <span className="block font-medium text-slate-900">
                        {warehouseName(row, locale)}
                      </span>
                      <span className="block text-xs text-slate-500">
                        {row.code}
                        {row.warehouseActive ? '' : ` · ${t('products:stock.warehouseInactive')}`}
                      </span>
                    </Td>
                    <Td className="text-right tabular-nums">{number(row.onHand)}</Td>
                    <Td className="text-right tabular-nums">{number(row.reserved)}</Td>
                    <Td className="text-right tabular-nums">
                      <span className="block font-medium text-slate-900">
                        {number(row.available)}
                      </span>
                      <StockBandBadge
                        available={row.available}
                        lowStockThreshold={lowStockThreshold}
                      />
                    </Td>
                    <Td>
                      {row.restockDate ? (
                        formatDate(row.restockDate, locale, 'UTC')
                      ) : (
                        <span className="text-slate-400">{t('common:none')}</span>
                      )}
                    </Td>
                    {canAdjust ? (
                      <Td className="text-right">
                        <AdjustLink row={row} />
                      </Td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        </>
      )}

      {open ? (
        <AdjustStockForm
          // A fresh form per warehouse, and after each saved adjustment.
          key={`${open.warehouseId}:${open.onHand}:${open.restockDate ?? ''}`}
          warehouse={open}
          intent={intent}
          serverErrors={serverErrors}
          formError={formError}
        />
      ) : null}
      {!canAdjust ? (
        <p className="mt-8 text-xs text-slate-500">{t('products:stock.readOnly')}</p>
      ) : null}
    </Card>
  )
}

/** Opens one warehouse's adjustment form (a link, so it also works without JavaScript). */
function AdjustLink({ row }: { row: WarehouseStockRow }) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  return (
    <Link
      to={`?${adjustParam}=${row.warehouseId}#adjust-stock`}
      replace
      preventScrollReset
      aria-label={t('products:stock.adjustIn', { warehouse: warehouseName(row, locale) })}
      className="text-sm font-medium text-brand-600 hover:text-brand-700"
    >
      {t('products:stock.adjust')}
    </Link>
  )
}

function AdjustStockForm({
  warehouse,
  intent,
  serverErrors,
  formError,
}: {
  warehouse: WarehouseStockRow
  intent: string
  serverErrors?: FieldErrors
  formError?: string
}) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const navigation = useNavigation()
  const titleId = useId()
  const form = useValidatedForm(StockAdjustmentForm, {
    serverErrors,
    defaultValues: {
      warehouseId: warehouse.warehouseId,
      change: '',
      reason: '',
      restockDate: warehouse.restockDate ?? '',
    },
  })
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === intent
  const name = warehouseName(warehouse, locale)
  const maxWriteOff = Math.max(0, warehouse.onHand - warehouse.reserved)

  return (
    <Form
      id="adjust-stock"
      method="post"
      noValidate
      onSubmit={form.onSubmit}
      aria-labelledby={titleId}
      className="mt-10 scroll-mt-6 space-y-4 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200"
    >
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" {...form.register('warehouseId')} />
      <div>
        <h3 id={titleId} className="text-sm font-semibold text-slate-900">
          {t('products:stock.form.title', { warehouse: name })}
        </h3>
        <p className="mt-1 text-xs text-slate-600">
          {t('products:stock.form.current', {
            onHand: formatNumber(warehouse.onHand, locale),
            reserved: formatNumber(warehouse.reserved, locale),
            max: formatNumber(maxWriteOff, locale),
          })}
        </p>
      </div>
      <FormError error={formError ?? serverErrors?.warehouseId} />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          label={t('products:stock.form.change')}
          hint={t('products:stock.form.changeHint')}
          inputMode="numeric"
          autoComplete="off"
          placeholder="+20 / -5"
          error={form.errorFor('change')}
          {...form.register('change')}
        />
        <TextField
          label={t('products:stock.form.reason')}
          hint={t('products:stock.form.reasonHint')}
          maxLength={maxReasonLength}
          autoComplete="off"
          error={form.errorFor('reason')}
          className="sm:col-span-2"
          {...form.register('reason')}
        />
        <TextField
          label={t('products:stock.form.restockDate')}
          hint={t('products:stock.form.restockDateHint')}
          type="date"
          error={form.errorFor('restockDate')}
          {...form.register('restockDate')}
        />
      </div>
      <div className="flex flex-wrap gap-2">
        <Button disabled={busy}>{t('products:stock.form.submit')}</Button>
        <Link to="." replace preventScrollReset className={buttonClass('secondary')}>
          {t('common:actions.cancel')}
        </Link>
      </div>
    </Form>
  )
}

/** The latest manual stock changes: who, when, where, how much and why. */
export function AdjustmentHistory({ adjustments }: { adjustments: AdjustmentRow[] }) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const number = (n: number) => formatNumber(n, locale)
  return (
    <Card title={t('products:history.title')}>
      {adjustments.length === 0 ? (
        <EmptyState>{t('products:history.empty')}</EmptyState>
      ) : (
        <>
          {/* Phones: one block per adjustment; wider screens: the table. */}
          <ul className="-my-4 divide-y divide-slate-100 sm:hidden">
            {adjustments.map((entry) => (
              <li key={entry.id} className="py-3 text-sm">
                <div className="flex items-baseline justify-between gap-3">
                  <span className="font-medium text-slate-900">
                    <ChangeText delta={entry.delta} /> · {entry.warehouseCode}
                  </span>
                  <span className="text-xs text-slate-500">
                    {formatDateTime(entry.createdAt, locale)}
                  </span>
                </div>
                <p className="mt-1 break-words text-slate-700">{entry.reason}</p>
                <p className="mt-0.5 text-xs text-slate-500">
                  {t('products:history.byWhomAfter', {
                    who: entry.actorName ?? entry.actorEmail ?? t('products:history.system'),
                    onHand: number(entry.onHandAfter),
                  })}
                </p>
              </li>
            ))}
          </ul>
          <div className="-mx-5 -my-4 hidden sm:block">
            <Table caption={t('products:history.caption')}>
              <thead>
                <tr>
                  <Th>{t('products:history.columns.when')}</Th>
                  <Th>{t('products:history.columns.who')}</Th>
                  <Th>{t('products:history.columns.warehouse')}</Th>
                  <Th className="text-right">{t('products:history.columns.change')}</Th>
                  <Th className="whitespace-nowrap text-right">
                    {t('products:history.columns.onHandAfter')}
                  </Th>
                  <Th>{t('products:history.columns.reason')}</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {adjustments.map((entry) => (
                  <tr key={entry.id}>
                    <Td className="text-xs">{formatDateTime(entry.createdAt, locale)}</Td>
                    <Td>
                      {entry.actorName ?? entry.actorEmail ?? (
                        <span className="text-slate-500">{t('products:history.system')}</span>
                      )}
                    </Td>
                    <Td>
                      <span
                        title={warehouseName(
                          { name: entry.warehouseName, nameZh: entry.warehouseNameZh },
                          locale,
                        )}
                      >
                        {entry.warehouseCode}
                      </span>
                    </Td>
                    <Td className="text-right font-medium">
                      <ChangeText delta={entry.delta} />
                    </Td>
                    <Td className="text-right tabular-nums">{number(entry.onHandAfter)}</Td>
                    <Td>
                      <div className="w-64 whitespace-normal break-words">{entry.reason}</div>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        </>
      )}
    </Card>
  )
}

/** "+20" in green or "−5" in red. */
function ChangeText({ delta }: { delta: number }) {
  const locale = useRootData()?.locale ?? 'en'
  return (
    <span
      className={
        delta > 0
          ? 'text-green-700 tabular-nums'
          : delta < 0
            ? 'text-red-700 tabular-nums'
            : 'tabular-nums'
      }
    >
      {formatStockChange(delta, (n) => formatNumber(n, locale))}
    </span>
  )
}
