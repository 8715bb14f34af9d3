import { and, eq, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partnerTargets } from '#db/schema/contribution'
import { partners } from '#db/schema/partners'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { AppError } from '#app/utils/app-error'
import type { TargetInput } from './target-rules'

export type SetPartnerTargetOptions = {
  actor: { id: string; email: string }
  input: TargetInput
  currency?: string
  ip?: string | null
}

/**
 * Sets (creates or replaces) one partner's target for a quarter or year, with an audit row of
 * what it was before, in one transaction.
 */
export async function setPartnerTarget(
  db: Database,
  options: SetPartnerTargetOptions,
): Promise<void> {
  const { input } = options
  await db.transaction(async (tx) => {
    const [partner] = await tx
      .select({ id: partners.id })
      .from(partners)
      .where(eq(partners.id, input.partnerId))
      .for('share')
    if (!partner) {
      throw new AppError('not_found', {
        userMessage: 'contribution:targets.errors.partner',
        field: 'partnerId',
      })
    }
    const [before] = await tx
      .select()
      .from(partnerTargets)
      .where(
        and(
          eq(partnerTargets.partnerId, input.partnerId),
          eq(partnerTargets.periodKind, input.kind),
          eq(partnerTargets.periodStart, input.periodStart),
        ),
      )
      .for('update')
    await writeTarget(tx, {
      partnerId: input.partnerId,
      kind: input.kind,
      periodStart: input.periodStart,
      revenueTargetMinor: input.revenueTargetMinor,
      registrationsTarget: input.registrationsTarget,
      currency: options.currency ?? 'CNY',
      actorId: options.actor.id,
    })
    await recordAudit(tx, {
      actor: options.actor,
      action: 'partner_target.set',
      entityType: 'partner_target',
      entityId: `${input.partnerId}:${input.kind}:${input.periodStart}`,
      partnerId: input.partnerId,
      before: before
        ? {
            period: `${input.kind}:${input.periodStart}`,
            revenueTargetMinor: before.revenueTargetMinor,
            registrationsTarget: before.registrationsTarget,
          }
        : null,
      after: {
        period: `${input.kind}:${input.periodStart}`,
        revenueTargetMinor: input.revenueTargetMinor,
        registrationsTarget: input.registrationsTarget,
      },
      ip: options.ip,
    })
  })
}

/** Insert or update on the (partner, kind, start) key. */
export async function writeTarget(
  db: Database,
  values: {
    partnerId: string
    kind: 'quarter' | 'year'
    periodStart: string
    revenueTargetMinor: number
    registrationsTarget: number
    currency: string
    actorId: string
  },
): Promise<void> {
  await db
    .insert(partnerTargets)
    .values({
      partnerId: values.partnerId,
      periodKind: values.kind,
      periodStart: values.periodStart,
      revenueTargetMinor: values.revenueTargetMinor,
      registrationsTarget: values.registrationsTarget,
      currency: values.currency,
      updatedById: values.actorId,
    })
    .onConflictDoUpdate({
      target: [partnerTargets.partnerId, partnerTargets.periodKind, partnerTargets.periodStart],
      set: {
        revenueTargetMinor: sql`excluded.revenue_target_minor`,
        registrationsTarget: sql`excluded.registrations_target`,
        currency: sql`excluded.currency`,
        updatedById: values.actorId,
        updatedAt: new Date(),
      },
    })
}
