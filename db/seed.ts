/**
 * Demo data: regions, vendor staff, partners with territories and users, a few audit rows, and
 * deal registrations in every status with their history, locks and conflicts, and the catalog
 * (products, stock, prices, price policies; db/seed-catalog.ts).
 *
 *   npm run db:seed          (tsx db/seed.ts; DATABASE_URL or DATA_DIR, default .data/pglite)
 *
 * Seeds only an empty database (no users). All rows go in one transaction, so a failure leaves
 * nothing behind. Ids are stable (name-based UUIDs from seed-data.ts) across re-seeds.
 */
import { eq, sql } from 'drizzle-orm'
import { pathToFileURL } from 'node:url'
import { hashPassword } from '#app/modules/auth/password.server'
import {
  addDays,
  isInTerritory,
  protectionDaysFor,
  todayInShanghai,
} from '#app/modules/deals/deal-rules'
import { getDealSettings } from '#app/modules/deals/get-deal-settings.server'
import { prospectKeysOf } from '#app/modules/deals/prospect-rules'
import { nextRegistrationNumber } from '#app/modules/deals/registration-number.server'
import { openDatabase, type Database } from './client.server'
import { insertDemoCatalog } from './seed-catalog'
import { insertDemoOrders } from './seed-orders'
import { insertDemoContribution } from './seed-contribution'
import { auditLog } from './schema/audit'
import {
  industries,
  productLines,
  registrationConflicts,
  registrationEvents,
  registrationExtensions,
  registrationLocks,
  registrations,
  type DealSettings,
  type NewRegistration,
  type RegistrationStage,
  type RegistrationStatus,
} from './schema/deals'
import { partnerTerritories, partners, regions } from './schema/partners'
import { users, type NewUser } from './schema/users'
import {
  buildSeedData,
  DEMO_PASSWORD,
  demoLogins,
  formatDemoLogins,
  seedIndustryRows,
  seedProductLines,
  type SeedConflict,
  type SeedData,
  type SeedPartner,
  type SeedRegistration,
  type SeedUser,
  stableUuid,
} from './seed-data'

/** Serialises concurrent seeders (several app servers starting at once on one empty database). */
const SEED_LOCK_KEY = 727_002
const DAY_MS = 24 * 60 * 60 * 1000

/** True when the database has no users at all (a fresh install). */
export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const rows = await db.select({ id: users.id }).from(users).limit(1)
  return rows.length === 0
}

/** True when the demo admin exists, i.e. this database holds the demo data (not real users). */
export async function hasDemoData(db: Database): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, demoLogins[0].email))
    .limit(1)
  return rows.length > 0
}

/** Inserts the whole demo data set in one transaction. Fails (changing nothing) if any of it exists. */
export async function seedDemoData(db: Database): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  await db.transaction(async (tx) => {
    await insertDemoData(tx, passwordHash, new Date())
  })
}

/**
 * Seeds when the database has no users; returns whether it did. The emptiness check and the
 * inserts share one transaction under an advisory lock, so concurrent callers seed once.
 */
export async function seedDemoDataIfEmpty(db: Database): Promise<boolean> {
  if (!(await isDatabaseEmpty(db))) return false
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY})`)
    const txDb: Database = tx
    if (!(await isDatabaseEmpty(txDb))) return false
    await insertDemoData(txDb, passwordHash, new Date())
    return true
  })
}

async function insertDemoData(db: Database, passwordHash: string, now: Date): Promise<void> {
  const data = buildSeedData()
  const ago = (days: number, minutes = 0) =>
    new Date(now.getTime() - days * DAY_MS - minutes * 60_000)

  const toRow = (u: SeedUser, partnerId: string | null): NewUser => {
    const createdAt = ago(u.createdDaysAgo)
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      partnerId,
      status: u.status,
      locale: u.locale,
      passwordHash,
      passwordChangedAt: createdAt,
      createdAt,
      updatedAt: createdAt,
    }
  }

  await db.insert(regions).values([...data.regions])
  await db.insert(industries).values([...seedIndustryRows])
  await db.insert(productLines).values(seedProductLines)

  // Vendor staff first: partners reference their channel manager.
  await db.insert(users).values(data.staff.map((u) => toRow(u, null)))
  const userIdByEmail = new Map(data.staff.map((u) => [u.email, u.id]))

  await db.insert(partners).values(
    data.partners.map((p) => {
      const createdAt = ago(p.createdDaysAgo)
      const lastChange = Math.min(p.suspendedDaysAgo ?? Infinity, p.tierChangedDaysAgo ?? Infinity)
      return {
        id: p.id,
        code: p.code,
        name: p.name,
        kind: p.kind,
        tier: p.tier,
        status: p.status,
        creditLimitMinor: p.creditLimitMinor,
        currency: p.currency,
        paymentTermsDays: p.paymentTermsDays,
        channelManagerId: userIdByEmail.get(p.channelManagerEmail)!,
        createdAt,
        updatedAt: Number.isFinite(lastChange) ? ago(lastChange) : createdAt,
      }
    }),
  )
  const partnerIdByCode = new Map(data.partners.map((p) => [p.code, p.id]))

  await db.insert(partnerTerritories).values(
    data.partners.flatMap((p) =>
      p.territories.map((t) => ({
        partnerId: p.id,
        regionCode: t.regionCode,
        industries: [...t.industries],
      })),
    ),
  )

  await db
    .insert(users)
    .values(data.partnerUsers.map((u) => toRow(u, partnerIdByCode.get(u.partnerCode!)!)))

  await db.insert(auditLog).values(
    data.auditEvents.map((e, i) => {
      const partnerId = partnerIdByCode.get(e.partnerCode)!
      return {
        actorUserId: userIdByEmail.get(e.actorEmail)!,
        actorEmail: e.actorEmail,
        partnerId,
        action: e.action,
        entityType: e.entityType,
        entityId: partnerId,
        before: e.before,
        after: e.after,
        // Minutes keep events on the same day in their listed order.
        createdAt: ago(e.daysAgo, -i),
      }
    }),
  )

  await insertDemoRegistrations(db, data, now)
  await insertDemoCatalog(db, data, now)
  await insertDemoOrders(db, data, now)
  await insertDemoContribution(db, data, now)
}

// ---------------------------------------------------------------------------------------------
// Deal registrations

type EventRow = typeof registrationEvents.$inferInsert & { createdAt: Date }
type AuditRow = typeof auditLog.$inferInsert & { createdAt: Date }

/** One registration's row and everything its history left behind. */
type BuiltRegistration = {
  seed: SeedRegistration
  row: Omit<NewRegistration, 'number'>
  prospectKeys: string[]
  locks: { lockedUntil: Date | null; active: boolean }
  events: EventRow[]
  audits: AuditRow[]
  extension: typeof registrationExtensions.$inferInsert | null
  /** Until when it held the prospect (pending: open-ended). */
  heldUntil: Date | null
}

type RegistrationContext = {
  now: Date
  settings: DealSettings
  partner: SeedPartner
  managerId: string
  emailOf: (userId: string | null) => string | null
}

/**
 * The demo registrations, built the way the use cases would have left them: a 'submitted' event
 * first, decisions by the partner's channel manager, stage changes by the creator, the sweeper's
 * escalations, warnings and expiries where the deal settings say they were due, locks active only
 * while pending (open-ended) or approved (until the protection end), conflicts on the holder.
 * Inconsistent seed tables fail loudly here rather than producing impossible data.
 */
async function insertDemoRegistrations(db: Database, data: SeedData, now: Date): Promise<void> {
  const settings = await getDealSettings(db)
  const userIdByEmail = new Map([...data.staff, ...data.partnerUsers].map((u) => [u.email, u.id]))
  const emailByUserId = new Map([...data.staff, ...data.partnerUsers].map((u) => [u.id, u.email]))
  const emailOf = (userId: string | null) => (userId ? (emailByUserId.get(userId) ?? null) : null)
  const partnerByCode = new Map(data.partners.map((p) => [p.code, p]))
  const lineIdByCode = new Map(seedProductLines.map((l) => [l.code, l.id]))

  const built = new Map<string, BuiltRegistration>()
  for (const seed of [...data.registrations].sort(
    (a, b) => b.submittedDaysAgo - a.submittedDaysAgo,
  )) {
    const partner = partnerByCode.get(seed.partnerCode)!
    built.set(
      seed.key,
      buildRegistration(seed, lineIdByCode.get(seed.productLineCode)!, {
        now,
        settings,
        partner,
        managerId: userIdByEmail.get(partner.channelManagerEmail)!,
        emailOf,
      }),
    )
  }

  const conflicts = data.conflicts.map((conflict) => {
    const holder = built.get(conflict.holderKey)!
    const resolverId = conflict.resolved ? userIdByEmail.get(conflict.resolved.byEmail)! : null
    return buildConflict(conflict, holder, { now, resolverId, emailOf })
  })

  const all = [...built.values()]
  const numbered = []
  for (const registration of all) {
    numbered.push({ ...registration.row, number: await nextRegistrationNumber(db) })
  }
  await db.insert(registrations).values(numbered)
  await db.insert(registrationLocks).values(
    all.flatMap((r) =>
      r.prospectKeys.map((prospectKey) => ({
        registrationId: r.row.id!,
        prospectKey,
        productLineId: r.row.productLineId,
        partnerId: r.row.partnerId,
        lockedFrom: r.row.submittedAt!,
        ...r.locks,
      })),
    ),
  )
  const extensions = all.flatMap((r) => (r.extension ? [r.extension] : []))
  if (extensions.length > 0) await db.insert(registrationExtensions).values(extensions)
  await db.insert(registrationConflicts).values(conflicts)

  // In time order, so the history reads right even where two events share a timestamp.
  const byTime = <T extends { createdAt: Date }>(rows: T[]) =>
    rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
  await db.insert(registrationEvents).values(byTime(all.flatMap((r) => r.events)))
  await db.insert(auditLog).values(byTime(all.flatMap((r) => r.audits)))
}

/**
 * When a demo event happened: `daysAgo` before now, moved into office hours in Shanghai on the
 * same calendar day (a stable minute per event) so histories look like people's work. The last
 * few days keep their exact offsets: moving those could change what is overdue right now.
 */
function demoTime(now: Date, daysAgo: number, eventKey: string): Date {
  const exact = new Date(now.getTime() - daysAgo * DAY_MS)
  if (daysAgo < 4) return exact
  const minute = parseInt(stableUuid(`event-time:${eventKey}`).slice(0, 8), 16) % (9 * 60)
  const shanghaiMidnight = Date.parse(`${todayInShanghai(exact)}T00:00:00+08:00`)
  return new Date(shanghaiMidnight + (9 * 60 + minute) * 60_000)
}

function buildRegistration(
  seed: SeedRegistration,
  productLineId: string,
  context: RegistrationContext,
): BuiltRegistration {
  const { now, settings, partner, managerId } = context
  const fail = (problem: string): never => {
    throw new Error(`seed registration ${seed.key}: ${problem}`)
  }
  const at = (daysAgo: number) => demoTime(now, daysAgo, `${seed.key}:${daysAgo}`)
  const prospectKeys = prospectKeysOf({
    taxId: seed.prospectTaxId,
    domain: seed.prospectDomain,
    companyName: seed.prospectName,
  }).map((k) => k.key)
  if (prospectKeys.length === 0) fail('no prospect key')
  if (seed.prospectTaxId && !prospectKeys[0]!.startsWith('tax:')) fail('invalid tax ID')
  if (seed.prospectDomain && !prospectKeys.some((k) => k.startsWith('domain:')))
    fail('invalid domain')

  const events: EventRow[] = []
  const audits: AuditRow[] = []
  const creator = { id: seed.creatorId, email: seed.creatorEmail }
  const manager = { id: managerId, email: context.emailOf(managerId) }
  const record = (
    event: Omit<EventRow, 'registrationId'>,
    audit?: {
      actor: { id: string; email: string | null } | null
      action: string
      before?: unknown
      after?: unknown
    },
  ) => {
    events.push({ registrationId: seed.id, ...event })
    if (audit) {
      audits.push({
        actorUserId: audit.actor?.id ?? null,
        actorEmail: audit.actor?.email ?? null,
        partnerId: partner.id,
        action: audit.action,
        entityType: 'registration',
        entityId: seed.id,
        before: audit.before ?? null,
        after: audit.after ?? null,
        createdAt: event.createdAt,
      })
    }
  }

  const submittedAt = at(seed.submittedDaysAgo)
  const outsideTerritory = !isInTerritory(partner.territories, seed.regionCode, seed.industry)
  record(
    {
      actorUserId: creator.id,
      type: 'submitted',
      toStatus: 'pending',
      toStage: 'registered',
      rule: 'time_priority',
      details: outsideTerritory ? { outsideTerritory: true } : null,
      createdAt: submittedAt,
    },
    {
      actor: creator,
      action: 'registration.submitted',
      after: {
        prospectName: seed.prospectName,
        productLineId,
        status: 'pending',
        estimatedValueMinor: seed.estimatedValueMinor,
        currency: seed.currency,
      },
    },
  )

  const closeAt = seed.close ? at(seed.close.daysAgo) : null
  const decidedAt =
    seed.approvedDaysAgo !== null
      ? at(seed.approvedDaysAgo)
      : seed.rejected
        ? at(seed.rejected.daysAgo)
        : null
  // The sweeper escalates a registration still pending when the review SLA has passed.
  const reviewDueAt = new Date(submittedAt.getTime() + settings.reviewSlaHours * 3_600_000)
  const pendingUntil = decidedAt ?? closeAt ?? now
  if (pendingUntil <= submittedAt) fail('decided before it was submitted')
  const escalatedAt = reviewDueAt <= pendingUntil ? reviewDueAt : null
  if (escalatedAt) {
    record({
      actorUserId: null,
      type: 'escalated',
      rule: 'review_sla',
      details: { hoursPending: settings.reviewSlaHours, reviewSlaHours: settings.reviewSlaHours },
      createdAt: escalatedAt,
    })
  }

  let status: RegistrationStatus = 'pending'
  let stage: RegistrationStage = 'registered'
  let protectionEndsAt: Date | null = null
  let expiryWarnedAt: Date | null = null
  let extensionsUsed = 0
  let closedAt: Date | null = null
  let extension: BuiltRegistration['extension'] = null
  let heldUntil: Date | null = null

  if (seed.rejected) {
    if (seed.approvedDaysAgo !== null || seed.close)
      fail('rejected registrations have no later history')
    status = 'rejected'
    heldUntil = decidedAt
    record(
      {
        actorUserId: manager.id,
        type: 'rejected',
        fromStatus: 'pending',
        toStatus: 'rejected',
        rule: 'manager_review',
        reason: seed.rejected.reason,
        createdAt: decidedAt!,
      },
      {
        actor: manager,
        action: 'registration.rejected',
        before: { status: 'pending' },
        after: { status: 'rejected', reason: seed.rejected.reason },
      },
    )
  } else if (decidedAt) {
    const protectionDays = protectionDaysFor(partner.tier, settings)
    protectionEndsAt = addDays(decidedAt, protectionDays)
    status = 'approved'
    record(
      {
        actorUserId: manager.id,
        type: 'approved',
        fromStatus: 'pending',
        toStatus: 'approved',
        rule: 'manager_review',
        details: { protectionDays, protectionEndsAt: protectionEndsAt.toISOString() },
        createdAt: decidedAt,
      },
      {
        actor: manager,
        action: 'registration.approved',
        before: { status: 'pending', protectionEndsAt: null },
        after: { status: 'approved', protectionEndsAt },
      },
    )

    // The sweeper's one warning per protection end, from expiryWarningDays before it.
    let warnableFrom = decidedAt
    const warnBefore = (until: Date) => {
      if (settings.expiryWarningDays <= 0 || expiryWarnedAt) return
      const dueAt = new Date(
        Math.max(
          addDays(protectionEndsAt!, -settings.expiryWarningDays).getTime(),
          warnableFrom.getTime(),
        ),
      )
      if (dueAt >= until || dueAt >= protectionEndsAt!) return
      expiryWarnedAt = dueAt
      record({
        actorUserId: null,
        type: 'expiry_warning',
        details: { protectionEndsAt: protectionEndsAt!.toISOString() },
        createdAt: dueAt,
      })
    }

    if (seed.extension) {
      const requestedAt = at(seed.extension.requestedDaysAgo)
      const extendedAt = at(seed.extension.decidedDaysAgo)
      if (
        requestedAt <= decidedAt ||
        requestedAt >= protectionEndsAt ||
        extendedAt <= requestedAt
      ) {
        fail('an extension is requested while protected and decided after')
      }
      warnBefore(extendedAt)
      const fromEndsAt = protectionEndsAt
      protectionEndsAt = addDays(protectionEndsAt, settings.extensionDays)
      extensionsUsed = 1
      expiryWarnedAt = null
      warnableFrom = extendedAt
      extension = {
        id: seed.extension.id,
        registrationId: seed.id,
        requestedById: creator.id,
        progressNote: seed.extension.progressNote,
        days: settings.extensionDays,
        status: 'approved',
        decidedById: manager.id,
        decidedAt: extendedAt,
        createdAt: requestedAt,
      }
      record(
        {
          actorUserId: creator.id,
          type: 'extension_requested',
          rule: 'holder_action',
          reason: seed.extension.progressNote,
          details: { days: settings.extensionDays, extensionId: seed.extension.id },
          createdAt: requestedAt,
        },
        {
          actor: creator,
          action: 'registration.extension_requested',
          after: { extensionId: seed.extension.id, days: settings.extensionDays },
        },
      )
      record(
        {
          actorUserId: manager.id,
          type: 'extension_approved',
          rule: 'manager_review',
          details: {
            extensionId: seed.extension.id,
            days: settings.extensionDays,
            fromEndsAt: fromEndsAt.toISOString(),
            toEndsAt: protectionEndsAt.toISOString(),
          },
          createdAt: extendedAt,
        },
        {
          actor: manager,
          action: 'registration.extension_approved',
          before: { protectionEndsAt: fromEndsAt, extensionsUsed: 0 },
          after: { protectionEndsAt, extensionsUsed: 1, extensionId: seed.extension.id },
        },
      )
    }

    const openUntil = closeAt ?? (protectionEndsAt < now ? protectionEndsAt : now)
    if (closeAt && closeAt >= protectionEndsAt) fail('closed after its protection ended')
    for (const change of seed.stages) {
      const changedAt = at(change.daysAgo)
      if (changedAt <= decidedAt || changedAt >= openUntil)
        fail(`stage ${change.stage} outside protection`)
      record(
        {
          actorUserId: creator.id,
          type: 'stage_changed',
          fromStage: stage,
          toStage: change.stage,
          rule: 'holder_action',
          createdAt: changedAt,
        },
        {
          actor: creator,
          action: 'registration.stage_changed',
          before: { stage, status: 'approved' },
          after: { stage: change.stage, status: 'approved' },
        },
      )
      stage = change.stage
    }
    warnBefore(openUntil)
    heldUntil = closeAt ?? protectionEndsAt

    if (!closeAt && protectionEndsAt <= now) {
      status = 'expired'
      closedAt = protectionEndsAt
      record(
        {
          actorUserId: null,
          type: 'expired',
          fromStatus: 'approved',
          toStatus: 'expired',
          rule: 'protection_expired',
          details: { protectionEndsAt: protectionEndsAt.toISOString() },
          createdAt: protectionEndsAt,
        },
        {
          actor: null,
          action: 'registration.expired',
          before: { status: 'approved' },
          after: { status: 'expired', protectionEndsAt },
        },
      )
    }
  } else if (seed.close && seed.close.kind !== 'withdrawn') {
    fail('only an approved registration can be won or lost')
  } else if (seed.stages.length > 0 || seed.extension) {
    fail('stages and extensions need an approval')
  }

  let wonOn: string | null = null
  let lostReasonCode: string | null = null
  if (seed.close && closeAt) {
    const close = seed.close
    const fromStatus = status as 'pending' | 'approved'
    closedAt = closeAt
    heldUntil = closeAt
    if (close.kind === 'withdrawn') {
      status = 'withdrawn'
      record(
        {
          actorUserId: creator.id,
          type: 'withdrawn',
          fromStatus,
          toStatus: 'withdrawn',
          rule: 'holder_action',
          reason: close.reason,
          createdAt: closeAt,
        },
        {
          actor: creator,
          action: 'registration.withdrawn',
          before: { status: fromStatus },
          after: { status: 'withdrawn', reason: close.reason },
        },
      )
    } else {
      const details =
        close.kind === 'won'
          ? {
              wonAmountMinor: seed.wonAmountMinor,
              currency: seed.currency,
              wonOn: todayInShanghai(closeAt),
            }
          : { lostReasonCode: close.reason }
      if (close.kind === 'won') wonOn = details.wonOn as string
      else lostReasonCode = close.reason
      record(
        {
          actorUserId: creator.id,
          type: close.kind,
          fromStatus: 'approved',
          toStatus: close.kind,
          fromStage: stage,
          toStage: close.kind,
          rule: 'holder_action',
          reason: close.note ?? null,
          details,
          createdAt: closeAt,
        },
        {
          actor: creator,
          action: `registration.${close.kind}`,
          before: { stage, status: 'approved' },
          after: { stage: close.kind, status: close.kind, ...details },
        },
      )
      status = close.kind
      stage = close.kind
    }
  }

  const active = status === 'pending' || status === 'approved'
  const lastEventAt = events.reduce(
    (latest, e) => (e.createdAt > latest ? e.createdAt : latest),
    submittedAt,
  )
  return {
    seed,
    prospectKeys,
    events,
    audits,
    extension,
    heldUntil,
    // A lock keeps the range it had: open-ended while pending, until the protection end once approved.
    locks: { lockedUntil: seed.approvedDaysAgo !== null ? protectionEndsAt : null, active },
    row: {
      id: seed.id,
      partnerId: partner.id,
      createdById: creator.id,
      fulfilmentPartnerId: seed.fulfilmentPartnerId,
      prospectName: seed.prospectName,
      prospectTaxId: seed.prospectTaxId,
      prospectDomain: seed.prospectDomain,
      prospectKey: prospectKeys[0]!,
      contactName: seed.contactName,
      contactEmail: seed.contactEmail,
      contactPhone: seed.contactPhone,
      regionCode: seed.regionCode,
      industry: seed.industry,
      productLineId,
      estimatedValueMinor: seed.estimatedValueMinor,
      currency: seed.currency,
      expectedCloseDate: todayInShanghai(addDays(submittedAt, seed.expectedCloseAfterDays)),
      notes: seed.notes,
      status,
      stage,
      outsideTerritory,
      submittedAt,
      decidedAt,
      decidedById: decidedAt ? manager.id : null,
      protectionStartsAt: seed.approvedDaysAgo !== null ? decidedAt : null,
      protectionEndsAt,
      extensionsUsed,
      expiryWarnedAt,
      escalatedAt,
      wonAmountMinor: status === 'won' ? seed.wonAmountMinor : null,
      wonOn,
      lostReasonCode,
      closedAt,
      createdAt: submittedAt,
      updatedAt: lastEventAt,
    },
  }
}

/** A refused submission for a held prospect: the conflict row, and its trace on the holder. */
function buildConflict(
  conflict: SeedConflict,
  holder: BuiltRegistration,
  context: {
    now: Date
    resolverId: string | null
    emailOf: (userId: string | null) => string | null
  },
): typeof registrationConflicts.$inferInsert {
  const fail = (problem: string): never => {
    throw new Error(`seed conflict ${conflict.key}: ${problem}`)
  }
  const at = (daysAgo: number) => demoTime(context.now, daysAgo, `${conflict.key}:${daysAgo}`)
  const createdAt = at(conflict.daysAgo)
  const prospectKeys = prospectKeysOf({
    taxId: conflict.prospectTaxId,
    domain: conflict.prospectDomain,
    companyName: conflict.prospectName,
  }).map((k) => k.key)
  if (!prospectKeys.some((key) => holder.prospectKeys.includes(key)))
    fail('shares no prospect key with the holder')
  if (createdAt <= holder.row.submittedAt! || (holder.heldUntil && createdAt >= holder.heldUntil)) {
    fail('the holder did not hold the prospect at that time')
  }
  if (conflict.partnerId === holder.row.partnerId) fail('a partner never conflicts with itself')

  const submission = {
    prospectName: conflict.prospectName,
    prospectTaxId: conflict.prospectTaxId,
    prospectDomain: conflict.prospectDomain,
    contactName: null,
    contactEmail: null,
    contactPhone: null,
    regionCode: conflict.regionCode,
    industry: conflict.industry,
    estimatedValue: String(conflict.estimatedValueMinor / 100),
    estimatedValueMinor: conflict.estimatedValueMinor,
    currency: conflict.currency,
    expectedCloseDate: todayInShanghai(addDays(createdAt, conflict.expectedCloseAfterDays)),
    notes: null,
    fulfilmentPartnerId: null,
    productLineId: holder.row.productLineId,
    prospectKeys,
  }
  holder.events.push({
    registrationId: holder.row.id!,
    actorUserId: null,
    type: 'conflict',
    rule: 'time_priority',
    details: { conflictId: conflict.id },
    createdAt,
  })
  holder.audits.push({
    actorUserId: conflict.submittedById,
    actorEmail: conflict.submittedByEmail,
    partnerId: conflict.partnerId,
    action: 'registration.conflict',
    entityType: 'registration_conflict',
    entityId: conflict.id,
    after: {
      prospectName: conflict.prospectName,
      rule: 'time_priority',
      holderRegistrationId: holder.row.id,
    },
    createdAt,
  })

  const resolved = conflict.resolved
  const resolvedAt = resolved ? at(resolved.daysAgo) : null
  if (resolved && resolvedAt) {
    if (resolvedAt <= createdAt) fail('resolved before it was recorded')
    holder.events.push({
      registrationId: holder.row.id!,
      actorUserId: context.resolverId,
      type: 'conflict_resolved',
      rule: 'manager_award',
      reason: resolved.reason,
      details: {
        conflictId: conflict.id,
        resolution: 'kept_holder',
        submitterPartnerId: conflict.partnerId,
      },
      createdAt: resolvedAt,
    })
    holder.audits.push({
      actorUserId: context.resolverId,
      actorEmail: context.emailOf(context.resolverId),
      partnerId: conflict.partnerId,
      action: 'registration_conflict.resolved',
      entityType: 'registration_conflict',
      entityId: conflict.id,
      before: { status: 'open' },
      after: {
        status: 'resolved',
        resolution: 'kept_holder',
        reason: resolved.reason,
        holderRegistrationId: holder.row.id,
      },
      createdAt: resolvedAt,
    })
  }

  return {
    id: conflict.id,
    productLineId: holder.row.productLineId,
    prospectKey: prospectKeys[0]!,
    prospectName: conflict.prospectName,
    submittedByPartnerId: conflict.partnerId,
    submittedById: conflict.submittedById,
    submission,
    holderRegistrationId: holder.row.id!,
    rule: 'time_priority',
    status: resolved ? 'resolved' : 'open',
    resolution: resolved ? 'kept_holder' : null,
    resolvedById: resolved ? context.resolverId : null,
    resolvedAt,
    resolutionReason: resolved?.reason ?? null,
    createdAt,
  }
}

/** The console block listing demo logins and the shared password. */
export function demoLoginsBlock(): string {
  return `${formatDemoLogins('  ')}\n  Password for every demo user: ${DEMO_PASSWORD}`
}

async function main() {
  const connection = await openDatabase({
    url: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || undefined,
  })
  try {
    await connection.migrate()
    const seeded = await seedDemoDataIfEmpty(connection.db)
    if (seeded) {
      const data = buildSeedData()
      console.log(
        `Seeded demo data (${connection.kind}): ${data.regions.length} regions, ${data.partners.length} partners, ` +
          `${data.staff.length + data.partnerUsers.length} users, ${data.registrations.length} registrations, ` +
          `${data.conflicts.length} conflicts.`,
      )
      console.log(`Demo logins:\n${demoLoginsBlock()}`)
    } else if (await hasDemoData(connection.db)) {
      console.log(`Database (${connection.kind}) already seeded; nothing to do. Demo logins:`)
      console.log(demoLoginsBlock())
    } else {
      console.log(
        `Database (${connection.kind}) already has users (not the demo data); nothing seeded.`,
      )
    }
  } finally {
    await connection.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
