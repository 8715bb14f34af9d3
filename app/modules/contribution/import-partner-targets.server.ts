import { parse } from 'csv-parse/sync'
import { inArray, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners } from '#db/schema/partners'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { writeTarget } from './set-partner-target.server'
import { validateTargetRows, type TargetCsvError } from './target-rules'

export type ImportPartnerTargetsOptions = {
  actor: { id: string; email: string }
  /** The uploaded file's text. */
  csv: string
  currency?: string
  ip?: string | null
}

export type ImportPartnerTargetsResult =
  { ok: true; imported: number } | { ok: false; errors: TargetCsvError[] }

/**
 * Imports targets from CSV, all or nothing: every row is validated (format, known partner code,
 * no duplicates) and any problem refuses the whole file with every problem listed; otherwise all
 * rows are written in one transaction with one audit row for the import.
 */
export async function importPartnerTargets(
  db: Database,
  options: ImportPartnerTargetsOptions,
): Promise<ImportPartnerTargetsResult> {
  let records: string[][]
  try {
    records = parse(options.csv, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    })
  } catch (error) {
    return {
      ok: false,
      errors: [
        {
          line: Number((error as { lines?: number }).lines ?? 1),
          column: '',
          message: 'contribution:targets.errors.unreadable',
          value: '',
        },
      ],
    }
  }
  const { rows, errors } = validateTargetRows(records)
  const codes = [...new Set(rows.map((row) => row.partnerCode))]
  const found =
    codes.length === 0
      ? []
      : await db
          .select({ id: partners.id, code: partners.code })
          .from(partners)
          .where(inArray(sql`upper(${partners.code})`, codes))
  const idByCode = new Map(found.map((p) => [p.code.toUpperCase(), p.id]))
  for (const row of rows) {
    if (!idByCode.has(row.partnerCode)) {
      errors.push({
        line: row.line,
        column: 'partner_code',
        message: 'contribution:targets.errors.unknownPartner',
        value: row.partnerCode,
      })
    }
  }
  if (errors.length > 0) {
    return { ok: false, errors: errors.sort((a, b) => a.line - b.line).slice(0, 200) }
  }
  await db.transaction(async (tx) => {
    for (const row of rows) {
      await writeTarget(tx, {
        partnerId: idByCode.get(row.partnerCode)!,
        kind: row.kind,
        periodStart: row.periodStart,
        revenueTargetMinor: row.revenueTargetMinor,
        registrationsTarget: row.registrationsTarget,
        currency: options.currency ?? 'CNY',
        actorId: options.actor.id,
      })
    }
    await recordAudit(tx, {
      actor: options.actor,
      action: 'partner_target.imported',
      entityType: 'partner_target',
      entityId: 'import',
      before: null,
      after: {
        rows: rows.length,
        partners: codes.length,
        periods: [...new Set(rows.map((r) => `${r.kind}:${r.periodStart}`))].slice(0, 20),
      },
      ip: options.ip,
    })
  })
  return { ok: true, imported: rows.length }
}
