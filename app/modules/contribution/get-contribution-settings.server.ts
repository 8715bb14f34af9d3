import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { contributionSettings } from '#db/schema/contribution'
import {
  defaultStageProbabilities,
  defaultTierThresholds,
  type StageProbabilities,
  type TierThresholds,
} from './contribution-rules'

export type ContributionSettingsView = {
  probabilities: StageProbabilities
  reportingCurrency: string
  tierThresholds: TierThresholds
}

/** The stage probabilities and reporting currency (the migration inserts the row). */
export async function getContributionSettings(db: Database): Promise<ContributionSettingsView> {
  const [row] = await db
    .select()
    .from(contributionSettings)
    .where(eq(contributionSettings.id, 1))
    .limit(1)
  if (!row) {
    return {
      probabilities: defaultStageProbabilities,
      reportingCurrency: 'CNY',
      tierThresholds: defaultTierThresholds,
    }
  }
  return {
    probabilities: {
      registered: row.registeredProbabilityBps,
      qualified: row.qualifiedProbabilityBps,
      proposal: row.proposalProbabilityBps,
      negotiation: row.negotiationProbabilityBps,
    },
    reportingCurrency: row.reportingCurrency,
    tierThresholds: {
      silver: row.silverThresholdMinor,
      gold: row.goldThresholdMinor,
      platinum: row.platinumThresholdMinor,
    },
  }
}
