import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AnnouncementFields } from '#app/components/contribution/announcement-form'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Card, PageHeader } from '#app/components/ui/card'
import { AnnouncementForm } from '#app/modules/announcements/announcement-rules'
import { createAnnouncement } from '#app/modules/announcements/create-announcement.server'
import { requirePermission } from '#app/modules/auth/require.server'
import { findRegions } from '#app/modules/partners/find-regions.server'
import { useRootData } from '#app/root'
import { parseForm } from '#app/utils/forms'
import { readFormData } from '#app/utils/request.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'New announcement · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'manage:announcements:any')
  return { regions: await findRegions(context.db) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:announcements:any')
  const parsed = parseForm(AnnouncementForm, await readFormData(request), [
    'audienceTiers',
    'audienceRegions',
  ])
  if (!parsed.ok) return data(parsed, { status: 400 })
  const { announcementId } = await createAnnouncement(context.db, {
    actor,
    input: parsed.data,
    ip: context.clientIp,
  })
  return redirectWithToast(`/admin/announcements/${announcementId}`, {
    kind: 'success',
    message: parsed.data.publish ? 'announcements:toast.published' : 'announcements:toast.saved',
    values: { title: parsed.data.title },
  })
}

export default function NewAnnouncementPage() {
  const { t } = useTranslation()
  const { regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const locale = useRootData()?.locale ?? 'en'
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : {}
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/admin/announcements" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('announcements:admin.back')}
        </Link>
      </nav>
      <PageHeader
        title={t('announcements:admin.new')}
        description={t('announcements:admin.newDescription')}
      />
      <Card className="max-w-3xl">
        <AnnouncementFields
          regions={regions}
          locale={locale}
          errors={errors}
          submitLabel={t('announcements:admin.save')}
          extra={
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="publish"
                value="on"
                defaultChecked
                className="h-4 w-4 rounded border-slate-300"
              />
              {t('announcements:fields.publishNow')}
            </label>
          }
        />
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
