import { sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  partners,
  type PartnerKind as DbPartnerKind,
  type PartnerTier as DbPartnerTier,
} from '#db/schema/partners'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import {
  generatedCodePattern,
  nextPartnerCode,
  type PartnerFormData,
  type PartnerKind,
  type PartnerTier,
} from './partner-rules'
import {
  assertNameAndCodeFree,
  assertPartnerReferences,
  snapshotPartner,
  sortTerritories,
  toPartnerFieldError,
  writeTerritories,
} from './partner-writes.server'

// partner-rules.ts repeats the enum lists for the browser; these fail to compile if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const kindsMatch: Same<PartnerKind, DbPartnerKind> = true
const tiersMatch: Same<PartnerTier, DbPartnerTier> = true
void kindsMatch
void tiersMatch

export type CreatePartnerOptions = {
  actor: { id: string; email: string }
  input: PartnerFormData
  ip?: string | null
}

/** Serialises partner creation so "next free code" is computed by one transaction at a time. */
const CREATE_PARTNER_LOCK_KEY = 727_003

/**
 * Creates an active partner with its territory. An empty code gets the next free generated code
 * (P-0001, P-0002…). Duplicate names (case-insensitive) and codes, unknown regions and a manager
 * who is not an active channel manager are field errors; nothing is written then.
 */
export async function createPartner(
  db: Database,
  options: CreatePartnerOptions,
): Promise<{ partnerId: string; code: string }> {
  const { input } = options
  const territories = sortTerritories(input.territories)
  const references = {
    channelManagerId: input.channelManagerId,
    regionCodes: territories.map((t) => t.regionCode),
  }
  await assertPartnerReferences(db, references)
  await assertNameAndCodeFree(db, { name: input.name, code: input.code })

  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${CREATE_PARTNER_LOCK_KEY})`)
      await assertPartnerReferences(tx, { ...references, lock: true })
      await assertNameAndCodeFree(tx, { name: input.name, code: input.code })
      const code = input.code ?? (await nextFreeCode(tx))
      const [partner] = await tx
        .insert(partners)
        .values({
          code,
          name: input.name,
          kind: input.kind,
          tier: input.tier,
          currency: input.currency,
          creditLimitMinor: input.creditLimitMinor,
          paymentTermsDays: input.paymentTermsDays,
          channelManagerId: input.channelManagerId,
        })
        .returning()
      await writeTerritories(tx, partner.id, territories)
      await recordAudit(tx, {
        actor: options.actor,
        action: 'partner.created',
        entityType: 'partner',
        entityId: partner.id,
        partnerId: partner.id,
        before: null,
        after: await snapshotPartner(tx, partner),
        ip: options.ip,
      })
      return { partnerId: partner.id, code }
    })
  } catch (error) {
    throw toPartnerFieldError(error)
  }
}

async function nextFreeCode(db: Database): Promise<string> {
  const pattern = generatedCodePattern.source
  const [row] = await db
    .select({
      highest: sql<string | null>`max((substring(${partners.code} from ${pattern}))::bigint)`,
    })
    .from(partners)
    .where(sql`${partners.code} ~ ${pattern}`)
  return nextPartnerCode(row?.highest == null ? null : Number(row.highest))
}
