import type { LoaderFunctionArgs } from '@remix-run/node'
import { forbidden, notFound, requirePermission } from '#app/modules/auth/require.server'
import { csvDownload } from '#app/modules/imports/csv-response.server'
import { templateCsv } from '#app/modules/imports/import-file-rules'
import {
  exportPermissions,
  kindFromSlug,
  templateFileName,
} from '#app/modules/imports/import-rules'
import { hasPermission } from '#app/utils/permissions'

/** GET /admin/imports/templates/<kind>: an empty file with the import's columns. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'read:catalog:any')
  const kind = kindFromSlug(params.kind)
  if (!kind) notFound()
  if (!exportPermissions[kind].every((permission) => hasPermission(actor.role, permission))) {
    forbidden()
  }
  return csvDownload(templateFileName(kind), templateCsv(kind))
}
