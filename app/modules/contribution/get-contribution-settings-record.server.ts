import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { contributionSettings } from '#db/schema/contribution'
import { users } from '#db/schema/users'
import type { ContributionSettingsInput } from './contribution-settings-rules'

export type ContributionSettingsRecord = ContributionSettingsInput & {
  reportingCurrency: string
  updatedAt: Date
  /** Who saved the settings last; null while they are the defaults the migration wrote. */
  updatedBy: { name: string; email: string } | null
}

/**
 * The stored settings row as the settings form edits it, with who changed it last. The figures
 * read the same row (getContributionSettings), so the form shows exactly what they use.
 */
export async function getContributionSettingsRecord(
  db: Database,
): Promise<ContributionSettingsRecord> {
  const read = () =>
    db
      .select({
        settings: contributionSettings,
        updatedBy: { name: users.name, email: users.email },
      })
      .from(contributionSettings)
      .leftJoin(users, eq(users.id, contributionSettings.updatedById))
      .where(eq(contributionSettings.id, 1))
  let [row] = await read()
  if (!row) {
    // The migration inserts the row; a database without it gets the defaults once.
    await db.insert(contributionSettings).values({ id: 1 }).onConflictDoNothing()
    ;[row] = await read()
  }
  const settings = row!.settings
  return {
    probabilities: {
      registered: settings.registeredProbabilityBps,
      qualified: settings.qualifiedProbabilityBps,
      proposal: settings.proposalProbabilityBps,
      negotiation: settings.negotiationProbabilityBps,
    },
    tierThresholds: {
      silver: settings.silverThresholdMinor,
      gold: settings.goldThresholdMinor,
      platinum: settings.platinumThresholdMinor,
    },
    reportingCurrency: settings.reportingCurrency,
    updatedAt: settings.updatedAt,
    updatedBy: settings.updatedById && row!.updatedBy?.email ? row!.updatedBy : null,
  }
}
