import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { PageHeader } from '#app/components/ui/card'
import { InviteUserCard } from '#app/components/users/invite-user-form'
import { TeamTable } from '#app/components/users/team-table'
import { requirePermission } from '#app/modules/auth/require.server'
import { findStaffUsers } from '#app/modules/users/find-staff-users.server'
import { handleTeamIntent } from '#app/modules/users/handle-team-intent.server'
import { invitableRoles, userIntents } from '#app/modules/users/user-rules'
import { orHttpError } from '#app/utils/route-errors.server'
import { readFormData } from '#app/utils/request.server'

export const meta: MetaFunction = () => [{ title: 'Vendor staff · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:staff:any')
  const team = await orHttpError(findStaffUsers(context.db, { actor }))
  return { ...team, actor: { id: actor.id, role: actor.role, partnerId: actor.partnerId } }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePermission(context.db, request, 'manage:staff:any')
  // This page manages the vendor's own staff only (partnerId null), whatever the form says.
  return handleTeamIntent(context.db, {
    request,
    formData: await readFormData(request),
    actor,
    partnerId: null,
    ip: context.clientIp,
  })
}

export default function StaffPage() {
  const { t } = useTranslation()
  const { users, invitations, actor } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const inviteFailure = actionData?.intent === userIntents.invite ? actionData : undefined
  return (
    <>
      <PageHeader title={t('users:staff.title')} description={t('users:staff.description')} />
      <div className="space-y-8">
        <InviteUserCard
          roles={invitableRoles(actor, null)}
          serverErrors={inviteFailure?.fieldErrors}
          formError={inviteFailure?.formError}
        />
        <TeamTable users={users} invitations={invitations} actor={actor} partnerId={null} />
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
