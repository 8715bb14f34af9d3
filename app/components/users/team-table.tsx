import { Form, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '#app/components/ui/button'
import { Badge, Card, EmptyState } from '#app/components/ui/card'
import { Table, Td, Th } from '#app/components/ui/table'
import {
  canManageUser,
  canRevokeInvitation,
  userIntents,
  type UserActor,
} from '#app/modules/users/user-rules'
import { useRootData } from '#app/root'
import { formatDate, formatDateTime } from '#app/utils/format'
import type { Role } from '#app/utils/permissions'

/** Dates arrive as ISO strings from a loader, or as Date objects when rendered on the server. */
type DateLike = Date | string

export type TeamTableUser = {
  id: string
  name: string
  email: string
  role: Role
  status: 'active' | 'disabled'
  lastLoginAt: DateLike | null
}

export type TeamTableInvitation = {
  id: string
  email: string
  name: string
  role: Role
  expiresAt: DateLike
  createdAt: DateLike
  status: 'pending' | 'expired'
}

export type TeamTableProps = {
  users: TeamTableUser[]
  invitations: TeamTableInvitation[]
  /** The signed-in user: decides which rows get buttons (never their own). */
  actor: UserActor
  /** The organisation shown: a partner's id, or null for vendor staff. */
  partnerId: string | null
  /** Where the row forms post; defaults to the current route's action. */
  action?: string
}

const roleColors: Record<Role, 'slate' | 'blue' | 'violet' | 'amber'> = {
  partner_user: 'slate',
  partner_admin: 'blue',
  channel_manager: 'violet',
  admin: 'amber',
}

export function RoleBadge({ role }: { role: Role }) {
  const { t } = useTranslation()
  return <Badge color={roleColors[role]}>{t(`common:roles.${role}`)}</Badge>
}

function StatusBadge({ status }: { status: 'active' | 'disabled' }) {
  const { t } = useTranslation()
  return (
    <Badge color={status === 'active' ? 'green' : 'red'}>{t(`common:statuses.${status}`)}</Badge>
  )
}

/**
 * An organisation's users and open invitations, with disable/enable and revoke buttons where the
 * actor may use them. Each button posts a small form with `intent` (see userIntents) to `action`.
 */
export function TeamTable(props: TeamTableProps) {
  return (
    <div className="space-y-6">
      <TeamUsers {...props} />
      <TeamInvitations {...props} />
    </div>
  )
}

export function TeamUsers({ users, actor, partnerId, action }: TeamTableProps) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  return (
    <Section
      title={t('users:team.users')}
      count={t('users:team.userCount', { count: users.length })}
    >
      {users.length === 0 ? (
        <Card>
          <EmptyState>{t('users:team.noUsers')}</EmptyState>
        </Card>
      ) : (
        <Table caption={t('users:team.users')}>
          <thead>
            <tr>
              <Th>{t('users:team.columns.user')}</Th>
              <Th className="hidden sm:table-cell">{t('users:team.columns.role')}</Th>
              <Th className="hidden sm:table-cell">{t('users:team.columns.status')}</Th>
              <Th className="hidden md:table-cell">{t('users:team.columns.lastSignIn')}</Th>
              <Th className="text-right">
                <span className="sr-only sm:not-sr-only">{t('users:team.columns.actions')}</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((user) => {
              const isSelf = user.id === actor.id
              return (
                <tr
                  key={user.id}
                  className={user.status === 'disabled' ? 'bg-slate-50/70' : undefined}
                >
                  <Td className="min-w-0 whitespace-normal!">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium text-slate-900">{user.name}</span>
                      {isSelf ? <Badge color="blue">{t('users:team.you')}</Badge> : null}
                    </div>
                    <Email address={user.email} />
                    <div className="mt-1.5 flex flex-wrap gap-1.5 sm:hidden">
                      <RoleBadge role={user.role} />
                      <StatusBadge status={user.status} />
                    </div>
                  </Td>
                  <Td className="hidden sm:table-cell">
                    <RoleBadge role={user.role} />
                  </Td>
                  <Td className="hidden sm:table-cell">
                    <StatusBadge status={user.status} />
                  </Td>
                  <Td className="hidden md:table-cell">
                    {user.lastLoginAt ? (
                      formatDateTime(user.lastLoginAt, locale)
                    ) : (
                      <span className="text-slate-400">{t('users:team.never')}</span>
                    )}
                  </Td>
                  <Td className="text-right">
                    {canManageUser(actor, { ...user, partnerId }) ? (
                      <UserStatusButton user={user} action={action} />
                    ) : null}
                  </Td>
                </tr>
              )
            })}
          </tbody>
        </Table>
      )}
    </Section>
  )
}

/** Lets a long address wrap before the @ on narrow screens rather than mid-word. */
function Email({ address }: { address: string }) {
  const at = address.lastIndexOf('@')
  return (
    <div className="break-words text-slate-500">
      {at > 0 ? (
        <>
          {address.slice(0, at)}
          <wbr />
          {address.slice(at)}
        </>
      ) : (
        address
      )}
    </div>
  )
}

function Section({
  title,
  count,
  children,
}: {
  title: string
  count: string
  children: ReactNode
}) {
  return (
    <section aria-label={title}>
      <div className="mb-2 flex items-baseline justify-between gap-4">
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        <span className="text-sm text-slate-500">{count}</span>
      </div>
      {children}
    </section>
  )
}

function UserStatusButton({ user, action }: { user: TeamTableUser; action?: string }) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const next = user.status === 'active' ? 'disabled' : 'active'
  const busy =
    navigation.state !== 'idle' &&
    navigation.formData?.get('intent') === userIntents.setStatus &&
    navigation.formData?.get('userId') === user.id
  return (
    <Form method="post" action={action} className="inline">
      <input type="hidden" name="intent" value={userIntents.setStatus} />
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="status" value={next} />
      <Button
        variant={next === 'disabled' ? 'secondary' : 'primary'}
        className="px-2.5 py-1 text-xs"
        disabled={busy}
      >
        {t(next === 'disabled' ? 'users:team.disable' : 'users:team.enable')}
        <span className="sr-only"> {user.name}</span>
      </Button>
    </Form>
  )
}

export function TeamInvitations({ invitations, actor, partnerId, action }: TeamTableProps) {
  const { t } = useTranslation()
  const locale = useRootData()?.locale ?? 'en'
  const navigation = useNavigation()
  return (
    <Section
      title={t('users:team.invitations')}
      count={t('users:team.invitationCount', {
        count: invitations.filter((i) => i.status === 'pending').length,
      })}
    >
      {invitations.length === 0 ? (
        <Card>
          <EmptyState>{t('users:team.noInvitations')}</EmptyState>
        </Card>
      ) : (
        <Table caption={t('users:team.invitations')}>
          <thead>
            <tr>
              <Th>{t('users:team.columns.invitee')}</Th>
              <Th className="hidden sm:table-cell">{t('users:team.columns.role')}</Th>
              <Th className="hidden sm:table-cell">{t('users:team.columns.expires')}</Th>
              <Th className="hidden md:table-cell">{t('users:team.columns.invited')}</Th>
              <Th className="text-right">
                <span className="sr-only sm:not-sr-only">{t('users:team.columns.actions')}</span>
              </Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {invitations.map((invitation) => {
              const expiry = (
                <>
                  {invitation.status === 'expired' ? (
                    <Badge color="red">{t('users:team.expired')}</Badge>
                  ) : (
                    <Badge color="amber">{t('users:team.pending')}</Badge>
                  )}{' '}
                  <span className="text-slate-600">{formatDate(invitation.expiresAt, locale)}</span>
                </>
              )
              const busy =
                navigation.state !== 'idle' &&
                navigation.formData?.get('intent') === userIntents.revokeInvitation &&
                navigation.formData?.get('invitationId') === invitation.id
              return (
                <tr key={invitation.id}>
                  <Td className="min-w-0 whitespace-normal!">
                    <div className="font-medium text-slate-900">{invitation.name}</div>
                    <Email address={invitation.email} />
                    <div className="mt-1.5 flex flex-wrap items-center gap-1.5 sm:hidden">
                      <RoleBadge role={invitation.role} />
                      {expiry}
                    </div>
                  </Td>
                  <Td className="hidden sm:table-cell">
                    <RoleBadge role={invitation.role} />
                  </Td>
                  <Td className="hidden sm:table-cell">{expiry}</Td>
                  <Td className="hidden md:table-cell">
                    {formatDateTime(invitation.createdAt, locale)}
                  </Td>
                  <Td className="text-right">
                    {canRevokeInvitation(actor, { role: invitation.role, partnerId }) ? (
                      <Form method="post" action={action} className="inline">
                        <input type="hidden" name="intent" value={userIntents.revokeInvitation} />
                        <input type="hidden" name="invitationId" value={invitation.id} />
                        <Button variant="secondary" className="px-2.5 py-1 text-xs" disabled={busy}>
                          {t('users:team.revoke')}
                          <span className="sr-only"> {invitation.email}</span>
                        </Button>
                      </Form>
                    ) : null}
                  </Td>
                </tr>
              )
            })}
          </tbody>
        </Table>
      )}
    </Section>
  )
}
