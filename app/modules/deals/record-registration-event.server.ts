import type { Database } from '#db/client.server'
import {
  registrationEvents,
  type DecisionRule,
  type RegistrationStage,
  type RegistrationStatus,
} from '#db/schema/deals'

export type RecordRegistrationEventOptions = {
  registrationId: string
  actorUserId: string | null
  type: string
  fromStatus?: RegistrationStatus | null
  toStatus?: RegistrationStatus | null
  fromStage?: RegistrationStage | null
  toStage?: RegistrationStage | null
  rule?: DecisionRule | null
  reason?: string | null
  details?: Record<string, unknown> | null
  at?: Date
}

/** One line of a registration's history: who, when, from, to, the rule and why. */
export async function recordRegistrationEvent(
  db: Database,
  options: RecordRegistrationEventOptions,
) {
  await db.insert(registrationEvents).values({
    registrationId: options.registrationId,
    actorUserId: options.actorUserId,
    type: options.type,
    fromStatus: options.fromStatus ?? null,
    toStatus: options.toStatus ?? null,
    fromStage: options.fromStage ?? null,
    toStage: options.toStage ?? null,
    rule: options.rule ?? null,
    reason: options.reason ?? null,
    details: options.details ?? null,
    ...(options.at ? { createdAt: options.at } : {}),
  })
}
