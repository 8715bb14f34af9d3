import { copyRows, type CopyValue } from '../lib/copy'
import { between, type GenerateStep } from '../lib/context'

type Actor = { id: string; email: string }

/**
 * The audit trail: each partner's creation plus a mix of partner, user and invitation changes by
 * its admin or its channel manager, spread over the partner's lifetime and written in time order
 * (as the app appends them).
 */
export const auditStep: GenerateStep = {
  name: 'audit log',
  async run(ctx) {
    const faker = ctx.fakerFor('audit log')
    const [minEvents, maxEvents] = ctx.scale.auditPerPartner
    const staffById = new Map(ctx.state.staff.map((u) => [u.id, u]))
    const admin = ctx.state.staff.find((u) => u.role === 'admin')!
    const usersByPartner = new Map<string, Actor[]>()
    for (const u of ctx.state.partnerUsers) {
      const list = usersByPartner.get(u.partnerId!) ?? []
      list.push(u)
      usersByPartner.set(u.partnerId!, list)
    }
    const ip = () => faker.helpers.maybe(() => faker.internet.ipv4(), { probability: 0.8 }) ?? null
    const rows: CopyValue[][] = []

    for (const partner of ctx.state.partners) {
      const manager = staffById.get(partner.channelManagerId)!
      const members = usersByPartner.get(partner.id) ?? []
      const partnerAdmin = members.find((u) => u.id === partner.adminUserId) ?? manager
      const row = (
        actor: Actor,
        action: string,
        entityType: string,
        entityId: string,
        before: object | null,
        after: object | null,
        at: Date,
      ) =>
        rows.push([
          actor.id,
          actor.email,
          partner.id,
          action,
          entityType,
          entityId,
          before,
          after,
          ip(),
          at,
        ])

      row(
        admin,
        'partner.created',
        'partner',
        partner.id,
        null,
        { code: partner.code },
        partner.createdAt,
      )
      const count = faker.number.int({ min: minEvents, max: maxEvents }) - 1
      for (let i = 0; i < count; i++) {
        const at = between(faker, partner.createdAt, ctx.now)
        const member = faker.helpers.arrayElement(members)
        const byAdminOrManager = faker.datatype.boolean(0.6) ? partnerAdmin : manager
        switch (
          faker.helpers.weightedArrayElement([
            { weight: 25, value: 'invitation.created' },
            { weight: 5, value: 'invitation.revoked' },
            { weight: 20, value: 'user.updated' },
            { weight: 5, value: 'user.disabled' },
            { weight: 15, value: 'user.password_reset_requested' },
            { weight: 20, value: 'partner.updated' },
            { weight: 10, value: 'partner.territory_updated' },
          ] as const)
        ) {
          case 'invitation.created':
            row(
              byAdminOrManager,
              'invitation.created',
              'invitation',
              faker.string.uuid(),
              null,
              { email: faker.internet.email().toLowerCase(), role: 'partner_user' },
              at,
            )
            break
          case 'invitation.revoked':
            row(
              byAdminOrManager,
              'invitation.revoked',
              'invitation',
              faker.string.uuid(),
              { revokedAt: null },
              { revokedAt: at.toISOString() },
              at,
            )
            break
          case 'user.updated':
            row(
              byAdminOrManager,
              'user.updated',
              'user',
              member.id,
              { role: 'partner_user' },
              { role: 'partner_admin' },
              at,
            )
            break
          case 'user.disabled':
            row(
              byAdminOrManager,
              'user.disabled',
              'user',
              member.id,
              { status: 'active' },
              { status: 'disabled' },
              at,
            )
            break
          case 'user.password_reset_requested':
            row(member, 'user.password_reset_requested', 'user', member.id, null, null, at)
            break
          case 'partner.updated':
            row(
              manager,
              'partner.updated',
              'partner',
              partner.id,
              { creditLimitMinor: faker.number.int({ max: 100 }) * 100_000_00 },
              { creditLimitMinor: faker.number.int({ max: 100 }) * 100_000_00 },
              at,
            )
            break
          case 'partner.territory_updated':
            row(
              manager,
              'partner.territory_updated',
              'partner',
              partner.id,
              { regions: faker.helpers.arrayElements(ctx.state.regionCodes, 1) },
              { regions: faker.helpers.arrayElements(ctx.state.regionCodes, 2) },
              at,
            )
            break
        }
      }
      if (partner.status === 'suspended') {
        row(
          admin,
          'partner.suspended',
          'partner',
          partner.id,
          { status: 'active' },
          { status: 'suspended' },
          between(faker, partner.createdAt, ctx.now),
        )
      }
    }
    rows.sort((a, b) => (a[9] as Date).getTime() - (b[9] as Date).getTime())

    return {
      audit_log: await copyRows(
        ctx.sql,
        'audit_log',
        [
          'actor_user_id',
          'actor_email',
          'partner_id',
          'action',
          'entity_type',
          'entity_id',
          'before',
          'after',
          'ip',
          'created_at',
        ],
        rows,
      ),
    }
  },
}
