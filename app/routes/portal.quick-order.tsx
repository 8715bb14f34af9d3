import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Button, buttonClass } from '#app/components/ui/button'
import { Card, PageHeader } from '#app/components/ui/card'
import { FieldError, FormError, TextAreaField } from '#app/components/ui/field'
import { Table, Td, Th } from '#app/components/ui/table'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import {
  importQuickOrder,
  type QuickOrderReport,
} from '#app/modules/orders/import-quick-order.server'
import { maxQuickOrderRows, QuickOrderForm } from '#app/modules/orders/quick-order-rules'
import { isAppError } from '#app/utils/app-error'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'

export const meta: MetaFunction = () => [{ title: 'Quick order · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePartnerUser(context.db, request, 'create:order:own')
  return null
}

type ActionResult =
  | { ok: true; report: QuickOrderReport }
  | { ok: false; fieldErrors: FieldErrors; params?: Record<string, string | number> }

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'create:order:own')
  const formData = await readFormData(request)
  const parsed = parseForm(QuickOrderForm, formData)
  if (!parsed.ok) return data<ActionResult>(parsed, { status: 400 })
  const upload = formData.get('file')
  const file =
    upload instanceof File && upload.size > 0
      ? { name: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) }
      : null
  try {
    const report = await importQuickOrder(context.db, { actor, text: parsed.data.text, file })
    return data<ActionResult>({ ok: true, report })
  } catch (error) {
    if (!isAppError(error) || !error.field) throw error
    return data<ActionResult>(
      { ok: false, fieldErrors: { [error.field]: error.userMessage }, params: error.params },
      { status: error.status },
    )
  }
}

export default function QuickOrderPage() {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const failure = actionData && !actionData.ok ? actionData : null
  const report = actionData && actionData.ok ? actionData.report : null

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/portal/cart" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('orders:quickOrder.backToCart')}
        </Link>
      </nav>
      <PageHeader
        title={t('orders:quickOrder.title')}
        description={t('orders:quickOrder.description')}
      />

      {report ? <QuickOrderResult report={report} /> : null}

      <Card className="max-w-3xl">
        {/* After an import, the box holds only the lines that were not added, to fix and retry. */}
        <Form
          method="post"
          encType="multipart/form-data"
          className="space-y-5"
          key={report ? JSON.stringify(report.problems) : 'new'}
        >
          <TextAreaField
            label={t('orders:quickOrder.text')}
            hint={t('orders:quickOrder.textHint', { max: maxQuickOrderRows })}
            name="text"
            rows={8}
            defaultValue={
              report?.source === 'text' ? report.problems.map((p) => p.text).join('\n') : undefined
            }
            spellCheck={false}
            autoCapitalize="characters"
            placeholder={'HT-PX-M12, 20\nHT-IO-DI16, 5\nHT-VF-0075\t2'}
            className="[&_textarea]:font-mono"
            error={failure?.fieldErrors.text}
          />
          <div>
            <label htmlFor="quick-order-file" className="block text-sm font-medium text-slate-700">
              {t('orders:quickOrder.file')}
            </label>
            <input
              id="quick-order-file"
              name="file"
              type="file"
              accept=".csv,text/csv,text/plain"
              aria-describedby="quick-order-file-hint"
              className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-200"
            />
            <p id="quick-order-file-hint" className="mt-1 text-xs text-slate-500">
              {t('orders:quickOrder.fileHint')}
            </p>
            <FieldError
              id="quick-order-file-error"
              error={
                failure?.fieldErrors.file
                  ? t(failure.fieldErrors.file, { line: failure.params?.line ?? 1 })
                  : undefined
              }
            />
          </div>
          {failure?.fieldErrors._form ? <FormError error={failure.fieldErrors._form} /> : null}
          <Button disabled={busy}>{t('orders:quickOrder.submit')}</Button>
        </Form>
      </Card>
    </>
  )
}

function QuickOrderResult({ report }: { report: QuickOrderReport }) {
  const { t } = useTranslation()
  return (
    <div className="mb-6 space-y-4">
      <div
        role="status"
        className="rounded-md bg-green-50 p-4 text-sm text-green-900 ring-1 ring-inset ring-green-200"
      >
        <p className="font-medium">
          {t('orders:quickOrder.added', { count: report.added.length })}
        </p>
        {report.added.length > 0 ? (
          <ul className="mt-2 space-y-0.5">
            {report.added.map((line) => (
              <li key={line.sku}>
                <span className="font-mono">{line.sku}</span> · {line.name} ×{' '}
                <span className="tabular-nums">{line.quantity}</span>
                {line.lineQuantity !== line.quantity ? (
                  <span className="text-green-800">
                    {' '}
                    {t('orders:quickOrder.nowInCart', { count: line.lineQuantity })}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        {report.mergedLines.length > 0 ? (
          <p className="mt-2 text-xs">
            {t('orders:quickOrder.merged', { lines: report.mergedLines.join(', ') })}
          </p>
        ) : null}
        {report.added.length > 0 ? (
          <Link to="/portal/cart" className={buttonClass('primary', 'mt-3')}>
            {t('orders:quickOrder.reviewCart')}
          </Link>
        ) : null}
      </div>

      {report.problems.length > 0 ? (
        <section aria-labelledby="quick-order-problems">
          <h2 id="quick-order-problems" className="mb-2 text-sm font-semibold text-red-800">
            {t('orders:quickOrder.problems', { count: report.problems.length })}
          </h2>
          <Table caption={t('orders:quickOrder.problemsCaption')}>
            <thead>
              <tr>
                <Th>{t('orders:quickOrder.columns.line')}</Th>
                <Th>{t('orders:quickOrder.columns.text')}</Th>
                <Th>{t('orders:quickOrder.columns.reason')}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {report.problems.map((problem, index) => (
                <tr key={`${problem.line}-${index}`}>
                  <Td className="tabular-nums">{problem.line}</Td>
                  <Td className="font-mono text-xs">
                    <div className="max-w-xs truncate">{problem.text}</div>
                  </Td>
                  <Td className="text-red-700">
                    {t(`orders:quickOrder.reason.${problem.reason}`)}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
      ) : null}
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
