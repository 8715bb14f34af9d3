import type { Database } from '#db/client.server'
import { auditLog } from '#db/schema/audit'

export type AuditActor = { id: string; email: string } | null

export type RecordAuditOptions = {
  actor: AuditActor
  action: string
  entityType: string
  entityId: string
  partnerId?: string | null
  before?: unknown
  after?: unknown
  ip?: string | null
}

const SECRET_KEYS = new Set(['passwordHash', 'tokenHash', 'password'])

/** Drops secrets and keeps only what changed when both sides are given. */
function redact(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object') return value ?? null
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(redact)
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !SECRET_KEYS.has(k))
      .map(([k, v]) => [k, redact(v)]),
  )
}

function changedOnly(before: unknown, after: unknown): [unknown, unknown] {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object')
    return [before, after]
  const b = before as Record<string, unknown>
  const a = after as Record<string, unknown>
  const keys = Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
  return [
    Object.fromEntries(keys.map((k) => [k, b[k] ?? null])),
    Object.fromEntries(keys.map((k) => [k, a[k] ?? null])),
  ]
}

/** The audit row for a change, as recordAudit writes it (secrets dropped, only what changed). */
export function auditRowOf(options: RecordAuditOptions) {
  const [before, after] = changedOnly(redact(options.before), redact(options.after))
  return {
    actorUserId: options.actor?.id ?? null,
    actorEmail: options.actor?.email ?? null,
    partnerId: options.partnerId ?? null,
    action: options.action,
    entityType: options.entityType,
    entityId: options.entityId,
    before: before ?? null,
    after: after ?? null,
    ip: options.ip ?? null,
  }
}

/** Writes one audit row. Call it inside the transaction that makes the change. */
export async function recordAudit(db: Database, options: RecordAuditOptions): Promise<void> {
  await db.insert(auditLog).values(auditRowOf(options))
}
