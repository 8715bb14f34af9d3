import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AnnouncementBody } from '#app/components/contribution/announcement-body'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Badge, Card, PageHeader } from '#app/components/ui/card'
import { openAnnouncement } from '#app/modules/announcements/open-announcement.server'
import { notFound, requirePartnerUser } from '#app/modules/auth/require.server'
import { useRootData } from '#app/root'
import { formatDate } from '#app/utils/format'
import { isUuid } from '#app/utils/ids'
import { orHttpError } from '#app/utils/route-errors.server'

export const meta: MetaFunction = () => [{ title: 'Announcement · Channel Portal' }]

/** Opening it is the read receipt (recorded once per user). */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'read:announcements:own')
  if (!isUuid(params.announcementId)) notFound()
  return orHttpError(openAnnouncement(context.db, { actor, announcementId: params.announcementId }))
}

export default function PartnerAnnouncementPage() {
  const { t } = useTranslation()
  const a = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link
          to="/portal/announcements"
          className="font-medium text-brand-600 hover:text-brand-700"
        >
          ← {t('announcements:portal.back')}
        </Link>
      </nav>
      <PageHeader
        title={a.title}
        description={
          a.revisedAt && a.revisedAt > a.publishedAt
            ? t('announcements:portal.publishedAndUpdated', {
                date: formatDate(a.publishedAt, locale),
                updated: formatDate(a.revisedAt, locale),
              })
            : t('announcements:portal.published', { date: formatDate(a.publishedAt, locale) })
        }
        actions={<Badge>{t(`announcements:kinds.${a.kind}`)}</Badge>}
      />
      <Card className="max-w-3xl">
        <AnnouncementBody body={a.body} attachments={a.attachments} />
      </Card>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
