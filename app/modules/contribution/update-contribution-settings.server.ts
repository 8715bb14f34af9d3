import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { contributionSettings } from '#db/schema/contribution'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { AppError, sqlStateOf } from '#app/utils/app-error'
import { hasPermission, type Role } from '#app/utils/permissions'
import type { ContributionSettingsInput } from './contribution-settings-rules'
import { getContributionSettingsRecord } from './get-contribution-settings-record.server'

export type UpdateContributionSettingsOptions = {
  actor: { id: string; email: string; role: Role }
  input: ContributionSettingsInput
  ip?: string | null
}

export type UpdateContributionSettingsResult = { changed: boolean }

const CHECK_VIOLATION = '23514'

/** The audited shape: flat, so the audit row keeps only the values that changed. */
function flat(settings: ContributionSettingsInput) {
  return {
    registeredProbabilityBps: settings.probabilities.registered,
    qualifiedProbabilityBps: settings.probabilities.qualified,
    proposalProbabilityBps: settings.probabilities.proposal,
    negotiationProbabilityBps: settings.probabilities.negotiation,
    silverThresholdMinor: settings.tierThresholds.silver,
    goldThresholdMinor: settings.tierThresholds.gold,
    platinumThresholdMinor: settings.tierThresholds.platinum,
  }
}

/**
 * Saves the stage probabilities of the weighted forecast and the tier thresholds (vendor admins
 * only). Every figure reads the row when it is computed, so the next page shows the new forecast.
 * The audit row keeps what changed, before and after; saving the same values writes nothing.
 */
export async function updateContributionSettings(
  db: Database,
  options: UpdateContributionSettingsOptions,
): Promise<UpdateContributionSettingsResult> {
  // The route guards with the same permission; a module called from elsewhere must not bypass it.
  if (!hasPermission(options.actor.role, 'manage:settings:any')) {
    throw new AppError('forbidden', { userMessage: 'errors:forbidden.title' })
  }
  const after = flat(options.input)
  try {
    return await db.transaction(async (tx) => {
      const txDb = tx as unknown as Database
      await getContributionSettingsRecord(txDb)
      const [current] = await tx
        .select()
        .from(contributionSettings)
        .where(eq(contributionSettings.id, 1))
        .for('update')
      const before = Object.fromEntries(
        Object.keys(after).map((key) => [key, current![key as keyof typeof after]]),
      ) as typeof after
      const changed = (Object.keys(after) as (keyof typeof after)[]).some(
        (key) => before[key] !== after[key],
      )
      if (!changed) return { changed: false }
      await tx
        .update(contributionSettings)
        .set({ ...after, updatedById: options.actor.id, updatedAt: new Date() })
        .where(eq(contributionSettings.id, 1))
      await recordAudit(txDb, {
        actor: { id: options.actor.id, email: options.actor.email },
        action: 'contribution_settings.updated',
        entityType: 'contribution_settings',
        entityId: '1',
        before,
        after,
        ip: options.ip,
      })
      return { changed: true }
    })
  } catch (error) {
    // The form has the CHECKs' ranges and order; this is only a backstop for a caller that skipped it.
    if (sqlStateOf(error) === CHECK_VIOLATION) {
      throw new AppError('invalid', { userMessage: 'contribution:settings.errors.outOfRange' })
    }
    throw error
  }
}
