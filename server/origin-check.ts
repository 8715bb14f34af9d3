import type { Request } from 'express'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** Machine-to-machine endpoints that authenticate by signature, not by cookie. */
const EXEMPT_PATHS = ['/webhooks/']

/**
 * True when a state-changing request was sent by another site's page. Browsers send Origin on
 * every cross-origin POST; when it is absent we fall back to Sec-Fetch-Site. Requests with neither
 * header come from non-browser clients, which carry no ambient cookies worth forging.
 */
export function isCrossSiteMutation(req: Request, appOrigin?: string): boolean {
  if (SAFE_METHODS.has(req.method)) return false
  if (EXEMPT_PATHS.some((p) => req.path.startsWith(p))) return false
  const origin = req.get('origin')
  if (origin) {
    if (origin === 'null') return true
    const allowed = new Set<string>()
    if (appOrigin) allowed.add(new URL(appOrigin).origin)
    const host = req.get('x-forwarded-host') ?? req.get('host')
    if (host) {
      allowed.add(`http://${host}`)
      allowed.add(`https://${host}`)
    }
    try {
      return !allowed.has(new URL(origin).origin)
    } catch {
      return true
    }
  }
  const fetchSite = req.get('sec-fetch-site')
  return fetchSite === 'cross-site' || fetchSite === 'same-site'
}
