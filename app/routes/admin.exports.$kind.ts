import type { LoaderFunctionArgs } from '@remix-run/node'
import { forbidden, notFound, requirePermission } from '#app/modules/auth/require.server'
import { csvDownload } from '#app/modules/imports/csv-response.server'
import { exportCsv } from '#app/modules/imports/export-csv.server'
import { exportPermissions, kindFromSlug } from '#app/modules/imports/import-rules'
import { hasPermission } from '#app/utils/permissions'

/** GET /admin/exports/products | contract-prices | stock: the CSV export (vendor staff only). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:catalog:any')
  const kind = kindFromSlug(params.kind)
  if (!kind) notFound()
  if (!exportPermissions[kind].every((permission) => hasPermission(actor.role, permission))) {
    forbidden()
  }
  const file = exportCsv(context.db, { kind })
  return csvDownload(file.fileName, file.chunks)
}
