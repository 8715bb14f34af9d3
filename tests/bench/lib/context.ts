import { base, en, Faker, zh_CN } from '@faker-js/faker'
import type { Sql } from 'postgres'
import type { Scale } from '../bench-config'

/** Fixed seed: the same scale always produces the same rows (timestamps are relative to now). */
export const GENERATOR_SEED = 20_261_125

export type GeneratedUser = {
  id: string
  email: string
  role: 'partner_user' | 'partner_admin' | 'channel_manager' | 'admin'
  partnerId: string | null
  createdAt: Date
}

export type GeneratedPartner = {
  id: string
  code: string
  status: 'active' | 'suspended'
  channelManagerId: string
  /** Mainland partners get Chinese names and zh-CN users; the rest English. */
  language: 'zh' | 'en'
  createdAt: Date
  /** Filled by the users step: the partner admin acts in the partner's audit trail. */
  adminUserId?: string
}

/** What earlier steps made and later steps refer to (ids, so no step reads back from the database). */
export type GeneratedState = {
  regionCodes: string[]
  staff: GeneratedUser[]
  partners: GeneratedPartner[]
  partnerUsers: GeneratedUser[]
}

export type GenerateContext = {
  sql: Sql
  scale: Scale
  /** Reference instant: every generated timestamp is an offset back from it. */
  now: Date
  /** argon2id hash of BENCH_PASSWORD, computed once. */
  passwordHash: string
  state: GeneratedState
  /** A faker (English) seeded from the step's name, so adding a step never changes another's rows. */
  fakerFor: (stepName: string) => Faker
  /** The same, with Simplified Chinese data (partner and person names). */
  zhFakerFor: (stepName: string) => Faker
}

/** Rows written, by table. */
export type RowCounts = Record<string, number>

/**
 * One table (or a few tightly linked ones). Steps run in list order; each returns the rows it
 * wrote so the generator can print timings. Later work adds registrations, SKUs, order lines…
 * as further steps.
 */
export type GenerateStep = {
  name: string
  run: (ctx: GenerateContext) => Promise<RowCounts>
}

function seedFor(stepName: string): number {
  let h = GENERATOR_SEED
  for (let i = 0; i < stepName.length; i++) h = Math.imul(h ^ stepName.charCodeAt(i), 0x5bd1e995)
  return h >>> 0
}

export function createFakers() {
  return {
    fakerFor: (stepName: string) => new Faker({ locale: [en, base], seed: seedFor(stepName) }),
    zhFakerFor: (stepName: string) =>
      new Faker({ locale: [zh_CN, en, base], seed: seedFor(`${stepName}:zh`) }),
  }
}

export const DAY_MS = 24 * 60 * 60 * 1000

/** A random instant between `from` and `to`. */
export function between(faker: Faker, from: Date, to: Date): Date {
  return new Date(
    faker.number.int({ min: from.getTime(), max: Math.max(from.getTime(), to.getTime()) }),
  )
}

/** Lower-case ASCII letters only: for e-mail local parts and domains. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
}
