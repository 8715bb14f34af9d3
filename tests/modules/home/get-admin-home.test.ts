import { describe, expect, test } from 'vitest'
import { recordAudit } from '#app/modules/audit/record-audit.server'
import { getAdminHome } from '#app/modules/home/get-admin-home.server'
import { enqueueEmail } from '#app/modules/notifications/enqueue-email.server'
import { createToken } from '#app/modules/auth/tokens.server'
import { eq } from 'drizzle-orm'
import { emailOutbox } from '#db/schema/outbox'
import { invitations } from '#db/schema/users'
import { createPartner, createUser, createVendorStaff } from '#tests/factories/index'
import { createTestDatabase } from '#tests/setup/database'

const day = 24 * 60 * 60 * 1000

describe('getAdminHome', () => {
  test('counts equal the hand-counted fixtures', async () => {
    const fresh = await createTestDatabase()
    try {
      const db = fresh.db
      const li = await createVendorStaff(db, { name: 'Li Na' })
      const chen = await createVendorStaff(db, { name: 'Chen Wei' })
      const admin = await createVendorStaff(db, { role: 'admin' })

      // Partners: 4 active (2 gold, 1 platinum, 1 registered) and 2 suspended (silver, gold).
      const zeta = await createPartner(db, {
        name: 'Zeta Controls',
        tier: 'gold',
        channelManagerId: li.id,
      })
      await createPartner(db, {
        name: 'Alpha Drives',
        tier: 'gold',
        channelManagerId: li.id,
      })
      const halted = await createPartner(db, {
        name: 'Halted Supply',
        tier: 'silver',
        status: 'suspended',
        channelManagerId: li.id,
      })
      const plat = await createPartner(db, { tier: 'platinum', channelManagerId: chen.id })
      await createPartner(db, { tier: 'registered' })
      await createPartner(db, { tier: 'gold', status: 'suspended' })

      // Partner users: 3 active, 1 disabled; vendor staff are not partner users.
      await createUser(db, { partnerId: zeta.id, role: 'partner_admin' })
      await createUser(db, { partnerId: zeta.id })
      await createUser(db, { partnerId: halted.id })
      await createUser(db, { partnerId: plat.id, status: 'disabled' })

      // Invitations: 2 pending, 1 accepted, 1 revoked, 1 expired.
      const invite = (overrides: Partial<typeof invitations.$inferInsert>) =>
        db.insert(invitations).values({
          tokenHash: createToken().tokenHash,
          email: `invitee-${Math.random().toString(36).slice(2)}@example.test`,
          name: 'Invitee',
          role: 'partner_user',
          partnerId: zeta.id,
          invitedById: admin.id,
          expiresAt: new Date(Date.now() + 7 * day),
          ...overrides,
        })
      await invite({})
      await invite({ role: 'channel_manager', partnerId: null })
      await invite({ acceptedAt: new Date() })
      await invite({ revokedAt: new Date() })
      await invite({ expiresAt: new Date(Date.now() - day) })

      // Outbox: 2 pending, 1 sent, 1 failed.
      for (const to of ['a@example.test', 'b@example.test', 'c@example.test', 'd@example.test']) {
        await enqueueEmail(db, { to, locale: 'en', template: 'password-changed', name: 'X' })
      }
      await db
        .update(emailOutbox)
        .set({ status: 'sent' })
        .where(eq(emailOutbox.toEmail, 'c@example.test'))
      await db
        .update(emailOutbox)
        .set({ status: 'failed' })
        .where(eq(emailOutbox.toEmail, 'd@example.test'))

      const home = await getAdminHome(db, { actor: { id: li.id } })
      expect(home.counts).toEqual({
        activePartners: 4,
        suspendedPartners: 2,
        activePartnersByTier: { platinum: 1, gold: 2, silver: 0, registered: 1 },
        activePartnerUsers: 3,
        pendingInvitations: 2,
        outboxPending: 2,
      })
      // Li manages three partners, listed by name; Chen's partner is not among them.
      expect(home.myPartners.total).toBe(3)
      expect(home.myPartners.list.map((p) => p.name)).toEqual([
        'Alpha Drives',
        'Halted Supply',
        'Zeta Controls',
      ])
      expect(home.myPartners.list[1]).toMatchObject({
        id: halted.id,
        status: 'suspended',
        tier: 'silver',
      })

      const short = await getAdminHome(db, { actor: { id: li.id }, myPartnersLimit: 2 })
      expect(short.myPartners).toMatchObject({ total: 3 })
      expect(short.myPartners.list).toHaveLength(2)

      expect((await getAdminHome(db, { actor: { id: admin.id } })).myPartners).toEqual({
        total: 0,
        list: [],
      })
    } finally {
      await fresh.close()
    }
  })

  test('the latest 10 audit events across every partner, newest first, with partner names', async () => {
    const fresh = await createTestDatabase()
    try {
      const db = fresh.db
      const admin = await createVendorStaff(db, { role: 'admin', name: 'Wang Jun' })
      const a = await createPartner(db, { name: 'Partner A' })
      const b = await createPartner(db, { name: 'Partner B' })
      for (let i = 0; i < 12; i++) {
        const partner = i % 2 === 0 ? a : b
        await recordAudit(db, {
          actor: { id: admin.id, email: admin.email },
          action: 'partner.updated',
          entityType: 'partner',
          entityId: partner.id,
          partnerId: partner.id,
          after: { step: i },
        })
      }
      await recordAudit(db, {
        actor: null,
        action: 'user.disabled',
        entityType: 'user',
        entityId: 'u1',
      })

      const home = await getAdminHome(db, { actor: { id: admin.id } })
      expect(home.recentActivity).toHaveLength(10)
      expect(home.recentActivity[0]).toMatchObject({
        action: 'user.disabled',
        actorName: null,
        actorEmail: null,
        partnerId: null,
        partnerName: null,
      })
      expect(home.recentActivity[1]).toMatchObject({
        actorName: 'Wang Jun',
        partnerId: b.id,
        partnerName: 'Partner B',
        entityType: 'partner',
        entityId: b.id,
      })
      const ids = home.recentActivity.map((e) => e.id)
      expect(ids).toEqual([...ids].sort((x, y) => y - x))
      expect(new Set(home.recentActivity.map((e) => e.partnerName))).toEqual(
        new Set([null, 'Partner A', 'Partner B']),
      )
    } finally {
      await fresh.close()
    }
  })
})
