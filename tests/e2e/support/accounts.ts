import path from 'node:path'
import { buildSeedData, DEMO_PASSWORD } from '../../../db/seed-data'
import { authDir } from './env'

export { DEMO_PASSWORD }

export const seed = buildSeedData()

/** Partner ids are stable across re-seeds (name-based UUIDs). */
export const partnerIds = {
  eastbridge: '4ce345b8-55f4-4921-8b1b-e327a96c0501',
  pearlRiver: 'dc3502ab-97ad-488e-9edc-b8db9931058f',
} as const

export type SignedInRole = 'partner_user' | 'partner_admin' | 'channel_manager' | 'admin'
export type Role = 'anonymous' | SignedInRole
export const signedInRoles: readonly SignedInRole[] = [
  'partner_user',
  'partner_admin',
  'channel_manager',
  'admin',
]
export const allRoles: readonly Role[] = ['anonymous', ...signedInRoles]

export type Account = { email: string; password: string; name: string; home: string }

function seedUser(email: string) {
  const user = [...seed.staff, ...seed.partnerUsers].find((u) => u.email === email)
  if (!user) throw new Error(`No demo user ${email}`)
  return user
}

function account(email: string): Account {
  const user = seedUser(email)
  const home = user.role === 'admin' || user.role === 'channel_manager' ? '/admin' : '/portal'
  return { email, password: DEMO_PASSWORD, name: user.name, home }
}

/**
 * One signed-in browser state per role, shared read-only by many tests (tests/e2e/auth.setup.ts).
 * Tests must not change these accounts (password, locale, status, sessions); journeys that do
 * use an account of their own from `reserved` below.
 */
export const roleAccounts: Record<SignedInRole, Account> = {
  admin: account('admin@hengtai.example'),
  channel_manager: account('manager.li@hengtai.example'),
  partner_admin: account('admin@eastbridge.example'),
  partner_user: account('sales@eastbridge.example'),
}

export function storageStateFor(role: SignedInRole): string {
  return path.join(authDir, `${role}.json`)
}

/**
 * Accounts that exactly one test file may use, because the test changes them or depends on a
 * counter of theirs (failed sign-ins, password, locale). Generated demo users are named by e-mail;
 * account() fails loudly if the seed stops producing them.
 */
export const reserved = {
  /** sign-in-protection.spec.ts: five wrong passwords. */
  throttled: account('sales@pearlriver.example'),
  /** sign-in-protection.spec.ts: refused because the partner is suspended. */
  suspended: account('admin@suspended.example'),
  /** cross-partner.spec.ts: Pearl River's admin and user, whom Eastbridge must not touch. */
  pearlRiverAdmin: account('admin@pearlriver.example'),
  /** password-reset.spec.ts: resets the password (English UI, Lion City Automation). */
  passwordReset: account('kelvin.tan@lioncity-auto.example'),
  /** language.spec.ts: switches the UI language, which is saved on the profile (Northstar). */
  language: account('jie.chen@northstar-tj.example'),
  /** access-matrix.spec.ts: gets a reset link (never used) so the matrix can open a valid one. */
  matrixReset: account('lei.lin@shenhang.example'),
}

/** A seeded user's id (stable across re-seeds). */
export function userIdOf(email: string): string {
  return seedUser(email).id
}
