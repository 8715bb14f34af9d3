import { performance } from 'node:perf_hooks'

export type SignInOutcome = { cookie: string; location: string; ms: number }

/**
 * Signs in through the real form post (Origin header set: the server refuses cross-site POSTs)
 * and returns the `cp_session` cookie pair plus the time to the response.
 */
export async function signInOverHttp(
  origin: string,
  email: string,
  password: string,
): Promise<SignInOutcome> {
  const started = performance.now()
  const response = await fetch(`${origin}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password }),
  })
  await response.arrayBuffer()
  const ms = performance.now() - started
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('cp_session=') && c.length > 'cp_session='.length)
  if (response.status !== 302 || !cookie) {
    throw new Error(
      `Sign-in as ${email} failed: HTTP ${response.status}${cookie ? '' : ', no session cookie'}`,
    )
  }
  return { cookie, location: response.headers.get('location') ?? '', ms }
}

/** Fails unless GET path with this cookie answers 200 (not a redirect to sign-in). */
export async function expectOk(origin: string, path: string, cookie?: string): Promise<void> {
  const response = await fetch(`${origin}${path}`, {
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  })
  await response.arrayBuffer()
  if (response.status !== 200) {
    throw new Error(
      `GET ${path}${cookie ? ' (signed in)' : ''} answered ${response.status}, expected 200`,
    )
  }
}
