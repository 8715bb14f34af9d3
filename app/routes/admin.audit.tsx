import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { Fragment, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Button, buttonClass } from '#app/components/ui/button'
import { Pagination } from '#app/components/ui/pagination'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card'
import { FormError, SelectField, TextField } from '#app/components/ui/field'
import { Table, Td, Th } from '#app/components/ui/table'
import {
  auditActionKey,
  auditChanges,
  auditEntityTypeKey,
  formatAuditValue,
  knownAuditActions,
  knownAuditEntityTypes,
  parseAuditQuery,
} from '#app/modules/audit/audit-rules'
import { findAuditEntries, type AuditEntryRow } from '#app/modules/audit/find-audit-entries.server'
import { requirePermission } from '#app/modules/auth/require.server'
import { useRootData } from '#app/root'
import { formatDateTime } from '#app/utils/format'

export const meta: MetaFunction = () => [{ title: 'Audit log · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'read:audit:any')
  const query = parseAuditQuery(new URL(request.url).searchParams)
  const result = await findAuditEntries(context.db, { filters: query.filters, page: query.page })
  return { ...result, filters: query.filters, fieldErrors: query.fieldErrors, values: query.values }
}

export default function AuditLogPage() {
  const { t } = useTranslation()
  const data = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  const { values, fieldErrors, filters } = data
  const { search } = useLocation()
  const hasErrors = Object.keys(fieldErrors).length > 0
  // Options always include the value in the URL, so a filter on an action we have no label for stays visible.
  const actionOptions = withCurrent(knownAuditActions, filters.action)
  const entityTypeOptions = withCurrent(knownAuditEntityTypes, filters.entityType)

  return (
    <>
      <PageHeader title={t('audit:title')} description={t('audit:description')} />

      <Card title={t('audit:filters.title')} className="mb-6">
        <Form method="get" className="space-y-4" key={search}>
          {hasErrors ? <FormError error="audit:filters.ignored" /> : null}
          {filters.partnerId ? (
            <p className="flex flex-wrap items-center gap-3 rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-800">
              <input type="hidden" name="partnerId" value={filters.partnerId} />
              <span>
                {data.selectedPartner
                  ? t('audit:filters.selectedPartner', {
                      name: data.selectedPartner.name,
                      code: data.selectedPartner.code,
                    })
                  : t('audit:filters.unknownPartner')}
              </span>
              <Link
                to={searchWith(filters, { partnerId: undefined })}
                className="font-medium underline"
              >
                {t('audit:filters.clearPartner')}
              </Link>
            </p>
          ) : null}
          {fieldErrors.partnerId ? <FormError error={fieldErrors.partnerId} /> : null}
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <TextField
              label={t('audit:filters.actor')}
              name="actor"
              type="search"
              defaultValue={values.actor ?? ''}
              error={fieldErrors.actor}
            />
            <SelectField
              label={t('audit:filters.action')}
              name="action"
              defaultValue={filters.action ?? ''}
              error={fieldErrors.action}
            >
              <option value="">{t('audit:filters.any')}</option>
              {actionOptions.map((action) => (
                <option key={action} value={action}>
                  {t(auditActionKey(action), { defaultValue: action })}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('audit:filters.entityType')}
              name="entityType"
              defaultValue={filters.entityType ?? ''}
              error={fieldErrors.entityType}
            >
              <option value="">{t('audit:filters.any')}</option>
              {entityTypeOptions.map((type) => (
                <option key={type} value={type}>
                  {t(auditEntityTypeKey(type), { defaultValue: type })}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t('audit:filters.partner')}
              name="partner"
              type="search"
              defaultValue={values.partner ?? ''}
              error={fieldErrors.partner}
            />
            <TextField
              label={t('audit:filters.from')}
              name="from"
              type="date"
              defaultValue={filters.from ?? ''}
              error={fieldErrors.from}
            />
            <TextField
              label={t('audit:filters.to')}
              name="to"
              type="date"
              defaultValue={filters.to ?? ''}
              error={fieldErrors.to}
            />
          </div>
          <div className="flex gap-2">
            <Button>{t('common:actions.filter')}</Button>
            <Link to="/admin/audit" className={buttonClass('secondary')}>
              {t('common:actions.clear')}
            </Link>
          </div>
        </Form>
      </Card>

      {data.entries.length === 0 ? (
        <Card>
          <EmptyState>{t('audit:empty')}</EmptyState>
        </Card>
      ) : (
        <Table caption={t('audit:title')}>
          <thead>
            <tr>
              <Th>{t('audit:columns.when')}</Th>
              <Th>{t('audit:columns.who')}</Th>
              <Th>{t('audit:columns.action')}</Th>
              <Th>{t('audit:columns.entity')}</Th>
              <Th>{t('audit:columns.partner')}</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.entries.map((entry) => (
              <AuditRow key={entry.id} entry={entry} locale={locale} />
            ))}
          </tbody>
        </Table>
      )}

      <Pagination
        page={data.page}
        pageCount={data.pageCount}
        total={data.total}
        hrefFor={(page) => searchWith(filters, { page: String(page) })}
        label={t('audit:title')}
      />
    </>
  )
}

function AuditRow({ entry, locale }: { entry: AuditEntryRow; locale: string }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const changes = auditChanges(entry.before, entry.after)
  const detailsId = `audit-entry-${entry.id}`
  return (
    <Fragment>
      <tr className="align-top">
        <Td>
          <span className="block">{formatDateTime(entry.createdAt, locale)}</span>
          {changes.length > 0 ? (
            <button
              type="button"
              className="mt-0.5 text-xs font-medium text-brand-700 hover:underline"
              aria-expanded={open}
              aria-controls={detailsId}
              onClick={() => setOpen((v) => !v)}
            >
              {open ? t('audit:hideChanges') : t('audit:showChanges', { n: changes.length })}
            </button>
          ) : (
            <span className="mt-0.5 block text-xs text-slate-400">{t('audit:noChanges')}</span>
          )}
        </Td>
        <Td>
          {entry.actorEmail ? (
            <>
              <span className="block font-medium text-slate-900">
                {entry.actorName ?? entry.actorEmail}
              </span>
              {entry.actorName ? (
                <span className="block text-xs text-slate-500">{entry.actorEmail}</span>
              ) : null}
            </>
          ) : (
            <span className="text-slate-500">{t('audit:system')}</span>
          )}
        </Td>
        <Td>
          <span className="block">
            {t(auditActionKey(entry.action), { defaultValue: entry.action })}
          </span>
          <code className="block text-xs text-slate-500">{entry.action}</code>
        </Td>
        <Td>
          <span className="block">
            {t(auditEntityTypeKey(entry.entityType), { defaultValue: entry.entityType })}
          </span>
          <code className="block text-xs text-slate-500" title={entry.entityId}>
            {entry.entityId.length > 13 ? `${entry.entityId.slice(0, 8)}…` : entry.entityId}
          </code>
        </Td>
        <Td>
          {entry.partnerId && entry.partnerName ? (
            <Link
              to={`/admin/partners/${entry.partnerId}`}
              className="font-medium text-brand-700 hover:underline"
            >
              {entry.partnerName}
              <span className="block text-xs font-normal text-slate-500">{entry.partnerCode}</span>
            </Link>
          ) : (
            t('common:none')
          )}
        </Td>
      </tr>
      {open ? (
        <tr id={detailsId} className="bg-slate-50">
          <td colSpan={5} className="px-4 py-3">
            {/* Sticky and no wider than the screen: on a phone the table scrolls sideways, the changes stay in view. */}
            <div className="sticky left-4 w-[calc(100vw-4.5rem)] max-w-3xl">
              <table className="w-full text-sm">
                <caption className="sr-only">{t('audit:change.caption')}</caption>
                <thead>
                  <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
                    <th scope="col" className="whitespace-nowrap py-1 pr-4 font-semibold">
                      {t('audit:change.field')}
                    </th>
                    <th scope="col" className="whitespace-nowrap py-1 pr-4 font-semibold">
                      {t('audit:change.before')}
                    </th>
                    <th scope="col" className="whitespace-nowrap py-1 font-semibold">
                      {t('audit:change.after')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((change) => (
                    <tr key={change.field} className="align-top">
                      <th
                        scope="row"
                        className="py-1 pr-4 text-left font-mono text-xs font-medium text-slate-700"
                      >
                        {change.field}
                      </th>
                      <td className="py-1 pr-4 break-all text-red-800">
                        <AuditValue value={change.before} />
                      </td>
                      <td className="py-1 break-all text-green-800">
                        <AuditValue value={change.after} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </td>
        </tr>
      ) : null}
    </Fragment>
  )
}

function AuditValue({ value }: { value: unknown }) {
  const { t } = useTranslation()
  const text = formatAuditValue(value)
  return text === null ? <span className="text-slate-400">{t('common:none')}</span> : <>{text}</>
}

/** A link to the log with the valid filters, some replaced (undefined removes one). */
function searchWith(
  filters: Record<string, string | undefined>,
  changes: Record<string, string | undefined>,
): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries({ ...filters, ...changes })) {
    if (value) params.set(key, value)
  }
  const search = params.toString()
  return search ? `/admin/audit?${search}` : '/admin/audit'
}

function withCurrent(known: readonly string[], current: string | undefined): string[] {
  return current && !known.includes(current) ? [...known, current] : [...known]
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
