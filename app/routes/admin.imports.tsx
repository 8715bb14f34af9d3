import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ImportForm } from '#app/components/imports/import-form'
import { ImportReportView } from '#app/components/imports/import-report'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Card, PageHeader } from '#app/components/ui/card'
import { forbidden, requirePermission } from '#app/modules/auth/require.server'
import { csvLimits } from '#app/modules/imports/csv-rules'
import { importCsv } from '#app/modules/imports/import-csv.server'
import {
  exportPermissions,
  ImportForm as ImportFormSchema,
  importKinds,
  importPermissions,
  kindSlug,
  type ImportKind,
} from '#app/modules/imports/import-rules'
import { formFailure, toFieldErrors } from '#app/utils/forms'
import { hasPermission, type Permission, type Role } from '#app/utils/permissions'
import { readFormData } from '#app/utils/request.server'

export const meta: MetaFunction = () => [{ title: 'Import and export · Channel Portal' }]

const allowed = (role: Role, permissions: Record<ImportKind, readonly Permission[]>) =>
  importKinds.filter((kind) => permissions[kind].every((p) => hasPermission(role, p)))

/** Vendor staff download exports here; vendor admins also import. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:catalog:any')
  return {
    importable: allowed(actor.role, importPermissions),
    exportable: allowed(actor.role, exportPermissions),
    limits: { maxMb: csvLimits.maxBytes / 2 ** 20, maxRows: csvLimits.maxRows },
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:catalog:any')
  const formData = await readFormData(request)
  const parsed = ImportFormSchema.safeParse({
    kind: formData.get('kind') ?? undefined,
    encoding: formData.get('encoding') ?? 'auto',
    file: formData.get('file') ?? undefined,
  })
  if (!parsed.success) return data(formFailure(toFieldErrors(parsed.error)), { status: 400 })
  const { kind, encoding } = parsed.data
  if (!importPermissions[kind].every((p) => hasPermission(actor.role, p))) forbidden()
  const file = parsed.data.file as File
  const report = await importCsv(context.db, {
    actor,
    kind,
    encoding,
    fileName: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
    dryRun: formData.get('intent') === 'validate',
    ip: context.clientIp,
  })
  const ok = report.status === 'imported' || report.status === 'valid'
  return data({ ok: true as const, report }, { status: ok ? 200 : 400 })
}

export default function ImportsPage() {
  const { t } = useTranslation()
  const { importable, exportable, limits } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const report = actionData?.ok ? actionData.report : null
  const failure = actionData && !actionData.ok ? actionData : null

  return (
    <>
      <PageHeader
        title={t('imports:title')}
        description={
          importable.length > 0 ? t('imports:description') : t('imports:descriptionExportOnly')
        }
      />
      {report ? <ImportReportView report={report} /> : null}
      <div className="grid gap-6 lg:grid-cols-3">
        {importable.length > 0 ? (
          <Card title={t('imports:form.title')} className="min-w-0 lg:col-span-2">
            <ImportForm
              kinds={importable}
              limits={limits}
              serverErrors={failure?.fieldErrors}
              formError={failure?.formError}
            />
          </Card>
        ) : null}
        <Card title={t('imports:exports.title')} className="min-w-0 self-start">
          <p className="mb-4 text-sm text-slate-600">{t('imports:exports.description')}</p>
          <ul className="divide-y divide-slate-100">
            {exportable.map((kind) => (
              <li key={kind} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <span className="text-sm font-medium text-slate-900">
                  {t(`imports:kinds.${kind}`)}
                </span>
                <span className="flex gap-3 text-sm">
                  <a
                    href={`/admin/exports/${kindSlug(kind)}`}
                    download
                    aria-label={t('imports:exports.downloadLabel', {
                      kind: t(`imports:kinds.${kind}`),
                    })}
                    className="font-medium text-brand-600 hover:text-brand-700"
                  >
                    {t('imports:exports.download')}
                  </a>
                  {importable.includes(kind) ? (
                    <a
                      href={`/admin/imports/templates/${kindSlug(kind)}`}
                      download
                      aria-label={t('imports:exports.templateLabel', {
                        kind: t(`imports:kinds.${kind}`),
                      })}
                      className="text-slate-600 hover:text-slate-900"
                    >
                      {t('imports:exports.template')}
                    </a>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
