import { data } from '@remix-run/node'
import type { Database } from '#db/client.server'
import type { CurrentUser } from '#app/modules/auth/session.server'
import { isAppError, type AppError } from '#app/utils/app-error'
import { appOrigin } from '#app/utils/env.server'
import { parseForm, type FieldErrors } from '#app/utils/forms'
import { redirectWithToast } from '#app/utils/toast.server'
import { createInvitation } from './create-invitation.server'
import { revokeInvitation } from './revoke-invitation.server'
import { setUserStatus } from './set-user-status.server'
import { InviteUserForm, RevokeInvitationForm, SetUserStatusForm, userIntents } from './user-rules'

export type TeamIntent = (typeof userIntents)[keyof typeof userIntents]

/** What a team form gets back when nothing changed; the page shows it next to the right form. */
export type TeamActionFailure = {
  ok: false
  intent: TeamIntent
  fieldErrors: FieldErrors
  formError?: string
}

export type HandleTeamIntentOptions = {
  request: Request
  formData: FormData
  actor: CurrentUser
  /**
   * The organisation the page manages: the actor's own partner (portal team page), the partner
   * in the URL (vendor partner page) or null (vendor staff page). Never read from the form.
   */
  partnerId: string | null
  ip?: string | null
}

/**
 * The action shared by every page that renders TeamTable and InviteUserCard: dispatches on the
 * `intent` field, calls one module function and answers with a toast redirect back to the page,
 * or with field errors (invite form) / an error toast (row buttons). Scoping is enforced by the
 * module functions, so a tampered id in a form is simply "not found".
 */
export async function handleTeamIntent(db: Database, options: HandleTeamIntentOptions) {
  const { request, formData, actor, partnerId } = options
  const ip = options.ip ?? null
  const here = new URL(request.url)
  const back = here.pathname + here.search
  const intent = formData.get('intent')

  if (intent === userIntents.invite) {
    const parsed = parseForm(InviteUserForm, formData)
    if (!parsed.ok) return failure(intent, parsed.fieldErrors, undefined, 400)
    try {
      await createInvitation(db, {
        actor,
        ...parsed.data,
        partnerId,
        origin: appOrigin(request),
        ip,
      })
    } catch (error) {
      if (!isAppError(error)) throw error
      return error.field
        ? failure(intent, { [error.field]: error.userMessage }, undefined, error.status)
        : failure(intent, {}, error.userMessage, error.status)
    }
    return redirectWithToast(back, {
      kind: 'success',
      message: 'users:toast.invited',
      values: { email: parsed.data.email },
    })
  }

  if (intent === userIntents.setStatus) {
    const parsed = parseForm(SetUserStatusForm, formData)
    if (!parsed.ok) return failure(intent, parsed.fieldErrors, 'errors:badRequest.title', 400)
    try {
      const result = await setUserStatus(db, { actor, ...parsed.data, ip })
      return redirectWithToast(back, {
        kind: 'success',
        message: result.status === 'disabled' ? 'users:toast.disabled' : 'users:toast.enabled',
        values: { name: result.name },
      })
    } catch (error) {
      return errorToast(back, error)
    }
  }

  if (intent === userIntents.revokeInvitation) {
    const parsed = parseForm(RevokeInvitationForm, formData)
    if (!parsed.ok) return failure(intent, parsed.fieldErrors, 'errors:badRequest.title', 400)
    try {
      const result = await revokeInvitation(db, { actor, ...parsed.data, ip })
      return redirectWithToast(back, {
        kind: 'success',
        message: 'users:toast.revoked',
        values: { email: result.email },
      })
    } catch (error) {
      return errorToast(back, error)
    }
  }

  throw new Response('Unknown form intent', { status: 400, statusText: 'Bad Request' })
}

function failure(
  intent: TeamIntent,
  fieldErrors: FieldErrors,
  formError: string | undefined,
  status: number,
) {
  const body: TeamActionFailure = { ok: false, intent, fieldErrors, formError }
  return data(body, { status })
}

/** Row buttons have no field to point at: the outcome is a toast on the same page. */
function errorToast(back: string, error: unknown) {
  if (!isAppError(error)) throw error
  const message =
    (error as AppError).code === 'not_found' ? 'users:errors.rowNotFound' : error.userMessage
  return redirectWithToast(back, { kind: 'error', message })
}
