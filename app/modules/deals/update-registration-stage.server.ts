import { and, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { lossReasons, registrations } from '#db/schema/deals'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { AppError } from '#app/utils/app-error'
import { parseMoneyToMinor } from '#app/utils/money'
import { canMoveStage, todayInShanghai, type Stage } from './deal-rules'
import type { UpdateStageInput } from './partner-registration-rules'
import { recordRegistrationEvent } from './record-registration-event.server'
import { lockRegistrationForHolder, type RegistrationActor } from './registration-access.server'
import { releaseLocks } from './registration-locks.server'

export type UpdateRegistrationStageOptions = {
  actor: RegistrationActor
  registrationId: string
  input: UpdateStageInput
  ip?: string | null
  now?: Date
}

export type UpdateRegistrationStageResult = {
  number: string
  stage: Stage
  status: 'approved' | 'won' | 'lost'
}

const invalid = (field: string, userMessage: string) =>
  new AppError('invalid', { userMessage, field })

/**
 * The holder moves its deal through the stages (DESIGN.md §1, "Outcome"). Only an approved,
 * unexpired registration moves: a pending one is not the partner's yet. Won records the actual
 * amount (in the registration's currency) and date; lost records an active loss reason. Both end
 * the deal and free the opportunity (the locks are released; a won prospect then stays an
 * existing customer for everyone else, see submitRegistration).
 */
export async function updateRegistrationStage(
  db: Database,
  options: UpdateRegistrationStageOptions,
): Promise<UpdateRegistrationStageResult> {
  const { actor, input } = options
  const now = options.now ?? new Date()
  const target = input.stage
  if (target === 'won') {
    if (!input.wonAmount) throw invalid('wonAmount', 'deals:validation.wonAmountRequired')
    if (!input.wonOn) throw invalid('wonOn', 'deals:validation.wonOnRequired')
    if (input.wonOn > todayInShanghai(now)) throw invalid('wonOn', 'deals:validation.wonOnFuture')
  }
  if (target === 'lost') {
    if (!input.lostReasonCode)
      throw invalid('lostReasonCode', 'deals:validation.lossReasonRequired')
    const [reason] = await db
      .select({ code: lossReasons.code })
      .from(lossReasons)
      .where(and(eq(lossReasons.code, input.lostReasonCode), eq(lossReasons.active, true)))
    if (!reason) throw invalid('lostReasonCode', 'validation:invalidChoice')
  }

  return db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const row = await lockRegistrationForHolder(txDb, actor, options.registrationId)
    if (row.status !== 'approved' || !row.protectionEndsAt || row.protectionEndsAt <= now) {
      throw new AppError('conflict', {
        message: `stage change refused: registration is ${row.status}`,
        userMessage: 'deals:stageForm.notOpen',
      })
    }
    if (!canMoveStage(row.stage, target)) {
      throw invalid('stage', 'deals:stageForm.sameStage')
    }

    let wonAmountMinor: number | null = null
    if (target === 'won') {
      wonAmountMinor = parseMoneyToMinor(input.wonAmount!, row.currency)
      if (wonAmountMinor === null) throw invalid('wonAmount', 'validation:invalidAmount')
    }
    const closes = target === 'won' || target === 'lost'
    const status = target === 'won' ? 'won' : target === 'lost' ? 'lost' : 'approved'

    await tx
      .update(registrations)
      .set({
        stage: target,
        status,
        ...(target === 'won' ? { wonAmountMinor, wonOn: input.wonOn } : {}),
        ...(target === 'lost' ? { lostReasonCode: input.lostReasonCode } : {}),
        ...(closes ? { closedAt: now } : {}),
        updatedAt: now,
      })
      .where(eq(registrations.id, row.id))
    if (closes) await releaseLocks(txDb, row.id)

    const details =
      target === 'won'
        ? { wonAmountMinor, currency: row.currency, wonOn: input.wonOn }
        : target === 'lost'
          ? { lostReasonCode: input.lostReasonCode }
          : null
    await recordRegistrationEvent(txDb, {
      registrationId: row.id,
      actorUserId: actor.id,
      type: closes ? target : 'stage_changed',
      fromStage: row.stage,
      toStage: target,
      ...(closes ? { fromStatus: row.status, toStatus: status } : {}),
      rule: 'holder_action',
      reason: input.note,
      details,
      at: now,
    })
    await recordAudit(txDb, {
      actor: { id: actor.id, email: actor.email },
      action: closes ? `registration.${target}` : 'registration.stage_changed',
      entityType: 'registration',
      entityId: row.id,
      partnerId: row.partnerId,
      before: { stage: row.stage, status: row.status },
      after: { stage: target, status, ...details, ...(input.note ? { note: input.note } : {}) },
      ip: options.ip,
    })
    return { number: row.number, stage: target, status }
  })
}
