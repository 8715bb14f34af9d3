import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners } from '#db/schema/partners'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { AppError } from '#app/utils/app-error'
import { isUuid } from '#app/utils/ids'
import type { PartnerFormData } from './partner-rules'
import {
  assertNameAndCodeFree,
  assertPartnerReferences,
  snapshotPartner,
  sortTerritories,
  toPartnerFieldError,
  writeTerritories,
} from './partner-writes.server'

export type UpdatePartnerOptions = {
  actor: { id: string; email: string }
  partnerId: string
  input: PartnerFormData
  ip?: string | null
}

/**
 * Saves the edit form: name, code (empty keeps the current one), kind, tier, currency, credit
 * limit, payment terms, channel manager and territory. Status has its own use case
 * (setPartnerStatus). Writes nothing, and no audit row, when nothing changed.
 */
export async function updatePartner(
  db: Database,
  options: UpdatePartnerOptions,
): Promise<{ changed: boolean }> {
  const { input, partnerId } = options
  if (!isUuid(partnerId)) throw notFound()
  const territories = sortTerritories(input.territories)
  const references = {
    channelManagerId: input.channelManagerId,
    regionCodes: territories.map((t) => t.regionCode),
  }
  const [existing] = await db
    .select({ id: partners.id })
    .from(partners)
    .where(eq(partners.id, partnerId))
  if (!existing) throw notFound()
  await assertPartnerReferences(db, references)
  await assertNameAndCodeFree(db, {
    name: input.name,
    code: input.code,
    exceptPartnerId: partnerId,
  })

  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(partners)
        .where(eq(partners.id, partnerId))
        .for('update')
      if (!current) throw notFound()
      await assertPartnerReferences(tx, { ...references, lock: true })
      await assertNameAndCodeFree(tx, {
        name: input.name,
        code: input.code,
        exceptPartnerId: partnerId,
      })

      const before = await snapshotPartner(tx, current)
      const after = {
        ...before,
        code: input.code ?? current.code,
        name: input.name,
        kind: input.kind,
        tier: input.tier,
        currency: input.currency,
        creditLimitMinor: input.creditLimitMinor,
        paymentTermsDays: input.paymentTermsDays,
        channelManagerId: input.channelManagerId,
        territories,
      }
      if (JSON.stringify(after) === JSON.stringify(before)) return { changed: false }

      const { territories: _territories, status: _status, ...columns } = after
      await tx.update(partners).set(columns).where(eq(partners.id, partnerId))
      if (JSON.stringify(before.territories) !== JSON.stringify(territories)) {
        await writeTerritories(tx, partnerId, territories)
      }
      await recordAudit(tx, {
        actor: options.actor,
        action: 'partner.updated',
        entityType: 'partner',
        entityId: partnerId,
        partnerId,
        before,
        after,
        ip: options.ip,
      })
      return { changed: true }
    })
  } catch (error) {
    throw toPartnerFieldError(error)
  }
}

function notFound() {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}
