import type { Database } from '#db/client.server'

/** What the HTTP server hands every loader and action. */
export type PortalLoadContext = {
  db: Database
  /** Where the contribution reports read (a pool of their own on PostgreSQL, ADR 0022). */
  reportingDb: Database
  /** Nonce for the inline scripts Remix renders; the CSP allows only scripts carrying it. */
  cspNonce: string
  /** The client's address as seen through the configured number of trusted proxies. */
  clientIp: string
}

declare module '@remix-run/node' {
  interface AppLoadContext extends PortalLoadContext {}
}
