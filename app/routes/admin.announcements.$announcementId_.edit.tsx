import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AnnouncementFields } from '#app/components/contribution/announcement-form'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Card, PageHeader } from '#app/components/ui/card'
import {
  AnnouncementEditForm,
  attachmentsText,
} from '#app/modules/announcements/announcement-rules'
import { getAnnouncement } from '#app/modules/announcements/get-announcement.server'
import { updateAnnouncement } from '#app/modules/announcements/update-announcement.server'
import { notFound, requirePermission } from '#app/modules/auth/require.server'
import { findRegions } from '#app/modules/partners/find-regions.server'
import { useRootData } from '#app/root'
import { formatDateTime } from '#app/utils/format'
import { parseForm } from '#app/utils/forms'
import { isUuid } from '#app/utils/ids'
import { readFormData } from '#app/utils/request.server'
import { orHttpError } from '#app/utils/route-errors.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Edit announcement · Channel Portal' }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'manage:announcements:any')
  if (!isUuid(params.announcementId)) notFound()
  const announcement = await orHttpError(
    getAnnouncement(context.db, { announcementId: params.announcementId }),
  )
  return { announcement, regions: await findRegions(context.db) }
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:announcements:any')
  if (!isUuid(params.announcementId)) notFound()
  const parsed = parseForm(AnnouncementEditForm, await readFormData(request), [
    'audienceTiers',
    'audienceRegions',
  ])
  if (!parsed.ok) return data(parsed, { status: 400 })
  const result = await orHttpError(
    updateAnnouncement(context.db, {
      actor,
      announcementId: params.announcementId,
      input: parsed.data,
      ip: context.clientIp,
    }),
  )
  const message = !result.changed
    ? 'announcements:toast.unchanged'
    : !result.published
      ? 'announcements:toast.draftEdited'
      : result.partnersRemoved > 0
        ? 'announcements:toast.editedAudienceNarrowed'
        : result.contentChanged
          ? 'announcements:toast.revised'
          : 'announcements:toast.edited'
  return redirectWithToast(`/admin/announcements/${params.announcementId}`, {
    kind: result.changed ? 'success' : 'info',
    message,
    values: { count: result.partnersRemoved },
  })
}

export default function EditAnnouncementPage() {
  const { t } = useTranslation()
  const { announcement, regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const locale = useRootData()?.locale ?? 'en'
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : {}
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link
          to={`/admin/announcements/${announcement.id}`}
          className="font-medium text-brand-600 hover:text-brand-700"
        >
          ← {t('announcements:edit.back')}
        </Link>
      </nav>
      <PageHeader
        title={t('announcements:edit.title')}
        description={
          announcement.publishedAt
            ? t('announcements:edit.publishedDescription')
            : t('announcements:edit.draftDescription')
        }
      />
      <Card className="max-w-3xl">
        {announcement.lastEdit ? (
          <p className="mb-4 text-sm text-slate-500">
            {t('announcements:edit.lastEdit', {
              who: announcement.lastEdit.by ?? '—',
              when: formatDateTime(announcement.lastEdit.at, locale),
            })}
          </p>
        ) : null}
        <AnnouncementFields
          regions={regions}
          locale={locale}
          errors={errors}
          defaults={{
            title: announcement.title,
            body: announcement.body,
            kind: announcement.kind,
            attachments: attachmentsText(announcement.attachments),
            audienceTiers: announcement.audienceTiers,
            audienceRegions: announcement.audienceRegions,
          }}
          submitLabel={t('announcements:edit.save')}
        />
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
