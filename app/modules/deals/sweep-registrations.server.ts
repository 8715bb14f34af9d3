import { and, asc, eq, gt, isNull, lte } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '#db/client.server'
import { registrations } from '#db/schema/deals'
import { partners } from '#db/schema/partners'
import { users } from '#db/schema/users'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { addDays } from './deal-rules'
import { getDealSettings } from './get-deal-settings.server'
import { recordRegistrationEvent } from './record-registration-event.server'
import { releaseLocks } from './registration-locks.server'

export type SweepRegistrationsOptions = {
  now?: Date
  /** Origin for links in notification e-mails. */
  origin: string
  /** Registrations claimed per transaction. */
  batchSize?: number
}

export type SweepRegistrationsResult = { expired: number; warned: number; escalated: number }

const HOUR_MS = 3_600_000

/**
 * The time-driven rules of DESIGN §1, run by a loop on every app server:
 * - an approved registration whose protection has ended expires (the opportunity is free again);
 * - one whose protection ends within `expiryWarningDays` gets one warning e-mail;
 * - a pending one past the review SLA is escalated on the manager's queue (it stays pending and
 *   locked: the partner did nothing wrong).
 * Rows are claimed in batches with FOR UPDATE SKIP LOCKED, one transaction per batch, and each
 * transition clears its own condition, so parallel sweepers never handle a row twice and a
 * second run finds nothing to do.
 */
export async function sweepRegistrations(
  db: Database,
  options: SweepRegistrationsOptions,
): Promise<SweepRegistrationsResult> {
  const now = options.now ?? new Date()
  const batchSize = options.batchSize ?? 100
  const settings = await getDealSettings(db)
  const context: SweepContext = { now, origin: options.origin, batchSize }

  const expired = await inBatches(db, batchSize, (tx) => expireBatch(tx, context))
  const warned =
    settings.expiryWarningDays > 0
      ? await inBatches(db, batchSize, (tx) =>
          warnBatch(tx, { ...context, warnUntil: addDays(now, settings.expiryWarningDays) }),
        )
      : 0
  const escalated = await inBatches(db, batchSize, (tx) =>
    escalateBatch(tx, {
      ...context,
      reviewSlaHours: settings.reviewSlaHours,
      submittedBy: new Date(now.getTime() - settings.reviewSlaHours * HOUR_MS),
    }),
  )
  return { expired, warned, escalated }
}

type SweepContext = { now: Date; origin: string; batchSize: number }

type BatchOutcome = { claimed: number; processed: number }

/** Runs one transaction per batch until a batch comes back short (nothing more is claimable). */
async function inBatches(
  db: Database,
  batchSize: number,
  runBatch: (tx: Database) => Promise<BatchOutcome>,
): Promise<number> {
  let total = 0
  for (;;) {
    const outcome = await db.transaction((tx) => runBatch(tx as unknown as Database))
    total += outcome.processed
    // A short batch means the rest is done or held by another sweeper, which will finish it.
    if (outcome.claimed < batchSize || outcome.processed === 0) return total
  }
}

const creator = alias(users, 'creator')

/** Approved registrations whose protection ended: expired, locks released, creator told. */
async function expireBatch(tx: Database, context: SweepContext): Promise<BatchOutcome> {
  const { now } = context
  const rows = await tx
    .select({
      id: registrations.id,
      number: registrations.number,
      partnerId: registrations.partnerId,
      prospectName: registrations.prospectName,
      status: registrations.status,
      protectionEndsAt: registrations.protectionEndsAt,
      creatorEmail: creator.email,
      creatorLocale: creator.locale,
      creatorStatus: creator.status,
    })
    .from(registrations)
    .innerJoin(creator, eq(creator.id, registrations.createdById))
    .where(and(eq(registrations.status, 'approved'), lte(registrations.protectionEndsAt, now)))
    .orderBy(asc(registrations.protectionEndsAt))
    .limit(context.batchSize)
    .for('update', { of: registrations, skipLocked: true })

  let processed = 0
  for (const row of rows) {
    // The locked row is the latest version: re-check before acting on it.
    if (row.status !== 'approved' || !row.protectionEndsAt || row.protectionEndsAt > now) continue
    await tx
      .update(registrations)
      .set({ status: 'expired', closedAt: now })
      .where(eq(registrations.id, row.id))
    await releaseLocks(tx, row.id)
    await recordRegistrationEvent(tx, {
      registrationId: row.id,
      actorUserId: null,
      type: 'expired',
      fromStatus: 'approved',
      toStatus: 'expired',
      rule: 'protection_expired',
      details: { protectionEndsAt: row.protectionEndsAt.toISOString() },
      at: now,
    })
    await recordAudit(tx, {
      actor: null,
      action: 'registration.expired',
      entityType: 'registration',
      entityId: row.id,
      partnerId: row.partnerId,
      before: { status: 'approved' },
      after: { status: 'expired', protectionEndsAt: row.protectionEndsAt },
    })
    if (row.creatorStatus === 'active') {
      await enqueueEmail(tx, {
        to: row.creatorEmail,
        locale: row.creatorLocale,
        template: 'registration-expired',
        number: row.number,
        prospectName: row.prospectName,
        url: `${context.origin}/portal/registrations/${row.id}`,
      })
    }
    processed++
  }
  return { claimed: rows.length, processed }
}

/** Approved registrations ending within the warning window, not yet warned: one e-mail each. */
async function warnBatch(
  tx: Database,
  context: SweepContext & { warnUntil: Date },
): Promise<BatchOutcome> {
  const { now, warnUntil } = context
  const rows = await tx
    .select({
      id: registrations.id,
      number: registrations.number,
      prospectName: registrations.prospectName,
      status: registrations.status,
      protectionEndsAt: registrations.protectionEndsAt,
      expiryWarnedAt: registrations.expiryWarnedAt,
      creatorEmail: creator.email,
      creatorLocale: creator.locale,
      creatorStatus: creator.status,
    })
    .from(registrations)
    .innerJoin(creator, eq(creator.id, registrations.createdById))
    .where(
      and(
        eq(registrations.status, 'approved'),
        isNull(registrations.expiryWarnedAt),
        gt(registrations.protectionEndsAt, now),
        lte(registrations.protectionEndsAt, warnUntil),
      ),
    )
    .orderBy(asc(registrations.protectionEndsAt))
    .limit(context.batchSize)
    .for('update', { of: registrations, skipLocked: true })

  let processed = 0
  for (const row of rows) {
    const endsAt = row.protectionEndsAt
    if (row.status !== 'approved' || row.expiryWarnedAt || !endsAt) continue
    if (endsAt <= now || endsAt > warnUntil) continue
    await tx.update(registrations).set({ expiryWarnedAt: now }).where(eq(registrations.id, row.id))
    await recordRegistrationEvent(tx, {
      registrationId: row.id,
      actorUserId: null,
      type: 'expiry_warning',
      details: { protectionEndsAt: endsAt.toISOString() },
      at: now,
    })
    if (row.creatorStatus === 'active') {
      await enqueueEmail(tx, {
        to: row.creatorEmail,
        locale: row.creatorLocale,
        template: 'registration-expiring',
        number: row.number,
        prospectName: row.prospectName,
        protectionEndsAt: endsAt,
        url: `${context.origin}/portal/registrations/${row.id}`,
      })
    }
    processed++
  }
  return { claimed: rows.length, processed }
}

const manager = alias(users, 'manager')

/** Pending registrations past the review SLA, not yet escalated: flagged, channel manager told. */
async function escalateBatch(
  tx: Database,
  context: SweepContext & { reviewSlaHours: number; submittedBy: Date },
): Promise<BatchOutcome> {
  const { now, submittedBy } = context
  const rows = await tx
    .select({
      id: registrations.id,
      number: registrations.number,
      status: registrations.status,
      submittedAt: registrations.submittedAt,
      escalatedAt: registrations.escalatedAt,
      partnerName: partners.name,
      managerEmail: manager.email,
      managerLocale: manager.locale,
      managerStatus: manager.status,
    })
    .from(registrations)
    .innerJoin(partners, eq(partners.id, registrations.partnerId))
    .leftJoin(manager, eq(manager.id, partners.channelManagerId))
    .where(
      and(
        eq(registrations.status, 'pending'),
        isNull(registrations.escalatedAt),
        lte(registrations.submittedAt, submittedBy),
      ),
    )
    .orderBy(asc(registrations.submittedAt))
    .limit(context.batchSize)
    .for('update', { of: registrations, skipLocked: true })

  let processed = 0
  for (const row of rows) {
    if (row.status !== 'pending' || row.escalatedAt || row.submittedAt > submittedBy) continue
    const hoursPending = Math.floor((now.getTime() - row.submittedAt.getTime()) / HOUR_MS)
    await tx.update(registrations).set({ escalatedAt: now }).where(eq(registrations.id, row.id))
    await recordRegistrationEvent(tx, {
      registrationId: row.id,
      actorUserId: null,
      type: 'escalated',
      rule: 'review_sla',
      details: { hoursPending, reviewSlaHours: context.reviewSlaHours },
      at: now,
    })
    if (row.managerEmail && row.managerStatus === 'active') {
      await enqueueEmail(tx, {
        to: row.managerEmail,
        locale: row.managerLocale,
        template: 'registration-escalated',
        number: row.number,
        partnerName: row.partnerName,
        hoursPending,
        url: `${context.origin}/admin/registrations/${row.id}`,
      })
    }
    processed++
  }
  return { claimed: rows.length, processed }
}
