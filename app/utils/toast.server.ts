import { createCookieSessionStorage, redirect } from '@remix-run/node'
import { getEnv } from './env.server'

export type Toast = {
  kind: 'success' | 'error' | 'info'
  /** An i18n key (namespace:key) shown after the redirect, with its values. */
  message: string
  values?: Record<string, string | number>
}

type ToastSessionData = { toast: Toast }
let storage:
  ReturnType<typeof createCookieSessionStorage<ToastSessionData, ToastSessionData>> | undefined
function toastStorage() {
  const env = getEnv()
  storage ??= createCookieSessionStorage<ToastSessionData, ToastSessionData>({
    cookie: {
      name: 'cp_toast',
      httpOnly: true,
      path: '/',
      sameSite: 'lax',
      secure: env.secureCookies,
      secrets: [env.SESSION_SECRET],
    },
  })
  return storage
}

/** Reads (and clears) the pending toast; returns the Set-Cookie header that clears it. */
export async function getToast(
  request: Request,
): Promise<{ toast: Toast | null; headers: Headers }> {
  const session = await toastStorage().getSession(request.headers.get('cookie'))
  const toast = (session.get('toast') as Toast | undefined) ?? null
  const headers = new Headers()
  if (toast) headers.append('Set-Cookie', await toastStorage().destroySession(session))
  return { toast, headers }
}

export async function toastHeaders(toast: Toast): Promise<Headers> {
  const session = await toastStorage().getSession()
  session.flash('toast', toast)
  return new Headers({ 'Set-Cookie': await toastStorage().commitSession(session) })
}

export async function redirectWithToast(url: string, toast: Toast, init: ResponseInit = {}) {
  const headers = new Headers(init.headers)
  for (const cookie of (await toastHeaders(toast)).getSetCookie())
    headers.append('Set-Cookie', cookie)
  return redirect(url, { ...init, headers })
}
