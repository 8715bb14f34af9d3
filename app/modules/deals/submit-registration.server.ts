import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import {
  industries,
  productLines,
  registrationConflicts,
  registrationLocks,
  registrations,
  type DecisionRule,
} from '#db/schema/deals'
import { partners, partnerTerritories, regions } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { AppError, sqlStateOf } from '#app/utils/app-error'
import {
  addDays,
  decideIntake,
  isInTerritory,
  protectionDaysFor,
  todayInShanghai,
  type RegisterDealInput,
} from './deal-rules'
import { getDealSettings } from './get-deal-settings.server'
import { prospectKeysOf } from './prospect-rules'
import { recordRegistrationEvent } from './record-registration-event.server'
import { nextRegistrationNumber } from './registration-number.server'
import {
  findActiveHolder,
  insertLocks,
  LOCK_VIOLATION,
  type Holder,
} from './registration-locks.server'

export type SubmitRegistrationOptions = {
  actor: { id: string; email: string; partnerId: string }
  input: RegisterDealInput
  /** Origin for links in notification e-mails. */
  origin: string
  ip?: string | null
  now?: Date
}

export type SubmitRegistrationResult = {
  registrationId: string
  number: string
  status: 'pending' | 'approved'
  protectionEndsAt: Date | null
}

/** The refusal a partner sees when someone else holds the opportunity: it never says who. */
export const alreadyRegistered = () =>
  new AppError('conflict', {
    message: 'opportunity held by another partner',
    userMessage: 'deals:submit.alreadyRegistered',
  })

/**
 * Registers an opportunity. The first valid submission locks it at once (pending review, or
 * approved when auto-approval applies); PostgreSQL's exclusion constraint on registration_locks is
 * the guarantee. A later submission for a held opportunity is refused and recorded as a conflict in
 * its own transaction, so the record survives the refusal.
 */
export async function submitRegistration(
  db: Database,
  options: SubmitRegistrationOptions,
): Promise<SubmitRegistrationResult> {
  const { actor, input } = options
  const now = options.now ?? new Date()

  const keys = prospectKeysOf({
    taxId: input.prospectTaxId,
    domain: input.prospectDomain,
    companyName: input.prospectName,
  })
  if (keys.length === 0) {
    throw new AppError('invalid', {
      userMessage: 'deals:validation.nameMeaningless',
      field: 'prospectName',
    })
  }
  const prospectKeys = keys.map((k) => k.key)

  if (input.expectedCloseDate < todayInShanghai(now)) {
    throw new AppError('invalid', {
      userMessage: 'deals:validation.dateInPast',
      field: 'expectedCloseDate',
    })
  }

  const [partner] = await db
    .select({
      id: partners.id,
      name: partners.name,
      kind: partners.kind,
      tier: partners.tier,
      status: partners.status,
      managerId: partners.channelManagerId,
    })
    .from(partners)
    .where(eq(partners.id, actor.partnerId))
  if (!partner || partner.status !== 'active') {
    throw new AppError('forbidden', { userMessage: 'deals:submit.partnerInactive' })
  }

  const [[region], [productLine], industryRow, territories, settings] = await Promise.all([
    db.select({ code: regions.code }).from(regions).where(eq(regions.code, input.regionCode)),
    db
      .select({ id: productLines.id })
      .from(productLines)
      .where(and(eq(productLines.id, input.productLineId), eq(productLines.active, true))),
    input.industry
      ? db
          .select({ code: industries.code })
          .from(industries)
          .where(eq(industries.code, input.industry))
      : Promise.resolve([{ code: null }]),
    db
      .select({
        regionCode: partnerTerritories.regionCode,
        industries: partnerTerritories.industries,
      })
      .from(partnerTerritories)
      .where(eq(partnerTerritories.partnerId, partner.id)),
    getDealSettings(db),
  ])
  if (!region)
    throw new AppError('invalid', { userMessage: 'validation:invalidChoice', field: 'regionCode' })
  if (!productLine)
    throw new AppError('invalid', {
      userMessage: 'validation:invalidChoice',
      field: 'productLineId',
    })
  if (industryRow.length === 0)
    throw new AppError('invalid', { userMessage: 'validation:invalidChoice', field: 'industry' })

  if (input.fulfilmentPartnerId) {
    const [distributor] = await db
      .select({ id: partners.id })
      .from(partners)
      .where(
        and(
          eq(partners.id, input.fulfilmentPartnerId),
          eq(partners.kind, 'distributor'),
          eq(partners.status, 'active'),
        ),
      )
    if (partner.kind !== 'reseller' || !distributor || distributor.id === partner.id) {
      throw new AppError('invalid', {
        userMessage: 'deals:validation.fulfilmentInvalid',
        field: 'fulfilmentPartnerId',
      })
    }
  }

  const intake = decideIntake({
    inTerritory: isInTerritory(territories, input.regionCode, input.industry),
    settings,
    estimatedValueMinor: input.estimatedValueMinor,
    currency: input.currency,
  })
  if (intake.outcome === 'refuse') {
    throw new AppError('forbidden', {
      userMessage: 'deals:submit.outsideTerritory',
      field: 'regionCode',
    })
  }

  // Fast, friendly path; the constraint below is what actually decides under concurrency.
  const wonBefore = await findWonRegistration(db, prospectKeys, input.productLineId)
  if (wonBefore && wonBefore.partnerId !== partner.id) {
    await recordConflict(db, {
      options,
      partnerName: partner.name,
      managerId: partner.managerId,
      prospectKeys,
      holder: wonBefore,
      rule: 'existing_customer',
    })
    throw new AppError('conflict', { userMessage: 'deals:submit.existingCustomer' })
  }
  const heldBefore = await findActiveHolder(db, {
    prospectKeys,
    productLineId: input.productLineId,
    at: now,
  })
  if (heldBefore)
    await refuseHeld(db, {
      options,
      partnerName: partner.name,
      managerId: partner.managerId,
      prospectKeys,
      holder: heldBefore,
    })

  const approve = intake.outcome === 'approve'
  const protectionEndsAt = approve ? addDays(now, protectionDaysFor(partner.tier, settings)) : null
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        // Submissions for the same keys queue here (in a fixed order, so they cannot deadlock)
        // instead of colliding inside the exclusion check; the constraint stays the guarantee.
        for (const key of [...new Set(prospectKeys)].sort()) {
          await tx.execute(
            sql`select pg_advisory_xact_lock(hashtextextended(${`${key}|${input.productLineId}`}, 0))`,
          )
        }
        const holder = await findActiveHolder(tx as unknown as Database, {
          prospectKeys,
          productLineId: input.productLineId,
          at: now,
        })
        if (holder) throw new HeldByOther(holder)
        const number = await nextRegistrationNumber(tx as unknown as Database)
        const [registration] = await tx
          .insert(registrations)
          .values({
            number,
            partnerId: partner.id,
            createdById: actor.id,
            fulfilmentPartnerId: input.fulfilmentPartnerId,
            prospectName: input.prospectName,
            prospectTaxId: input.prospectTaxId,
            prospectDomain: input.prospectDomain,
            prospectKey: prospectKeys[0]!,
            contactName: input.contactName,
            contactEmail: input.contactEmail,
            contactPhone: input.contactPhone,
            regionCode: input.regionCode,
            industry: input.industry,
            productLineId: input.productLineId,
            estimatedValueMinor: input.estimatedValueMinor,
            currency: input.currency,
            expectedCloseDate: input.expectedCloseDate,
            notes: input.notes,
            status: approve ? 'approved' : 'pending',
            outsideTerritory: intake.outcome === 'pending' && intake.outsideTerritory,
            submittedAt: now,
            decidedAt: approve ? now : null,
            protectionStartsAt: approve ? now : null,
            protectionEndsAt,
          })
          .returning({ id: registrations.id, number: registrations.number })
        const txDb = tx as unknown as Database
        await insertLocks(txDb, {
          registrationId: registration!.id,
          partnerId: partner.id,
          productLineId: input.productLineId,
          prospectKeys,
          from: now,
          until: protectionEndsAt,
        })
        await recordRegistrationEvent(txDb, {
          registrationId: registration!.id,
          actorUserId: actor.id,
          type: 'submitted',
          toStatus: 'pending',
          toStage: 'registered',
          rule: 'time_priority',
          details:
            intake.outcome === 'pending' && intake.outsideTerritory
              ? { outsideTerritory: true }
              : null,
          at: now,
        })
        if (approve) {
          await recordRegistrationEvent(txDb, {
            registrationId: registration!.id,
            actorUserId: null,
            type: 'approved',
            fromStatus: 'pending',
            toStatus: 'approved',
            rule: 'auto_approve',
            details: { protectionEndsAt: protectionEndsAt!.toISOString() },
            at: now,
          })
        }
        await recordAudit(txDb, {
          actor: { id: actor.id, email: actor.email },
          action: 'registration.submitted',
          entityType: 'registration',
          entityId: registration!.id,
          partnerId: partner.id,
          after: {
            number: registration!.number,
            prospectName: input.prospectName,
            productLineId: input.productLineId,
            status: approve ? 'approved' : 'pending',
            estimatedValueMinor: input.estimatedValueMinor,
            currency: input.currency,
          },
          ip: options.ip,
        })
        if (!approve && partner.managerId) {
          const manager = await managerContact(txDb, partner.managerId)
          if (manager) {
            await enqueueEmail(txDb, {
              to: manager.email,
              locale: manager.locale,
              template: 'registration-submitted',
              number: registration!.number,
              partnerName: partner.name,
              prospectName: input.prospectName,
              outsideTerritory: intake.outcome === 'pending' && intake.outsideTerritory,
              url: `${options.origin}/admin/registrations/${registration!.id}`,
            })
          }
        }
        return {
          registrationId: registration!.id,
          number: registration!.number,
          status: approve ? ('approved' as const) : ('pending' as const),
          protectionEndsAt,
        }
      })
    } catch (error) {
      if (error instanceof HeldByOther) {
        return refuseHeld(db, {
          options,
          partnerName: partner.name,
          managerId: partner.managerId,
          prospectKeys,
          holder: error.holder,
        })
      }
      // 23P01: someone locked it between our check and our insert — the constraint decided.
      // 40P01: two racing inserts waited on each other's exclusion check; PostgreSQL aborted one.
      const state = sqlStateOf(error)
      if (state !== LOCK_VIOLATION && state !== DEADLOCK) throw error
      const holder = await findActiveHolder(db, {
        prospectKeys,
        productLineId: input.productLineId,
        at: now,
      })
      if (holder) {
        return refuseHeld(db, {
          options,
          partnerName: partner.name,
          managerId: partner.managerId,
          prospectKeys,
          holder,
        })
      }
      // The holder we collided with is gone again (rolled back or released): try once more.
      if (attempt >= MAX_ATTEMPTS) throw alreadyRegistered()
    }
  }
}

const DEADLOCK = '40P01'
const MAX_ATTEMPTS = 3

/** Thrown inside the transaction to roll it back when the opportunity turned out to be held. */
class HeldByOther extends Error {
  constructor(readonly holder: Holder) {
    super('opportunity held')
  }
}

type RefusalContext = {
  options: SubmitRegistrationOptions
  partnerName: string
  managerId: string | null
  prospectKeys: string[]
  holder: Holder
}

async function refuseHeld(db: Database, context: RefusalContext): Promise<never> {
  if (context.holder.partnerId === context.options.actor.partnerId) {
    throw new AppError('conflict', {
      userMessage: 'deals:submit.alreadyYours',
      params: { number: context.holder.number, id: context.holder.registrationId },
    })
  }
  await recordConflict(db, { ...context, rule: 'time_priority' })
  throw alreadyRegistered()
}

/** Records the refused submission in its own transaction (it must outlive the refusal). */
async function recordConflict(
  db: Database,
  context: RefusalContext & { rule: DecisionRule },
): Promise<void> {
  const { options, holder } = context
  const { input, actor } = options
  await db.transaction(async (tx) => {
    const txDb = tx as unknown as Database
    const [conflict] = await tx
      .insert(registrationConflicts)
      .values({
        productLineId: input.productLineId,
        prospectKey: context.prospectKeys[0]!,
        prospectName: input.prospectName,
        submittedByPartnerId: actor.partnerId,
        submittedById: actor.id,
        submission: { ...input, prospectKeys: context.prospectKeys },
        holderRegistrationId: holder.registrationId,
        rule: context.rule,
      })
      .returning({ id: registrationConflicts.id })
    await recordRegistrationEvent(txDb, {
      registrationId: holder.registrationId,
      actorUserId: null,
      type: 'conflict',
      rule: context.rule,
      details: { conflictId: conflict!.id },
    })
    await recordAudit(txDb, {
      actor: { id: actor.id, email: actor.email },
      action: 'registration.conflict',
      entityType: 'registration_conflict',
      entityId: conflict!.id,
      partnerId: actor.partnerId,
      after: {
        prospectName: input.prospectName,
        rule: context.rule,
        holderRegistrationId: holder.registrationId,
      },
      ip: options.ip,
    })
    if (context.managerId) {
      const manager = await managerContact(txDb, context.managerId)
      if (manager) {
        await enqueueEmail(txDb, {
          to: manager.email,
          locale: manager.locale,
          template: 'conflict-recorded',
          prospectName: input.prospectName,
          partnerName: context.partnerName,
          url: `${options.origin}/admin/conflicts/${conflict!.id}`,
        })
      }
    }
  })
}

async function findWonRegistration(
  db: Database,
  prospectKeys: string[],
  productLineId: string,
): Promise<Holder | null> {
  const [won] = await db
    .selectDistinct({
      registrationId: registrations.id,
      partnerId: registrations.partnerId,
      number: registrations.number,
      status: registrations.status,
    })
    .from(registrationLocks)
    .innerJoin(registrations, eq(registrations.id, registrationLocks.registrationId))
    .where(
      and(
        inArray(registrationLocks.prospectKey, prospectKeys),
        eq(registrationLocks.productLineId, productLineId),
        eq(registrations.status, 'won'),
      ),
    )
    .limit(1)
  return won ?? null
}

async function managerContact(db: Database, managerId: string) {
  const [manager] = await db
    .select({ email: users.email, locale: users.locale })
    .from(users)
    .where(and(eq(users.id, managerId), eq(users.status, 'active')))
  return manager ?? null
}
