import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { GeneralErrorBoundary } from '#app/components/layout/error-page'
import { PageHeader } from '#app/components/ui/card'
import { InviteUserCard } from '#app/components/users/invite-user-form'
import { TeamTable } from '#app/components/users/team-table'
import { requirePartnerUser } from '#app/modules/auth/require.server'
import { findPartnerUsers } from '#app/modules/users/find-partner-users.server'
import { handleTeamIntent } from '#app/modules/users/handle-team-intent.server'
import { invitableRoles, userIntents } from '#app/modules/users/user-rules'
import { orHttpError } from '#app/utils/route-errors.server'
import type { loader as portalLoader } from './portal'
import { readFormData } from '#app/utils/request.server'

export const meta: MetaFunction = () => [{ title: 'Team · Channel Portal' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'manage:user:own')
  const team = await orHttpError(
    findPartnerUsers(context.db, { actor, partnerId: actor.partnerId }),
  )
  return { ...team, actor: { id: actor.id, role: actor.role, partnerId: actor.partnerId } }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requirePartnerUser(context.db, request, 'manage:user:own')
  // The partner always comes from the signed-in admin: a partnerId posted in the form is ignored.
  return handleTeamIntent(context.db, {
    request,
    formData: await readFormData(request),
    actor,
    partnerId: actor.partnerId,
    ip: context.clientIp,
  })
}

export default function PortalTeamPage() {
  const { t } = useTranslation()
  const { users, invitations, actor } = useLoaderData<typeof loader>()
  const portal = useRouteLoaderData<typeof portalLoader>('routes/portal')
  const actionData = useActionData<typeof action>()
  const inviteFailure = actionData?.intent === userIntents.invite ? actionData : undefined
  return (
    <>
      <PageHeader
        title={t('users:team.title')}
        description={t('users:team.description', { organisation: portal?.partner.name ?? '' })}
      />
      <div className="space-y-8">
        <InviteUserCard
          roles={invitableRoles(actor, actor.partnerId)}
          serverErrors={inviteFailure?.fieldErrors}
          formError={inviteFailure?.formError}
        />
        <TeamTable
          users={users}
          invitations={invitations}
          actor={actor}
          partnerId={actor.partnerId}
        />
      </div>
    </>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
