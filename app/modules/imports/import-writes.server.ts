import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import type { AuditActor } from '#app/modules/audit/record-audit.server'
import { inBatches, jsonb } from './bulk-sql.server'
import type { CsvRowError } from './csv-rules'
import type { ImportCounts, LinedValue } from './import-rules'

/** Who imports which file, for the rows the import writes (audit, stock adjustments). */
export type ImportContext = {
  actor: NonNullable<AuditActor>
  fileName: string
  ip: string | null
}

/** What checking a kind's rows against the database found, and what applying them would write. */
export type ImportPlan<Plan> = {
  rowErrors: CsvRowError[]
  counts: Omit<ImportCounts, 'rows'>
  plan: Plan
}

/**
 * One kind of import on the database side: `plan` checks the rows against what is stored (with
 * the rows locked when `lock`, inside the import's transaction) and `apply` writes the plan.
 */
export type ImportHandler<Row, Plan> = {
  plan(db: Database, rows: LinedValue<Row>[], options: { lock: boolean }): Promise<ImportPlan<Plan>>
  apply(tx: Database, plan: Plan, context: ImportContext): Promise<void>
}

/** One record an import created or changed, for the audit log (changed fields only on update). */
export type EntityAudit = {
  action: string
  entityType: string
  entityId: string
  partnerId?: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown>
}

/**
 * Writes the per-record audit rows of an import in batches, in the caller's transaction. The
 * summary row (kind, file, counts) is written by the import itself with recordAudit.
 */
export async function recordEntityAudits(
  tx: Database,
  context: ImportContext,
  entries: readonly EntityAudit[],
): Promise<void> {
  for (const batch of inBatches(entries)) {
    const rows = batch.map((entry) => ({
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      partner_id: entry.partnerId ?? null,
      before: entry.before,
      after: entry.after,
    }))
    await tx.execute(sql`
      insert into audit_log
        (actor_user_id, actor_email, partner_id, action, entity_type, entity_id, before, after, ip)
      select ${context.actor.id}::uuid, ${context.actor.email}, r.partner_id, r.action,
             r.entity_type, r.entity_id, r.before, r.after, ${context.ip}::text
      from jsonb_to_recordset(${jsonb(rows)}) as r(
        action text, entity_type text, entity_id text, partner_id uuid, before jsonb, after jsonb)`)
  }
}

/** The fields whose values differ, as before/after halves (for an update's audit row). */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } | null {
  const keys = Object.keys(after).filter(
    (key) => JSON.stringify(after[key]) !== JSON.stringify(before[key]),
  )
  if (keys.length === 0) return null
  return {
    before: Object.fromEntries(keys.map((key) => [key, before[key] ?? null])),
    after: Object.fromEntries(keys.map((key) => [key, after[key] ?? null])),
  }
}

/**
 * The record a code names, or null after pushing the row error: unknown, or matching several
 * records when case is ignored.
 */
export function resolveCode<T>(
  found: T | 'ambiguous' | null,
  error: { line: number; column: string; code: string; unknown: string },
  rowErrors: CsvRowError[],
): T | null {
  if (found !== null && found !== 'ambiguous') return found
  rowErrors.push({
    line: error.line,
    column: error.column,
    reason: found === 'ambiguous' ? 'imports:reasons.ambiguousCode' : error.unknown,
    params: { code: error.code },
  })
  return null
}
