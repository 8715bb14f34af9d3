import { describe, expect, test } from 'vitest'
import {
  AcceptInvitationForm,
  canInvite,
  canManageUser,
  invitableRoles,
  InviteUserForm,
  invitationStatusOf,
  type UserActor,
} from '#app/modules/users/user-rules'
import type { Role } from '#app/utils/permissions'

const own = '11111111-1111-4111-8111-111111111111'
const other = '22222222-2222-4222-8222-222222222222'

const actors: Record<string, UserActor> = {
  partnerUser: { id: 'pu', role: 'partner_user', partnerId: own },
  partnerAdmin: { id: 'pa', role: 'partner_admin', partnerId: own },
  manager: { id: 'cm', role: 'channel_manager', partnerId: null },
  admin: { id: 'ad', role: 'admin', partnerId: null },
}

describe('invitableRoles', () => {
  test.each([
    ['partnerUser', own, []],
    ['partnerAdmin', own, ['partner_user', 'partner_admin']],
    ['partnerAdmin', other, []],
    ['partnerAdmin', null, []],
    ['manager', other, ['partner_user', 'partner_admin']],
    ['manager', null, []],
    ['admin', own, ['partner_user', 'partner_admin']],
    ['admin', null, ['channel_manager', 'admin']],
  ] as const)('%s inviting into %s may give %j', (actor, partnerId, expected) => {
    expect(invitableRoles(actors[actor], partnerId)).toEqual(expected)
  })

  test('a role never crosses the vendor/partner line', () => {
    expect(canInvite(actors.admin, { role: 'admin', partnerId: own })).toBe(false)
    expect(canInvite(actors.admin, { role: 'partner_user', partnerId: null })).toBe(false)
    expect(canInvite(actors.admin, { role: 'channel_manager', partnerId: null })).toBe(true)
  })
})

describe('canManageUser', () => {
  const target = (id: string, role: Role, partnerId: string | null) => ({ id, role, partnerId })
  test.each([
    ['partnerAdmin', target('x', 'partner_user', own), true],
    ['partnerAdmin', target('x', 'partner_admin', own), true],
    ['partnerAdmin', target('pa', 'partner_admin', own), false],
    ['partnerAdmin', target('x', 'partner_user', other), false],
    ['partnerAdmin', target('x', 'channel_manager', null), false],
    ['partnerUser', target('x', 'partner_user', own), false],
    ['manager', target('x', 'partner_admin', other), true],
    ['manager', target('x', 'channel_manager', null), false],
    ['admin', target('x', 'channel_manager', null), true],
    ['admin', target('x', 'admin', null), true],
    ['admin', target('ad', 'admin', null), false],
  ] as const)('%s on %j → %s', (actor, user, expected) => {
    expect(canManageUser(actors[actor], user)).toBe(expected)
  })
})

describe('invitationStatusOf', () => {
  const now = new Date('2026-05-01T12:00:00Z')
  const later = new Date('2026-05-02T12:00:00Z')
  const earlier = new Date('2026-04-30T12:00:00Z')
  test.each([
    ['no row', null, 'unknown'],
    ['open, not yet expired', { acceptedAt: null, revokedAt: null, expiresAt: later }, 'valid'],
    ['expiring exactly now', { acceptedAt: null, revokedAt: null, expiresAt: now }, 'expired'],
    ['past expiry', { acceptedAt: null, revokedAt: null, expiresAt: earlier }, 'expired'],
    ['revoked', { acceptedAt: null, revokedAt: earlier, expiresAt: later }, 'revoked'],
    [
      'accepted, later expired',
      { acceptedAt: earlier, revokedAt: null, expiresAt: earlier },
      'used',
    ],
  ] as const)('%s → %s', (_label, invitation, expected) => {
    expect(invitationStatusOf(invitation, now)).toBe(expected)
  })
})

describe('forms', () => {
  test('InviteUserForm normalises the e-mail and refuses unknown roles', () => {
    expect(
      InviteUserForm.safeParse({
        email: ' Li.Na@Example.COM ',
        name: ' Li Na ',
        role: 'partner_user',
      }),
    ).toMatchObject({ success: true, data: { email: 'li.na@example.com', name: 'Li Na' } })
    const bad = InviteUserForm.safeParse({ email: 'nope', name: '', role: 'owner' })
    expect(bad.success).toBe(false)
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join('.'), i.message]))
    expect(messages).toEqual({
      email: 'validation:email',
      name: 'validation:required',
      role: 'validation:invalidChoice',
    })
  })

  test('AcceptInvitationForm wants a strong password typed twice', () => {
    const ok = { name: 'Li Na', password: 'Portal-2026-x', confirmPassword: 'Portal-2026-x' }
    expect(AcceptInvitationForm.safeParse(ok).success).toBe(true)
    const issue = (value: object) => AcceptInvitationForm.safeParse(value).error?.issues[0]
    expect(issue({ ...ok, confirmPassword: 'Portal-2026-y' })).toMatchObject({
      path: ['confirmPassword'],
      message: 'validation:passwordMismatch',
    })
    expect(issue({ ...ok, password: 'short1', confirmPassword: 'short1' })?.message).toBe(
      'validation:passwordTooShort',
    )
    expect(
      issue({ ...ok, password: 'onlyletters-here', confirmPassword: 'onlyletters-here' })?.message,
    ).toBe('validation:passwordWeak')
  })
})
