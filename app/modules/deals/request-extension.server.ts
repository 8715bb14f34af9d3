import { and, eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { registrationExtensions } from '#db/schema/deals'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { AppError, sqlStateOf } from '#app/utils/app-error'
import { canRequestExtension, type ExtensionCheck } from './deal-rules'
import { getDealSettings } from './get-deal-settings.server'
import { progressNoteMinLength } from './partner-registration-rules'
import { recordRegistrationEvent } from './record-registration-event.server'
import { lockRegistrationForHolder, type RegistrationActor } from './registration-access.server'

export type RequestExtensionOptions = {
  actor: RegistrationActor
  registrationId: string
  progressNote: string
  ip?: string | null
  now?: Date
}

export type RequestExtensionResult = { extensionId: string; number: string; days: number }

const UNIQUE_VIOLATION = '23505'

type Refusal = Exclude<ExtensionCheck, { ok: true }>['reason']

/** The refusal for each reason; the limit names its rule so the partner sees why. */
function refused(reason: Refusal, maxCount: number): AppError {
  if (reason === 'limit_reached') {
    return new AppError('conflict', {
      message: 'extension refused by rule extension_limit',
      userMessage: 'deals:extension.refused.limit_reached',
      params: { rule: 'extension_limit', max: maxCount },
    })
  }
  return new AppError('conflict', {
    message: `extension refused: ${reason}`,
    userMessage: `deals:extension.refused.${reason}`,
  })
}

/**
 * The holder asks for more protection (DESIGN.md §1, "Extension"): only with a progress update,
 * before the protection ends and within the configured number of extensions. A channel manager
 * decides; the request waits as `pending` (one at a time, which a unique index also enforces).
 */
export async function requestExtension(
  db: Database,
  options: RequestExtensionOptions,
): Promise<RequestExtensionResult> {
  const { actor } = options
  const now = options.now ?? new Date()
  const progressNote = options.progressNote.trim()
  if (progressNote.length < progressNoteMinLength) {
    throw new AppError('invalid', {
      userMessage: 'deals:validation.progressNoteShort',
      field: 'progressNote',
    })
  }
  const settings = await getDealSettings(db)

  try {
    return await db.transaction(async (tx) => {
      const txDb = tx as unknown as Database
      const row = await lockRegistrationForHolder(txDb, actor, options.registrationId)
      const pending = await tx
        .select({ id: registrationExtensions.id })
        .from(registrationExtensions)
        .where(
          and(
            eq(registrationExtensions.registrationId, row.id),
            eq(registrationExtensions.status, 'pending'),
          ),
        )
      const check = canRequestExtension({
        status: row.status,
        extensionsUsed: row.extensionsUsed,
        protectionEndsAt: row.protectionEndsAt,
        hasPendingRequest: pending.length > 0,
        settings,
        now,
      })
      if (!check.ok) throw refused(check.reason, settings.extensionMaxCount)

      const [extension] = await tx
        .insert(registrationExtensions)
        .values({
          registrationId: row.id,
          requestedById: actor.id,
          progressNote,
          days: settings.extensionDays,
          createdAt: now,
        })
        .returning({ id: registrationExtensions.id })
      await recordRegistrationEvent(txDb, {
        registrationId: row.id,
        actorUserId: actor.id,
        type: 'extension_requested',
        rule: 'holder_action',
        reason: progressNote,
        details: { days: settings.extensionDays, extensionId: extension!.id },
        at: now,
      })
      await recordAudit(txDb, {
        actor: { id: actor.id, email: actor.email },
        action: 'registration.extension_requested',
        entityType: 'registration',
        entityId: row.id,
        partnerId: row.partnerId,
        after: { extensionId: extension!.id, days: settings.extensionDays, progressNote },
        ip: options.ip,
      })
      return { extensionId: extension!.id, number: row.number, days: settings.extensionDays }
    })
  } catch (error) {
    // Two requests at once: the unique index on pending requests let only one through.
    if (sqlStateOf(error) === UNIQUE_VIOLATION)
      throw refused('pending_request', settings.extensionMaxCount)
    throw error
  }
}
