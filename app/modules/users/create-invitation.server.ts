import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import type { Database } from '#db/client.server'
import { partners } from '#db/schema/partners'
import { invitations, users } from '#db/schema/users'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { invitationLifetimeDays, normaliseEmail } from '#app/modules/auth/auth-rules'
import type { CurrentUser } from '#app/modules/auth/session.server'
import { createToken } from '#app/modules/auth/tokens.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { AppError } from '#app/utils/app-error'
import { createI18n, defaultLocale } from '#app/utils/i18n'
import { isUuid } from '#app/utils/ids'
import { hasPermission, type Role } from '#app/utils/permissions'
import { canInvite, isInActorScope } from './user-rules'

export type CreateInvitationOptions = {
  actor: CurrentUser
  email: string
  name: string
  role: Role
  /** The organisation: a partner's id, or null for vendor staff. Routes take it from the actor or the URL, never from a form field. */
  partnerId: string | null
  /** Public origin for the link in the e-mail, e.g. https://portal.example.com. */
  origin: string
  ip?: string | null
}

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Invites someone by e-mail: stores the hash of a single-use token, and in the same transaction
 * the audit row and the e-mail carrying the link. A newer invitation for the same e-mail and
 * organisation revokes the earlier pending one, so only the latest link works.
 */
export async function createInvitation(
  db: Database,
  options: CreateInvitationOptions,
): Promise<{ invitationId: string }> {
  const { actor, role, partnerId } = options
  const email = normaliseEmail(options.email)
  const name = options.name.trim()

  if (
    !hasPermission(actor.role, 'manage:user:own') &&
    !hasPermission(actor.role, 'manage:user:any')
  ) {
    throw new AppError('forbidden', { userMessage: 'errors:forbidden.title' })
  }
  // Another partner is "not found" to a partner admin; the role check below covers vendor staff.
  if (partnerId !== null && (!isUuid(partnerId) || !isInActorScope(actor, partnerId))) {
    throw notFound()
  }
  if (!canInvite(actor, { role, partnerId })) {
    throw new AppError('forbidden', { userMessage: 'users:errors.roleNotAllowed', field: 'role' })
  }

  const organisation =
    partnerId === null ? vendorOrganisationName() : (await loadPartner(db, partnerId)).name
  await assertEmailFree(db, email)

  const { token, tokenHash } = createToken()
  const now = new Date()
  const expiresAt = new Date(now.getTime() + invitationLifetimeDays * DAY_MS)

  return db.transaction(async (tx) => {
    // Serialises invitations for one e-mail so two at once cannot both stay pending.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`invitation:${email}`}))`)
    if (partnerId !== null) await loadPartner(tx, partnerId, { lock: true })
    await assertEmailFree(tx, email)

    const superseded = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.email, email),
          partnerId === null ? isNull(invitations.partnerId) : eq(invitations.partnerId, partnerId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      )
      .returning({ id: invitations.id })
    for (const earlier of superseded) {
      await recordAudit(tx, {
        actor,
        action: 'invitation.revoked',
        entityType: 'invitation',
        entityId: earlier.id,
        partnerId,
        before: { revokedAt: null },
        after: { revokedAt: now, reason: 'superseded by a new invitation' },
        ip: options.ip,
      })
    }

    const [invitation] = await tx
      .insert(invitations)
      .values({ tokenHash, email, name, role, partnerId, invitedById: actor.id, expiresAt })
      .returning({ id: invitations.id })
    await recordAudit(tx, {
      actor,
      action: 'invitation.created',
      entityType: 'invitation',
      entityId: invitation.id,
      partnerId,
      after: { email, name, role, partnerId, expiresAt },
      ip: options.ip,
    })
    await enqueueEmail(tx, {
      to: email,
      locale: null,
      template: 'invitation',
      inviteUrl: `${options.origin.replace(/\/+$/, '')}/invite/${token}`,
      inviterName: actor.name,
      organisation,
      expiresAt,
    })
    return { invitationId: invitation.id }
  })
}

function notFound() {
  return new AppError('not_found', { userMessage: 'errors:notFound.title' })
}

/** How the e-mail names the vendor's own organisation (it is written in the default language). */
function vendorOrganisationName(): string {
  return createI18n(defaultLocale).t('users:vendorOrganisation')
}

async function loadPartner(db: Database, partnerId: string, { lock = false } = {}) {
  const query = db
    .select({ id: partners.id, name: partners.name, status: partners.status })
    .from(partners)
    .where(eq(partners.id, partnerId))
    .limit(1)
  // FOR SHARE blocks a concurrent suspension until this invitation is committed.
  const [partner] = lock ? await query.for('share') : await query
  if (!partner) throw notFound()
  if (partner.status !== 'active') {
    throw new AppError('conflict', { userMessage: 'users:errors.partnerSuspended' })
  }
  return partner
}

/** Accounts are unique by e-mail; a disabled one would block the invitee's sign-up too. */
async function assertEmailFree(db: Database, email: string) {
  const [existing] = await db
    .select({ status: users.status })
    .from(users)
    .where(eq(users.email, email))
    .limit(1)
  if (!existing) return
  throw new AppError('conflict', {
    userMessage:
      existing.status === 'active' ? 'users:errors.emailTaken' : 'users:errors.emailDisabled',
    field: 'email',
  })
}
