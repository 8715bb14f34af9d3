import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AnnouncementBody } from '#app/components/contribution/announcement-body'
import { TierBadge } from '#app/components/home/tier-badge'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { Button, buttonClass } from '#app/components/ui/button'
import { Badge, Card, PageHeader } from '#app/components/ui/card'
import { Table, Td, Th } from '#app/components/ui/table'
import { getAnnouncementReceipts } from '#app/modules/announcements/get-announcement-receipts.server'
import { publishAnnouncement } from '#app/modules/announcements/publish-announcement.server'
import { notFound, requirePermission } from '#app/modules/auth/require.server'
import { useRootData } from '#app/root'
import { formatDateTime } from '#app/utils/format'
import { isUuid } from '#app/utils/ids'
import { readFormData } from '#app/utils/request.server'
import { orHttpError } from '#app/utils/route-errors.server'
import { redirectWithToast } from '#app/utils/toast.server'

export const meta: MetaFunction = () => [{ title: 'Announcement · Channel Portal' }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  await requirePermission(context.db, request, 'manage:announcements:any')
  if (!isUuid(params.announcementId)) notFound()
  return orHttpError(getAnnouncementReceipts(context.db, { announcementId: params.announcementId }))
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:announcements:any')
  if (!isUuid(params.announcementId)) notFound()
  const intent = (await readFormData(request)).get('intent')
  if (intent !== 'publish' && intent !== 'withdraw')
    throw new Response('Unknown action.', { status: 400 })
  await orHttpError(
    publishAnnouncement(context.db, {
      actor,
      announcementId: params.announcementId,
      publish: intent === 'publish',
      ip: context.clientIp,
    }),
  )
  return redirectWithToast(`/admin/announcements/${params.announcementId}`, {
    kind: 'success',
    message:
      intent === 'publish' ? 'announcements:toast.publishedShort' : 'announcements:toast.withdrawn',
  })
}

export default function AnnouncementReceiptsPage() {
  const { t } = useTranslation()
  const { announcement, receipts } = useLoaderData<typeof loader>()
  const locale = useRootData()?.locale ?? 'en'
  const read = receipts.filter((r) => r.firstReadAt).length
  const readEarlier = receipts.filter((r) => !r.firstReadAt && r.lastEarlierReadAt).length
  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/admin/announcements" className="font-medium text-brand-600 hover:text-brand-700">
          ← {t('announcements:admin.back')}
        </Link>
      </nav>
      <PageHeader
        title={announcement.title}
        description={
          <>
            {announcement.publishedAt
              ? t('announcements:admin.publishedOn', {
                  date: formatDateTime(announcement.publishedAt, locale),
                })
              : t('announcements:draft')}
            {announcement.lastEdit ? (
              <>
                {' · '}
                {t('announcements:admin.lastEdit', {
                  who: announcement.lastEdit.by ?? '—',
                  when: formatDateTime(announcement.lastEdit.at, locale),
                })}
              </>
            ) : null}
          </>
        }
        actions={
          <>
            <Link
              to={`/admin/announcements/${announcement.id}/edit`}
              className={buttonClass('secondary')}
            >
              {t('announcements:admin.edit')}
            </Link>
            <Form method="post">
              <input
                type="hidden"
                name="intent"
                value={announcement.publishedAt ? 'withdraw' : 'publish'}
              />
              <Button variant={announcement.publishedAt ? 'secondary' : 'primary'}>
                {t(
                  announcement.publishedAt
                    ? 'announcements:admin.withdraw'
                    : 'announcements:admin.publish',
                )}
              </Button>
            </Form>
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="lg:col-span-2" title={t(`announcements:kinds.${announcement.kind}`)}>
          <AnnouncementBody body={announcement.body} attachments={announcement.attachments} />
        </Card>
        <div className="lg:col-span-3">
          <h2 className="mb-1 text-lg font-semibold text-slate-900">
            {t('announcements:admin.receipts', { read, audience: receipts.length })}
          </h2>
          {announcement.revisedAt ? (
            <p className="mb-2 text-sm text-slate-600">
              {t('announcements:admin.revisedNote', {
                when: formatDateTime(announcement.revisedAt, locale),
                count: readEarlier,
              })}
            </p>
          ) : (
            <div className="mb-2" />
          )}
          <Table caption={t('announcements:admin.receiptsCaption')}>
            <thead>
              <tr>
                <Th>{t('contribution:groupBy.partner')}</Th>
                <Th>{t('announcements:admin.firstRead')}</Th>
                <Th className="text-right">{t('announcements:admin.readers')}</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {receipts.map((r) => (
                <tr key={r.partnerId}>
                  <Td>
                    <span className="mr-2 font-mono text-xs">{r.code}</span>
                    {r.name} <TierBadge tier={r.tier as 'gold'} />
                  </Td>
                  <Td>
                    {r.firstReadAt ? (
                      `${formatDateTime(r.firstReadAt, locale)} · ${r.firstReader ?? ''}`
                    ) : r.lastEarlierReadAt ? (
                      <span className="flex flex-wrap items-center gap-2">
                        <Badge color="violet">{t('announcements:admin.readEarlier')}</Badge>
                        <span className="text-xs text-slate-500">
                          {formatDateTime(r.lastEarlierReadAt, locale)}
                        </span>
                      </span>
                    ) : (
                      <Badge color="amber">{t('announcements:unread')}</Badge>
                    )}
                  </Td>
                  <Td className="text-right tabular-nums">{r.readers}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
