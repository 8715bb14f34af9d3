import { createCookie } from '@remix-run/node'
import {
  defaultLocale,
  isSupportedLocale,
  localeFromAcceptLanguage,
  matchLocale,
  type SupportedLocale,
} from './i18n'

export const localeCookie = createCookie('cp_locale', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

/** The user's setting, else the visitor's choice (cookie), else Accept-Language, else English. */
export async function resolveLocale(
  request: Request,
  userLocale: string | null | undefined,
): Promise<SupportedLocale> {
  const fromUser = matchLocale(userLocale)
  if (fromUser) return fromUser
  const fromCookie: unknown = await localeCookie.parse(request.headers.get('cookie'))
  if (isSupportedLocale(fromCookie)) return fromCookie
  return localeFromAcceptLanguage(request.headers.get('accept-language')) ?? defaultLocale
}
