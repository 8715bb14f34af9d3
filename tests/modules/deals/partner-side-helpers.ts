import { eq } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { registrations } from '#db/schema/deals'
import type { RegisterDealInput } from '#app/modules/deals/deal-rules'
import type { RegistrationActor } from '#app/modules/deals/registration-access.server'
import { setLocksUntil } from '#app/modules/deals/registration-locks.server'
import { isAppError, type AppError } from '#app/utils/app-error'
import {
  createPartner,
  createRegistration,
  createUser,
  type CreatePartnerOptions,
} from '#tests/factories/index'

const DAY_MS = 86_400_000

/** A partner in CN-EAST with an admin and two partner users, as registration actors. */
export async function createPartnerTeam(db: Database, options: CreatePartnerOptions = {}) {
  const partner = await createPartner(db, { regions: ['CN-EAST'], ...options })
  const member = async (role: 'partner_user' | 'partner_admin'): Promise<RegistrationActor> => {
    const user = await createUser(db, { role, partnerId: partner.id })
    return { id: user.id, email: user.email, role, partnerId: partner.id }
  }
  return {
    partner,
    admin: await member('partner_admin'),
    user: await member('partner_user'),
    colleague: await member('partner_user'),
  }
}

/**
 * Approves a registration straight in the database (the manager-side module is not ours): status,
 * protection and the locks' end, as an approval would leave them.
 */
export async function approveInDb(
  db: Database,
  registrationId: string,
  protection: { startsAt?: Date; endsAt: Date },
) {
  const startsAt = protection.startsAt ?? new Date(protection.endsAt.getTime() - 90 * DAY_MS)
  await db
    .update(registrations)
    .set({
      status: 'approved',
      decidedAt: startsAt,
      protectionStartsAt: startsAt,
      protectionEndsAt: protection.endsAt,
    })
    .where(eq(registrations.id, registrationId))
  await setLocksUntil(db, registrationId, protection.endsAt)
}

/** Registers and approves, protected for `days` from now (negative: already past its end). */
export async function createApprovedRegistration(
  db: Database,
  options: { actor: RegistrationActor; input: RegisterDealInput; days?: number },
) {
  const days = options.days ?? 90
  const now = new Date()
  // A registration whose protection has already ended was submitted before it started.
  const submittedAt = days > 0 ? now : new Date(now.getTime() + (days - 100) * DAY_MS)
  const result = await createRegistration(db, {
    actor: options.actor,
    input: options.input,
    now: submittedAt,
  })
  await approveInDb(db, result.registrationId, {
    startsAt: new Date(submittedAt.getTime() + 1000),
    endsAt: new Date(now.getTime() + days * DAY_MS),
  })
  return result
}

export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY_MS)

/** The AppError a call refused with (fails the test when it succeeded or threw something else). */
export async function refusal(work: Promise<unknown>): Promise<AppError> {
  try {
    await work
  } catch (error) {
    if (isAppError(error)) return error
    throw error
  }
  throw new Error('expected a refusal')
}
