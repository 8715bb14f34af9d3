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

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']
export const MAX_BODY_BYTES = 25 * 1024 * 1024

/**
 * Mutations carry HTML form bodies; anything else (JSON, XML, a 1 GB upload) is refused before it
 * reaches a route, with 415/413 instead of a parser failure deep inside an action.
 */
export function unacceptableBody(req: Request): { status: number; message: string } | null {
  if (SAFE_METHODS.has(req.method)) return null
  if (EXEMPT_PATHS.some((p) => req.path.startsWith(p))) return null
  const length = Number(req.get('content-length') ?? 0)
  if (length > MAX_BODY_BYTES) return { status: 413, message: 'Request body too large.' }
  const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (length === 0 && !req.get('transfer-encoding')) return null
  if (!FORM_TYPES.includes(type)) return { status: 415, message: 'Unsupported request body.' }
  return null
}
