import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { dealSettings } from '#db/schema/deals'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { AppError, sqlStateOf } from '#app/utils/app-error'
import { hasPermission, type Role } from '#app/utils/permissions'
import { getDealSettings } from './get-deal-settings.server'
import type { DealSettingsInput } from './settings-rules'

export type UpdateDealSettingsOptions = {
  actor: { id: string; email: string; role: Role }
  input: DealSettingsInput
  ip?: string | null
}

export type UpdateDealSettingsResult = { changed: boolean }

const CHECK_VIOLATION = '23514'

/**
 * Saves the registration rules (vendor admins only). The audit row keeps what changed, before and
 * after; saving the same values writes nothing.
 */
export async function updateDealSettings(
  db: Database,
  options: UpdateDealSettingsOptions,
): Promise<UpdateDealSettingsResult> {
  // The route guards with the same permission; a module called from elsewhere must not bypass it.
  if (!hasPermission(options.actor.role, 'manage:settings:any')) {
    throw new AppError('forbidden', { userMessage: 'errors:forbidden.title' })
  }
  const { input } = options
  try {
    return await db.transaction(async (tx) => {
      const txDb = tx as unknown as Database
      await getDealSettings(txDb)
      const [current] = await tx
        .select()
        .from(dealSettings)
        .where(eq(dealSettings.id, 1))
        .for('update')
      const before = Object.fromEntries(
        Object.keys(input).map((key) => [key, current![key as keyof DealSettingsInput]]),
      ) as DealSettingsInput
      const changedKeys = (Object.keys(input) as (keyof DealSettingsInput)[]).filter(
        (key) => before[key] !== input[key],
      )
      if (changedKeys.length === 0) return { changed: false }
      await tx.update(dealSettings).set(input).where(eq(dealSettings.id, 1))
      await recordAudit(txDb, {
        actor: { id: options.actor.id, email: options.actor.email },
        action: 'deal_settings.updated',
        entityType: 'deal_settings',
        entityId: '1',
        before,
        after: input,
        ip: options.ip,
      })
      return { changed: true }
    })
  } catch (error) {
    // The form has the same ranges as the CHECK; this is only a backstop for a caller that skipped it.
    if (sqlStateOf(error) === CHECK_VIOLATION) {
      throw new AppError('invalid', { userMessage: 'review:settings.errors.outOfRange' })
    }
    throw error
  }
}
