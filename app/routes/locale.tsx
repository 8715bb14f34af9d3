import type { ActionFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { z } from 'zod'
import { safeRedirectPath } from '#app/modules/auth/auth-rules'
import { getCurrentUser } from '#app/modules/auth/session.server'
import { updateUserLocale } from '#app/modules/users/update-user-locale.server'
import { supportedLocales } from '#app/utils/i18n'
import { readFormData } from '#app/utils/request.server'
import { parseForm } from '#app/utils/forms'
import { localeCookie } from '#app/utils/locale.server'

const LocaleForm = z.object({ locale: z.enum(supportedLocales), redirectTo: z.string().optional() })

export async function loader() {
  return redirect('/')
}

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = parseForm(LocaleForm, await readFormData(request))
  if (!parsed.ok) throw new Response(null, { status: 400, statusText: 'Unknown language' })
  const user = await getCurrentUser(context.db, request)
  if (user) await updateUserLocale(context.db, { userId: user.id, locale: parsed.data.locale })
  return redirect(safeRedirectPath(parsed.data.redirectTo, '/'), {
    headers: { 'Set-Cookie': await localeCookie.serialize(parsed.data.locale) },
  })
}
