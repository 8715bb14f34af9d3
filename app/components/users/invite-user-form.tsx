import { Form, useNavigation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useValidatedForm } from '#app/components/forms/use-validated-form'
import { Button } from '#app/components/ui/button'
import { Card } from '#app/components/ui/card'
import { FormError, SelectField, TextField } from '#app/components/ui/field'
import { invitationLifetimeDays } from '#app/modules/auth/auth-rules'
import { InviteUserForm, userIntents } from '#app/modules/users/user-rules'
import type { FieldErrors } from '#app/utils/forms'
import type { Role } from '#app/utils/permissions'

export type InviteUserCardProps = {
  /** The roles offered, first one preselected (e.g. invitableRoles(actor, partnerId)). */
  roles: Role[]
  /** Field errors from the action, when its answer was for intent 'invite-user'. */
  serverErrors?: FieldErrors
  /** A form-level error key from the action (e.g. the partner is suspended). */
  formError?: string
  /** Where the form posts; defaults to the current route's action. */
  action?: string
  title?: string
}

/**
 * E-mail, name and role of the person to invite. Posts `intent=invite-user` with the fields
 * `email`, `name` and `role`; the organisation is never a field (the action takes it from the
 * signed-in user or the URL). Clears itself after a successful invitation.
 */
export function InviteUserCard({
  roles,
  serverErrors,
  formError,
  action,
  title,
}: InviteUserCardProps) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const form = useValidatedForm(InviteUserForm, {
    serverErrors,
    defaultValues: { email: '', name: '', role: roles[0] },
    action,
  })
  const submitting =
    navigation.state !== 'idle' && navigation.formData?.get('intent') === userIntents.invite

  // After a successful invitation the action redirects back without errors: start afresh.
  const wasSubmitting = useRef(false)
  const failed = Boolean(formError) || Object.keys(serverErrors ?? {}).length > 0
  const { reset } = form
  useEffect(() => {
    if (submitting) {
      wasSubmitting.current = true
    } else if (wasSubmitting.current) {
      wasSubmitting.current = false
      if (!failed) reset({ email: '', name: '', role: roles[0] })
    }
  }, [submitting, failed, reset, roles])

  if (roles.length === 0) return null
  return (
    <Card title={title ?? t('users:invite.title')}>
      <p className="mb-4 text-sm text-slate-600">
        {t('users:invite.description', { days: invitationLifetimeDays })}
      </p>
      <Form method="post" action={action} noValidate onSubmit={form.onSubmit} className="space-y-4">
        <input type="hidden" name="intent" value={userIntents.invite} />
        <FormError error={formError} />
        {/* Lays the fields out by the card's own width, so it fits a page or a sidebar. */}
        <div className="@container">
          <div className="grid gap-4 @2xl:grid-cols-3">
            <TextField
              label={t('users:invite.email')}
              type="email"
              autoComplete="off"
              error={form.errorFor('email')}
              {...form.register('email')}
            />
            <TextField
              label={t('users:invite.name')}
              autoComplete="off"
              error={form.errorFor('name')}
              {...form.register('name')}
            />
            <SelectField
              label={t('users:invite.role')}
              error={form.errorFor('role')}
              hint={t(`users:roleHints.${form.watch('role') ?? roles[0]}`)}
              {...form.register('role')}
            >
              {roles.map((role) => (
                <option key={role} value={role}>
                  {t(`common:roles.${role}`)}
                </option>
              ))}
            </SelectField>
          </div>
        </div>
        <div className="flex justify-end">
          <Button disabled={submitting}>
            {submitting ? t('users:invite.sending') : t('users:invite.submit')}
          </Button>
        </div>
      </Form>
    </Card>
  )
}
