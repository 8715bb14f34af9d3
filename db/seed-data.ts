/**
 * Deterministic demo data for "Hengtai Industrial Automation" (恒泰工业自动化), a manufacturer of
 * PLCs, drives and sensors that sells through distributors, dealers and resellers.
 *
 * Pure: no I/O and no runtime imports, so it can be read anywhere (scripts, tests, a dev-only
 * login hint). Every call to buildSeedData() returns exactly the same rows — names, e-mails, ids
 * and relative dates come from fixed tables and a seeded PRNG. Only absolute timestamps depend on
 * the moment of seeding (rows carry "days ago" offsets so the demo always looks recent).
 */
import type { PartnerKind, PartnerTier } from './schema/partners'
import type { Locale, Role } from './schema/users'

/** One password for every demo user. Printed at start-up and in the README; never use in production. */
export const DEMO_PASSWORD = 'Portal-demo-2026'

export const VENDOR = {
  nameEn: 'Hengtai Industrial Automation',
  nameZh: '恒泰工业自动化',
  domain: 'hengtai.example',
} as const

/** Fixed seed: changing it changes every generated name and date offset. */
export const SEED = 20260101

// ---------------------------------------------------------------------------------------------
// PRNG and stable ids

/** mulberry32: tiny, fast, good enough for demo data; same seed → same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type Rng = {
  next: () => number
  /** Integer in [min, max], both inclusive. */
  int: (min: number, max: number) => number
  pick: <T>(items: readonly T[]) => T
  chance: (p: number) => boolean
}

export function createRng(seed: number = SEED): Rng {
  const next = mulberry32(seed)
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)],
    chance: (p) => next() < p,
  }
}

/** cyrb128: a 128-bit string hash (four 32-bit words); pure JS so this file needs no node:crypto. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  h1 ^= h2 ^ h3 ^ h4
  h2 ^= h1
  h3 ^= h1
  h4 ^= h1
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0]
}

/**
 * A name-based UUID (version 4 layout, deterministic): the same key always gives the same id, so
 * demo URLs such as /internal/partners/<id> stay valid across re-seeds. Keys are like
 * "partner:P-0001" or "user:admin@hengtai.example". Not secret and not meant to be.
 */
export function stableUuid(key: string): string {
  const words = cyrb128(`channel-portal-demo:${key}`)
  const bytes: number[] = []
  for (const w of words)
    bytes.push((w >>> 24) & 0xff, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff)
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

// ---------------------------------------------------------------------------------------------
// Regions

export type SeedRegion = { code: string; nameEn: string; nameZh: string }

export const seedRegions: readonly SeedRegion[] = [
  { code: 'CN-EAST', nameEn: 'East China', nameZh: '华东' },
  { code: 'CN-NORTH', nameEn: 'North China', nameZh: '华北' },
  { code: 'CN-SOUTH', nameEn: 'South China', nameZh: '华南' },
  { code: 'CN-CENTRAL', nameEn: 'Central China', nameZh: '华中' },
  { code: 'CN-NE', nameEn: 'Northeast China', nameZh: '东北' },
  { code: 'CN-NW', nameEn: 'Northwest China', nameZh: '西北' },
  { code: 'CN-SW', nameEn: 'Southwest China', nameZh: '西南' },
  { code: 'CN-WEST', nameEn: 'West China (Xinjiang, Tibet)', nameZh: '西部（新疆、西藏）' },
  { code: 'HK', nameEn: 'Hong Kong', nameZh: '香港' },
  { code: 'SG', nameEn: 'Singapore', nameZh: '新加坡' },
]

/** Industries used in territories (lower-case keys; the UI translates them). */
export const seedIndustries = ['manufacturing', 'energy', 'automotive', 'pharma'] as const
export type SeedIndustry = (typeof seedIndustries)[number]

// ---------------------------------------------------------------------------------------------
// People

export type SeedUser = {
  id: string
  email: string
  name: string
  role: Role
  /** Partner code for partner users, null for vendor staff. */
  partnerCode: string | null
  status: 'active' | 'disabled'
  locale: Locale | null
  /** Account created this many days before seeding. */
  createdDaysAgo: number
}

type StaffSpec = {
  key: 'admin' | 'li' | 'chen'
  email: string
  name: string
  role: Role
  locale: Locale | null
}

const staffSpecs: readonly StaffSpec[] = [
  { key: 'admin', email: 'admin@hengtai.example', name: 'Wang Jun', role: 'admin', locale: null },
  {
    key: 'li',
    email: 'manager.li@hengtai.example',
    name: 'Li Na',
    role: 'channel_manager',
    locale: null,
  },
  {
    key: 'chen',
    email: 'manager.chen@hengtai.example',
    name: '陈伟',
    role: 'channel_manager',
    locale: 'zh-CN',
  },
]

/** How generated people at a partner are named: hanzi, pinyin, or Hong Kong / Singapore English. */
type NameStyle = 'zh' | 'pinyin' | 'en-hk' | 'en-sg'

const zhSurnames: readonly (readonly [string, string])[] = [
  ['王', 'Wang'],
  ['李', 'Li'],
  ['张', 'Zhang'],
  ['刘', 'Liu'],
  ['陈', 'Chen'],
  ['杨', 'Yang'],
  ['赵', 'Zhao'],
  ['黄', 'Huang'],
  ['周', 'Zhou'],
  ['吴', 'Wu'],
  ['徐', 'Xu'],
  ['孙', 'Sun'],
  ['马', 'Ma'],
  ['朱', 'Zhu'],
  ['胡', 'Hu'],
  ['郭', 'Guo'],
  ['何', 'He'],
  ['林', 'Lin'],
  ['罗', 'Luo'],
  ['高', 'Gao'],
]
const zhGivenNames: readonly (readonly [string, string])[] = [
  ['伟', 'Wei'],
  ['芳', 'Fang'],
  ['敏', 'Min'],
  ['静', 'Jing'],
  ['磊', 'Lei'],
  ['勇', 'Yong'],
  ['艳', 'Yan'],
  ['杰', 'Jie'],
  ['涛', 'Tao'],
  ['明', 'Ming'],
  ['超', 'Chao'],
  ['建华', 'Jianhua'],
  ['志强', 'Zhiqiang'],
  ['海燕', 'Haiyan'],
  ['晓东', 'Xiaodong'],
  ['文博', 'Wenbo'],
  ['丽娟', 'Lijuan'],
  ['国庆', 'Guoqing'],
  ['雪梅', 'Xuemei'],
  ['子豪', 'Zihao'],
  ['欣怡', 'Xinyi'],
  ['振宇', 'Zhenyu'],
]
const enGivenNames = [
  'Kelvin',
  'Rachel',
  'Jason',
  'Vivian',
  'Eric',
  'Joanne',
  'Marcus',
  'Cheryl',
  'Daniel',
  'Grace',
]
const hkSurnames = ['Chan', 'Wong', 'Leung', 'Ho', 'Cheung', 'Lau']
const sgSurnames = ['Tan', 'Lim', 'Ng', 'Lee', 'Teo', 'Goh']

function generatePerson(rng: Rng, style: NameStyle): { name: string; local: string } {
  if (style === 'en-hk' || style === 'en-sg') {
    const given = rng.pick(enGivenNames)
    const surname = rng.pick(style === 'en-hk' ? hkSurnames : sgSurnames)
    return { name: `${given} ${surname}`, local: `${given}.${surname}`.toLowerCase() }
  }
  const [surZh, surPy] = rng.pick(zhSurnames)
  const [givenZh, givenPy] = rng.pick(zhGivenNames)
  return {
    name: style === 'zh' ? `${surZh}${givenZh}` : `${surPy} ${givenPy}`,
    local: `${givenPy}.${surPy}`.toLowerCase(),
  }
}

// ---------------------------------------------------------------------------------------------
// Partners

export type SeedTerritory = { regionCode: string; industries: SeedIndustry[] }

type ExplicitUser = {
  email: string
  name: string
  role: 'partner_admin' | 'partner_user'
  locale: Locale | null
}

type PartnerSpec = {
  name: string
  domain: string
  kind: PartnerKind
  tier: PartnerTier
  /** Tier when the partner joined, when it later changed (an audit row records the change). */
  initialTier?: PartnerTier
  status?: 'active' | 'suspended'
  territories: SeedTerritory[]
  /** CNY in minor units (fen). */
  creditLimitMinor: number
  paymentTermsDays: 30 | 45 | 60
  manager: 'li' | 'chen'
  nameStyle: NameStyle
  /** Users with memorable demo logins; the rest are generated. */
  explicitUsers?: ExplicitUser[]
  /** Generated partner users on top of the explicit ones (default: 1–3 at random). */
  extraUsers?: number
}

const t = (regionCode: string, ...industries: SeedIndustry[]): SeedTerritory => ({
  regionCode,
  industries,
})

/** In code order: P-0001 joined first. */
const partnerSpecs: readonly PartnerSpec[] = [
  {
    name: 'Eastbridge Automation Co., Ltd.',
    domain: 'eastbridge.example',
    kind: 'distributor',
    tier: 'gold',
    initialTier: 'silver',
    territories: [t('CN-EAST'), t('CN-CENTRAL', 'manufacturing', 'automotive')],
    creditLimitMinor: 2_000_000_00,
    paymentTermsDays: 60,
    manager: 'li',
    nameStyle: 'pinyin',
    explicitUsers: [
      { email: 'admin@eastbridge.example', name: 'Zhang Wei', role: 'partner_admin', locale: null },
      { email: 'sales@eastbridge.example', name: 'Sun Li', role: 'partner_user', locale: null },
    ],
    extraUsers: 1,
  },
  {
    name: '广州珠江机电设备有限公司',
    domain: 'pearlriver.example',
    kind: 'dealer',
    tier: 'silver',
    territories: [t('CN-SOUTH')],
    creditLimitMinor: 300_000_00,
    paymentTermsDays: 30,
    manager: 'chen',
    nameStyle: 'zh',
    explicitUsers: [
      { email: 'admin@pearlriver.example', name: '黄志强', role: 'partner_admin', locale: 'zh-CN' },
      { email: 'sales@pearlriver.example', name: '林晓燕', role: 'partner_user', locale: 'zh-CN' },
    ],
    extraUsers: 0,
  },
  {
    name: '上海申航自动化系统有限公司',
    domain: 'shenhang.example',
    kind: 'distributor',
    tier: 'platinum',
    territories: [t('CN-EAST'), t('CN-NORTH')],
    creditLimitMinor: 8_000_000_00,
    paymentTermsDays: 60,
    manager: 'li',
    nameStyle: 'zh',
    extraUsers: 3,
  },
  {
    name: 'Northstar Industrial Supply (Tianjin) Co., Ltd.',
    domain: 'northstar-tj.example',
    kind: 'distributor',
    tier: 'gold',
    territories: [t('CN-NORTH'), t('CN-NE', 'manufacturing', 'energy')],
    creditLimitMinor: 3_000_000_00,
    paymentTermsDays: 45,
    manager: 'li',
    nameStyle: 'pinyin',
  },
  {
    name: '沈阳北方工控设备有限公司',
    domain: 'beifang-gk.example',
    kind: 'dealer',
    tier: 'silver',
    territories: [t('CN-NE', 'manufacturing', 'automotive')],
    creditLimitMinor: 400_000_00,
    paymentTermsDays: 30,
    manager: 'li',
    nameStyle: 'zh',
  },
  {
    name: '东莞金三角贸易有限公司',
    domain: 'suspended.example',
    kind: 'dealer',
    tier: 'registered',
    status: 'suspended',
    territories: [t('CN-SOUTH')],
    creditLimitMinor: 100_000_00,
    paymentTermsDays: 30,
    manager: 'chen',
    nameStyle: 'zh',
    explicitUsers: [
      { email: 'admin@suspended.example', name: '郭振宇', role: 'partner_admin', locale: null },
    ],
    extraUsers: 1,
  },
  {
    name: '深圳鹏程智能科技有限公司',
    domain: 'pengcheng-tech.example',
    kind: 'reseller',
    tier: 'registered',
    territories: [t('CN-SOUTH', 'manufacturing')],
    creditLimitMinor: 100_000_00,
    paymentTermsDays: 30,
    manager: 'chen',
    nameStyle: 'zh',
  },
  {
    name: 'Jade Harbour Engineering Ltd.',
    domain: 'jadeharbour.example',
    kind: 'distributor',
    tier: 'gold',
    territories: [t('HK'), t('CN-SOUTH', 'pharma', 'manufacturing')],
    creditLimitMinor: 1_500_000_00,
    paymentTermsDays: 45,
    manager: 'chen',
    nameStyle: 'en-hk',
  },
  {
    name: 'Lion City Automation Pte. Ltd.',
    domain: 'lioncity-auto.example',
    kind: 'reseller',
    tier: 'silver',
    territories: [t('SG')],
    creditLimitMinor: 500_000_00,
    paymentTermsDays: 45,
    manager: 'li',
    nameStyle: 'en-sg',
  },
  {
    name: '武汉楚天电气自动化有限公司',
    domain: 'chutian-elec.example',
    kind: 'distributor',
    tier: 'gold',
    territories: [t('CN-CENTRAL'), t('CN-SW', 'automotive')],
    creditLimitMinor: 2_500_000_00,
    paymentTermsDays: 60,
    manager: 'chen',
    nameStyle: 'zh',
  },
  {
    name: '成都蜀控机电有限公司',
    domain: 'shukong.example',
    kind: 'dealer',
    tier: 'silver',
    territories: [t('CN-SW', 'energy', 'manufacturing')],
    creditLimitMinor: 600_000_00,
    paymentTermsDays: 45,
    manager: 'chen',
    nameStyle: 'zh',
  },
  {
    name: '西安秦川工业技术有限公司',
    domain: 'qinchuan-tech.example',
    kind: 'dealer',
    tier: 'registered',
    territories: [t('CN-NW', 'energy')],
    creditLimitMinor: 200_000_00,
    paymentTermsDays: 30,
    manager: 'chen',
    nameStyle: 'zh',
  },
  {
    name: 'Westline Energy Systems Co., Ltd.',
    domain: 'westline-energy.example',
    kind: 'reseller',
    tier: 'registered',
    territories: [t('CN-WEST', 'energy'), t('CN-NW', 'energy')],
    creditLimitMinor: 150_000_00,
    paymentTermsDays: 30,
    manager: 'chen',
    nameStyle: 'pinyin',
  },
  {
    name: '苏州工园精密自动化有限公司',
    domain: 'gongyuan-precision.example',
    kind: 'reseller',
    tier: 'silver',
    territories: [t('CN-EAST', 'pharma', 'manufacturing')],
    creditLimitMinor: 250_000_00,
    paymentTermsDays: 30,
    manager: 'li',
    nameStyle: 'zh',
  },
  {
    name: 'Bohai Pharma Automation Services Co., Ltd.',
    domain: 'bohai-pharma.example',
    kind: 'dealer',
    tier: 'gold',
    territories: [t('CN-NORTH', 'pharma')],
    creditLimitMinor: 800_000_00,
    paymentTermsDays: 45,
    manager: 'li',
    nameStyle: 'pinyin',
  },
  {
    name: 'Qingdao Haiyun Marine Controls Co., Ltd.',
    domain: 'haiyun-marine.example',
    kind: 'dealer',
    tier: 'silver',
    territories: [t('CN-EAST', 'manufacturing'), t('CN-NORTH', 'energy', 'manufacturing')],
    creditLimitMinor: 350_000_00,
    paymentTermsDays: 30,
    manager: 'li',
    nameStyle: 'pinyin',
  },
]

export type SeedPartner = {
  id: string
  code: string
  name: string
  kind: PartnerKind
  tier: PartnerTier
  initialTier: PartnerTier
  status: 'active' | 'suspended'
  creditLimitMinor: number
  currency: 'CNY'
  paymentTermsDays: number
  /** E-mail of the assigned channel manager. */
  channelManagerEmail: string
  territories: SeedTerritory[]
  /** Joined this many days before seeding. */
  createdDaysAgo: number
  /** Set for the suspended partner: suspended this many days before seeding. */
  suspendedDaysAgo: number | null
  /** Set when the tier changed after joining. */
  tierChangedDaysAgo: number | null
}

export type SeedAuditEvent = {
  action: string
  entityType: 'partner'
  /** Partner code; resolved to its id. */
  partnerCode: string
  /** E-mail of the acting vendor staff member. */
  actorEmail: string
  before: Record<string, unknown> | null
  after: Record<string, unknown>
  daysAgo: number
}

export type SeedData = {
  regions: readonly SeedRegion[]
  staff: SeedUser[]
  partners: SeedPartner[]
  partnerUsers: SeedUser[]
  auditEvents: SeedAuditEvent[]
  registrations: SeedRegistration[]
  conflicts: SeedConflict[]
}

export const partnerCode = (n: number) => `P-${String(n).padStart(4, '0')}`

const staffEmail = (key: StaffSpec['key']) => staffSpecs.find((s) => s.key === key)!.email

/** Builds the whole demo data set. Deterministic: same output on every call. */
export function buildSeedData(): SeedData {
  const rng = createRng(SEED)
  const usedEmails = new Set<string>()

  const staff: SeedUser[] = staffSpecs.map((s) => {
    usedEmails.add(s.email)
    return {
      id: stableUuid(`user:${s.email}`),
      email: s.email,
      name: s.name,
      role: s.role,
      partnerCode: null,
      status: 'active',
      locale: s.locale,
      createdDaysAgo: 450,
    }
  })

  const partners: SeedPartner[] = []
  const partnerUsers: SeedUser[] = []
  // Partners joined over roughly the last year, P-0001 first and the newest about ten days ago.
  const step = 390 / (partnerSpecs.length - 1)

  partnerSpecs.forEach((spec, index) => {
    const code = partnerCode(index + 1)
    const status = spec.status ?? 'active'
    const createdDaysAgo = Math.round(400 - index * step) + rng.int(-4, 4)
    const isSuspended = status === 'suspended'
    partners.push({
      id: stableUuid(`partner:${code}`),
      code,
      name: spec.name,
      kind: spec.kind,
      tier: spec.tier,
      initialTier: spec.initialTier ?? spec.tier,
      status,
      creditLimitMinor: spec.creditLimitMinor,
      currency: 'CNY',
      paymentTermsDays: spec.paymentTermsDays,
      channelManagerEmail: staffEmail(spec.manager),
      territories: spec.territories,
      createdDaysAgo,
      suspendedDaysAgo: isSuspended ? 6 : null,
      tierChangedDaysAgo: spec.initialTier && spec.initialTier !== spec.tier ? 21 : null,
    })

    const explicit = spec.explicitUsers ?? []
    const addUser = (u: Omit<SeedUser, 'id' | 'partnerCode' | 'createdDaysAgo'>) => {
      usedEmails.add(u.email)
      partnerUsers.push({
        ...u,
        id: stableUuid(`user:${u.email}`),
        partnerCode: code,
        createdDaysAgo: Math.max(1, createdDaysAgo - rng.int(0, 20)),
      })
    }
    const generate = (role: 'partner_admin' | 'partner_user') => {
      let person = generatePerson(rng, spec.nameStyle)
      while (usedEmails.has(`${person.local}@${spec.domain}`))
        person = generatePerson(rng, spec.nameStyle)
      // Hanzi-named staff at mainland partners often prefer the Chinese UI; others follow the browser.
      const locale: Locale | null = spec.nameStyle === 'zh' && rng.chance(0.5) ? 'zh-CN' : null
      addUser({
        email: `${person.local}@${spec.domain}`,
        name: person.name,
        role,
        status: 'active',
        locale,
      })
    }

    if (!explicit.some((u) => u.role === 'partner_admin')) generate('partner_admin')
    for (const u of explicit) addUser({ ...u, status: 'active' })
    const explicitUsers = explicit.filter((u) => u.role === 'partner_user').length
    const extra = spec.extraUsers ?? rng.int(1, 3)
    for (let i = 0; i < extra; i++) generate('partner_user')
    if (explicitUsers + extra === 0) generate('partner_user')
  })

  // One former employee, so user management shows a disabled account.
  const formerEmployee = partnerUsers
    .filter((u) => u.partnerCode === 'P-0003' && u.role === 'partner_user')
    .at(-1)
  if (formerEmployee) formerEmployee.status = 'disabled'

  const adminEmail = staffEmail('admin')
  const auditEvents: SeedAuditEvent[] = []
  for (const p of partners) {
    auditEvents.push({
      action: 'partner.created',
      entityType: 'partner',
      partnerCode: p.code,
      actorEmail: adminEmail,
      before: null,
      after: { code: p.code, name: p.name, kind: p.kind, tier: p.initialTier },
      daysAgo: p.createdDaysAgo,
    })
    if (p.tierChangedDaysAgo !== null) {
      auditEvents.push({
        action: 'partner.updated',
        entityType: 'partner',
        partnerCode: p.code,
        actorEmail: p.channelManagerEmail,
        before: { tier: p.initialTier },
        after: { tier: p.tier },
        daysAgo: p.tierChangedDaysAgo,
      })
    }
    if (p.suspendedDaysAgo !== null) {
      auditEvents.push({
        action: 'partner.suspended',
        entityType: 'partner',
        partnerCode: p.code,
        actorEmail: adminEmail,
        before: { status: 'active' },
        after: { status: 'suspended', reason: 'Overdue invoices beyond payment terms' },
        daysAgo: p.suspendedDaysAgo,
      })
    }
  }
  auditEvents.sort((a, b) => b.daysAgo - a.daysAgo)

  return {
    regions: seedRegions,
    staff,
    partners,
    partnerUsers,
    auditEvents,
    ...buildSeedRegistrations(partners, partnerUsers, staff),
  }
}

// ---------------------------------------------------------------------------------------------
// Demo logins

export type DemoLogin = {
  email: string
  role: Role
  /** Partner name, or null for vendor staff. */
  partnerName: string | null
  note?: string
}

const partnerNameOf = (domain: string) => partnerSpecs.find((p) => p.domain === domain)!.name

/** The memorable logins, all with DEMO_PASSWORD. */
export const demoLogins: readonly DemoLogin[] = [
  { email: 'admin@hengtai.example', role: 'admin', partnerName: null, note: 'vendor admin' },
  {
    email: 'manager.li@hengtai.example',
    role: 'channel_manager',
    partnerName: null,
    note: 'East, North, NE, SG',
  },
  {
    email: 'manager.chen@hengtai.example',
    role: 'channel_manager',
    partnerName: null,
    note: 'South, Central, West, HK; zh-CN',
  },
  {
    email: 'admin@eastbridge.example',
    role: 'partner_admin',
    partnerName: partnerNameOf('eastbridge.example'),
    note: 'gold distributor, CN-EAST',
  },
  {
    email: 'sales@eastbridge.example',
    role: 'partner_user',
    partnerName: partnerNameOf('eastbridge.example'),
  },
  {
    email: 'admin@pearlriver.example',
    role: 'partner_admin',
    partnerName: partnerNameOf('pearlriver.example'),
    note: 'silver dealer, CN-SOUTH; zh-CN',
  },
  {
    email: 'sales@pearlriver.example',
    role: 'partner_user',
    partnerName: partnerNameOf('pearlriver.example'),
    note: 'zh-CN',
  },
  {
    email: 'admin@suspended.example',
    role: 'partner_admin',
    partnerName: partnerNameOf('suspended.example'),
    note: 'partner suspended',
  },
]

/** A plain-text table of the demo logins, for the console. */
export function formatDemoLogins(indent = '  '): string {
  const rows = demoLogins.map((l) => [
    l.email,
    l.role,
    l.partnerName ?? VENDOR.nameEn,
    l.note ?? '',
  ])
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => displayWidth(r[i]))))
  return rows
    .map((r) =>
      (
        indent + r.map((cell, i) => (i < 3 ? padEndDisplay(cell, widths[i]) : cell)).join('  ')
      ).trimEnd(),
    )
    .join('\n')
}

/** Terminal columns: CJK characters take two. */
function displayWidth(s: string): number {
  let w = 0
  for (const ch of s)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        ch,
      )
        ? 2
        : 1
  return w
}

function padEndDisplay(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)))
}

// ---------------------------------------------------------------------------------------------
// Deal registration reference data

export const seedIndustryRows = [
  { code: 'manufacturing', nameEn: 'Manufacturing', nameZh: '制造业' },
  { code: 'energy', nameEn: 'Energy & utilities', nameZh: '能源与公用事业' },
  { code: 'automotive', nameEn: 'Automotive', nameZh: '汽车' },
  { code: 'pharma', nameEn: 'Pharmaceuticals', nameZh: '医药' },
  { code: 'food', nameEn: 'Food & beverage', nameZh: '食品饮料' },
  { code: 'logistics', nameEn: 'Logistics & warehousing', nameZh: '物流仓储' },
] as const

export const seedProductLines = [
  { code: 'PLC', nameEn: 'PLC controllers', nameZh: 'PLC 控制器' },
  { code: 'DRV', nameEn: 'Servo & VFD drives', nameZh: '伺服与变频驱动' },
  { code: 'HMI', nameEn: 'HMI panels', nameZh: '人机界面' },
  { code: 'SNS', nameEn: 'Industrial sensors', nameZh: '工业传感器' },
  { code: 'ROB', nameEn: 'Collaborative robots', nameZh: '协作机器人' },
].map((line) => ({ ...line, id: stableUuid(`product-line:${line.code}`) }))

// ---------------------------------------------------------------------------------------------
// Deal registrations

export type SeedProductLineCode = 'PLC' | 'DRV' | 'HMI' | 'SNS' | 'ROB'
type OpenStage = 'qualified' | 'proposal' | 'negotiation'
type LossReasonCode = 'price' | 'competitor' | 'no_budget' | 'timing' | 'other'

/** Who at the partner created it: its first admin, first or second active user, or a leaver. */
type Creator = 'admin' | 'user' | 'user2' | 'former'

/** How a registration ended after approval (or, for withdrawn, possibly while pending). */
export type SeedClose =
  | { kind: 'won'; daysAgo: number; note?: string }
  | { kind: 'lost'; daysAgo: number; reason: LossReasonCode; note?: string }
  | { kind: 'withdrawn'; daysAgo: number; reason: string }

type RegistrationSpec = {
  key: string
  /** Partner by web domain. */
  partner: string
  by?: Creator
  prospect: string
  /** Six-digit administrative area code: the prospect gets a valid USCC issued there. */
  usccArea?: string
  /** Any other tax ID, used as is (e.g. a Singapore UEN). */
  taxId?: string
  /** The same tax ID as an earlier registration (the same prospect, registered again). */
  taxIdOf?: string
  domain?: string
  region: string
  industry: string | null
  line: SeedProductLineCode
  currency?: 'CNY' | 'HKD' | 'SGD'
  /** Estimated value in whole currency units; random by product line when absent. */
  value?: number
  /** Distributor fulfilling a reseller's deal, by web domain. */
  fulfilment?: string
  notes?: string
  submittedDaysAgo: number
  approvedDaysAgo?: number
  rejected?: { daysAgo: number; reason: string }
  stages?: readonly (readonly [OpenStage, number])[]
  extension?: { requestedDaysAgo: number; decidedDaysAgo: number; progressNote: string }
  close?: SeedClose
}

/**
 * Registrations across partners, product lines and every status. Times are days before seeding;
 * protection ends, expiry, warnings and escalations are derived from the deal settings when the
 * seed runs (db/seed.ts), exactly as the use cases and the sweeper would have produced them.
 */
const registrationSpecs: readonly RegistrationSpec[] = [
  // Eastbridge (gold distributor, CN-EAST; CN-CENTRAL for manufacturing and automotive)
  {
    key: 'eb-xizi',
    partner: 'eastbridge.example',
    prospect: '杭州西子智能装备有限公司',
    usccArea: '330106',
    region: 'CN-EAST',
    industry: 'manufacturing',
    line: 'PLC',
    value: 1_180_000,
    notes: 'Two new stamping lines; customer wants a single PLC platform across both plants.',
    submittedDaysAgo: 86.5,
    approvedDaysAgo: 85,
    stages: [
      ['qualified', 70],
      ['proposal', 40],
    ],
  },
  {
    key: 'eb-yongjiang',
    partner: 'eastbridge.example',
    prospect: 'Ningbo Yongjiang Injection Machinery Co., Ltd.',
    domain: 'www.yongjiang-imm.example',
    region: 'CN-EAST',
    industry: 'manufacturing',
    line: 'DRV',
    submittedDaysAgo: 31,
    approvedDaysAgo: 30,
    stages: [['qualified', 20]],
  },
  {
    key: 'eb-jinling',
    partner: 'eastbridge.example',
    prospect: 'Nanjing Jinling Smart Logistics Co., Ltd.',
    domain: 'jinling-logistics.example',
    region: 'CN-EAST',
    industry: 'logistics',
    line: 'HMI',
    notes: 'Retrofit of 40 sorter operator stations in the Jiangning hub.',
    submittedDaysAgo: 0.85,
  },
  {
    key: 'eb-huaye',
    partner: 'eastbridge.example',
    by: 'admin',
    prospect: 'Tianjin Huaye Special Steel Co., Ltd.',
    usccArea: '120116',
    region: 'CN-NORTH',
    industry: 'manufacturing',
    line: 'SNS',
    notes: 'Their Shanghai purchasing office asked us directly; the plant is in Tianjin.',
    submittedDaysAgo: 2.1,
  },
  {
    key: 'eb-longcheng',
    partner: 'eastbridge.example',
    prospect: '常州龙城锂电科技有限公司',
    usccArea: '320411',
    region: 'CN-EAST',
    industry: 'automotive',
    line: 'PLC',
    value: 860_000,
    submittedDaysAgo: 150,
    approvedDaysAgo: 149,
    stages: [
      ['qualified', 130],
      ['proposal', 100],
      ['negotiation', 70],
    ],
    close: { kind: 'won', daysAgo: 62, note: 'PO received for phase one.' },
  },
  {
    key: 'eb-ruida',
    partner: 'eastbridge.example',
    by: 'admin',
    prospect: 'Wuhu Ruida Auto Parts Co., Ltd.',
    domain: 'ruida-autoparts.example',
    region: 'CN-EAST',
    industry: 'automotive',
    line: 'ROB',
    submittedDaysAgo: 120,
    approvedDaysAgo: 118.5,
    stages: [
      ['qualified', 100],
      ['proposal', 80],
    ],
    close: {
      kind: 'lost',
      daysAgo: 45,
      reason: 'competitor',
      note: 'Went with a Japanese cobot brand already on site.',
    },
  },
  {
    key: 'eb-huafang',
    partner: 'eastbridge.example',
    prospect: '绍兴柯桥华纺印染有限公司',
    usccArea: '330603',
    region: 'CN-EAST',
    industry: 'manufacturing',
    line: 'SNS',
    submittedDaysAgo: 118,
    approvedDaysAgo: 116,
    stages: [['qualified', 100]],
  },
  {
    key: 'eb-borui',
    partner: 'eastbridge.example',
    prospect: '苏州博瑞生物医药有限公司',
    usccArea: '320594',
    region: 'CN-EAST',
    industry: 'pharma',
    line: 'DRV',
    submittedDaysAgo: 40,
    rejected: {
      daysAgo: 38.5,
      reason: "Direct key account: Hengtai's key-account team already serves this customer.",
    },
  },
  {
    key: 'eb-taihu',
    partner: 'eastbridge.example',
    by: 'user2',
    prospect: 'Wuxi Taihu Food Machinery Co., Ltd.',
    domain: 'taihu-foodmach.example',
    region: 'CN-EAST',
    industry: 'food',
    line: 'HMI',
    submittedDaysAgo: 60,
    approvedDaysAgo: 59,
    close: {
      kind: 'withdrawn',
      daysAgo: 35,
      reason: 'Customer postponed the line upgrade indefinitely.',
    },
  },
  {
    key: 'eb-luzhou',
    partner: 'eastbridge.example',
    prospect: '合肥庐州精工汽车部件有限公司',
    usccArea: '340104',
    region: 'CN-EAST',
    industry: 'automotive',
    line: 'PLC',
    value: 640_000,
    submittedDaysAgo: 101,
    approvedDaysAgo: 100,
    stages: [
      ['qualified', 85],
      ['proposal', 50],
      ['negotiation', 15],
    ],
    extension: {
      requestedDaysAgo: 20,
      decidedDaysAgo: 18,
      progressNote:
        'Technical proposal accepted; the customer’s tender committee meets next month. Quote valid until then.',
    },
  },

  // 广州珠江机电 / Pearl River (silver dealer, CN-SOUTH; Chinese-speaking)
  {
    key: 'pr-huakai',
    partner: 'pearlriver.example',
    prospect: '佛山市顺德区华凯家电制造有限公司',
    usccArea: '440606',
    region: 'CN-SOUTH',
    industry: 'manufacturing',
    line: 'DRV',
    notes: '新建钣金车间，需要约 60 台伺服驱动。',
    submittedDaysAgo: 32,
    approvedDaysAgo: 30,
    stages: [['qualified', 15]],
  },
  {
    key: 'pr-changan',
    partner: 'pearlriver.example',
    prospect: '东莞长安精密模具有限公司',
    domain: 'changan-mould.example',
    region: 'CN-SOUTH',
    industry: 'manufacturing',
    line: 'PLC',
    notes: '客户计划明年初改造两条压铸线，预算已批。',
    submittedDaysAgo: 5,
  },
  {
    key: 'pr-hengqin',
    partner: 'pearlriver.example',
    by: 'admin',
    prospect: '珠海横琴海洋装备有限公司',
    region: 'CN-SOUTH',
    industry: null,
    line: 'HMI',
    submittedDaysAgo: 0.17,
  },
  {
    key: 'pr-baoan',
    partner: 'pearlriver.example',
    prospect: '深圳宝安智能仓储设备有限公司',
    usccArea: '440306',
    region: 'CN-SOUTH',
    industry: 'logistics',
    line: 'SNS',
    submittedDaysAgo: 95,
    approvedDaysAgo: 93.5,
    stages: [
      ['qualified', 80],
      ['proposal', 60],
    ],
    close: { kind: 'won', daysAgo: 12, note: '客户已下单，首批交付下月。' },
  },
  {
    key: 'pr-xinhui',
    partner: 'pearlriver.example',
    by: 'admin',
    prospect: '江门新会食品机械有限公司',
    region: 'CN-SOUTH',
    industry: 'food',
    line: 'ROB',
    submittedDaysAgo: 22,
    rejected: { daysAgo: 21, reason: '信息不足：缺少客户联系人和项目范围，请补充后重新报备。' },
  },
  {
    key: 'pr-dayawan',
    partner: 'pearlriver.example',
    prospect: '惠州大亚湾石化仪表有限公司',
    usccArea: '441303',
    region: 'CN-SOUTH',
    industry: 'energy',
    line: 'PLC',
    submittedDaysAgo: 130,
    approvedDaysAgo: 128,
    stages: [['qualified', 110]],
  },
  {
    key: 'pr-xiaolan',
    partner: 'pearlriver.example',
    prospect: '中山小榄五金制品有限公司',
    domain: 'xiaolan-hardware.example',
    region: 'CN-SOUTH',
    industry: 'manufacturing',
    line: 'DRV',
    submittedDaysAgo: 81,
    approvedDaysAgo: 80,
    stages: [
      ['qualified', 60],
      ['proposal', 30],
    ],
  },
  {
    key: 'pr-chenghai',
    partner: 'pearlriver.example',
    by: 'admin',
    prospect: '汕头澄海玩具实业有限公司',
    region: 'CN-SOUTH',
    industry: 'manufacturing',
    line: 'HMI',
    submittedDaysAgo: 70,
    approvedDaysAgo: 69,
    stages: [['qualified', 50]],
    close: { kind: 'lost', daysAgo: 25, reason: 'price', note: '客户选择了更便宜的国产面板。' },
  },

  // 上海申航 (platinum distributor: 120 days of protection)
  {
    key: 'sh-lingang',
    partner: 'shenhang.example',
    prospect: '上海临港重型装备有限公司',
    usccArea: '310115',
    region: 'CN-EAST',
    industry: 'manufacturing',
    line: 'PLC',
    value: 2_350_000,
    submittedDaysAgo: 12.5,
    approvedDaysAgo: 10.5,
    stages: [
      ['qualified', 8],
      ['proposal', 5],
    ],
  },
  {
    key: 'sh-ganglian',
    partner: 'shenhang.example',
    prospect: '上海宝山钢联冶金设备有限公司',
    region: 'CN-EAST',
    industry: 'manufacturing',
    line: 'DRV',
    submittedDaysAgo: 62,
    approvedDaysAgo: 60,
    stages: [
      ['qualified', 45],
      ['proposal', 30],
      ['negotiation', 10],
    ],
  },
  {
    key: 'sh-yizhuang',
    partner: 'shenhang.example',
    by: 'admin',
    prospect: '北京亦庄智造科技有限公司',
    usccArea: '110115',
    region: 'CN-NORTH',
    industry: 'manufacturing',
    line: 'ROB',
    value: 3_200_000,
    submittedDaysAgo: 200,
    approvedDaysAgo: 199,
    stages: [
      ['qualified', 180],
      ['proposal', 150],
      ['negotiation', 110],
    ],
    close: { kind: 'won', daysAgo: 95 },
  },
  {
    // The same prospect as eb-huafang (same tax ID): free again after Eastbridge's expired.
    key: 'sh-keqiao',
    partner: 'shenhang.example',
    prospect: '绍兴柯桥华纺印染有限公司',
    taxIdOf: 'eb-huafang',
    region: 'CN-EAST',
    industry: 'manufacturing',
    line: 'SNS',
    submittedDaysAgo: 12,
    approvedDaysAgo: 10,
  },
  {
    key: 'sh-jiading',
    partner: 'shenhang.example',
    by: 'former',
    prospect: '上海嘉定汽车测试中心有限公司',
    region: 'CN-EAST',
    industry: 'automotive',
    line: 'HMI',
    submittedDaysAgo: 170,
    approvedDaysAgo: 168,
    stages: [['qualified', 150]],
  },
  {
    key: 'sh-lenglian',
    partner: 'shenhang.example',
    prospect: '天津港保税区冷链物流有限公司',
    domain: 'tjport-coldchain.example',
    region: 'CN-NORTH',
    industry: 'logistics',
    line: 'SNS',
    submittedDaysAgo: 1.5,
  },

  // Other partners
  {
    key: 'ns-caofeidian',
    partner: 'northstar-tj.example',
    prospect: 'Tangshan Caofeidian Steel Logistics Co., Ltd.',
    usccArea: '130209',
    region: 'CN-NORTH',
    industry: 'manufacturing',
    line: 'PLC',
    submittedDaysAgo: 89,
    approvedDaysAgo: 88,
    stages: [
      ['qualified', 70],
      ['proposal', 40],
    ],
  },
  {
    key: 'ns-haiwan',
    partner: 'northstar-tj.example',
    prospect: 'Dalian Haiwan Shipbuilding Equipment Co., Ltd.',
    domain: 'haiwan-ship.example',
    region: 'CN-NE',
    industry: 'manufacturing',
    line: 'DRV',
    submittedDaysAgo: 75,
    approvedDaysAgo: 74,
    stages: [['qualified', 60]],
    close: { kind: 'lost', daysAgo: 15, reason: 'price' },
  },
  {
    key: 'ns-lianchi',
    partner: 'northstar-tj.example',
    prospect: '保定莲池新能源汽车零部件有限公司',
    usccArea: '130606',
    region: 'CN-NORTH',
    industry: 'automotive',
    line: 'SNS',
    submittedDaysAgo: 0.12,
  },
  {
    key: 'bf-tiexi',
    partner: 'beifang-gk.example',
    prospect: '沈阳铁西重型机床有限公司',
    usccArea: '210106',
    region: 'CN-NE',
    industry: 'manufacturing',
    line: 'ROB',
    submittedDaysAgo: 2.5,
  },
  {
    key: 'bf-jingyue',
    partner: 'beifang-gk.example',
    prospect: '长春净月汽车座椅有限公司',
    region: 'CN-NE',
    industry: 'automotive',
    line: 'PLC',
    submittedDaysAgo: 100,
    approvedDaysAgo: 99,
    stages: [['qualified', 80]],
    close: { kind: 'lost', daysAgo: 50, reason: 'no_budget', note: '集团冻结了今年的技改预算。' },
  },
  {
    key: 'pc-nanshan',
    partner: 'pengcheng-tech.example',
    prospect: '深圳南山精密电子制造有限公司',
    domain: 'nanshan-precision.example',
    region: 'CN-SOUTH',
    industry: 'manufacturing',
    line: 'HMI',
    fulfilment: 'jadeharbour.example',
    submittedDaysAgo: 21,
    approvedDaysAgo: 20,
    stages: [['qualified', 10]],
  },
  {
    key: 'jh-kowloon',
    partner: 'jadeharbour.example',
    prospect: 'Kowloon Bay Pharmaceutical Laboratories Ltd.',
    domain: 'kbpharma.example',
    region: 'HK',
    industry: 'pharma',
    line: 'SNS',
    currency: 'HKD',
    value: 780_000,
    submittedDaysAgo: 110,
    approvedDaysAgo: 108,
    stages: [
      ['qualified', 90],
      ['proposal', 70],
      ['negotiation', 50],
    ],
    close: { kind: 'won', daysAgo: 40 },
  },
  {
    key: 'jh-lujiang',
    partner: 'jadeharbour.example',
    prospect: 'Xiamen Lujiang Pharmaceutical Co., Ltd.',
    usccArea: '350203',
    region: 'CN-EAST',
    industry: 'pharma',
    line: 'PLC',
    notes: 'Parent company is our Hong Kong customer; they want the same platform in Xiamen.',
    submittedDaysAgo: 1.2,
  },
  {
    key: 'lc-jurong',
    partner: 'lioncity-auto.example',
    prospect: 'Jurong Precision Engineering Pte. Ltd.',
    taxId: '201734521K',
    domain: 'jurong-precision.example',
    region: 'SG',
    industry: 'manufacturing',
    line: 'DRV',
    currency: 'SGD',
    value: 145_000,
    submittedDaysAgo: 46,
    approvedDaysAgo: 45,
    stages: [['qualified', 30]],
  },
  {
    key: 'ct-hanjiang',
    partner: 'chutian-elec.example',
    prospect: '襄阳汉江汽车变速箱有限公司',
    usccArea: '420606',
    region: 'CN-CENTRAL',
    industry: 'automotive',
    line: 'PLC',
    submittedDaysAgo: 51,
    approvedDaysAgo: 50,
    stages: [
      ['qualified', 35],
      ['proposal', 20],
    ],
  },
  {
    key: 'ct-xingsha',
    partner: 'chutian-elec.example',
    prospect: '长沙星沙工程机械配件有限公司',
    region: 'CN-CENTRAL',
    industry: 'manufacturing',
    line: 'ROB',
    submittedDaysAgo: 11,
    close: { kind: 'withdrawn', daysAgo: 9, reason: '客户决定明年再立项。' },
  },
  {
    key: 'sk-tianfu',
    partner: 'shukong.example',
    prospect: '成都天府燃气设备有限公司',
    usccArea: '510116',
    region: 'CN-SW',
    industry: 'energy',
    line: 'SNS',
    submittedDaysAgo: 21.5,
    rejected: { daysAgo: 20, reason: '该客户由恒泰西南大客户团队直接服务。' },
  },
  {
    key: 'qc-gaoxin',
    partner: 'qinchuan-tech.example',
    prospect: '西安高新光伏电站运维有限公司',
    region: 'CN-NW',
    industry: 'energy',
    line: 'DRV',
    submittedDaysAgo: 160,
    approvedDaysAgo: 158,
    stages: [
      ['qualified', 140],
      ['proposal', 100],
    ],
    close: { kind: 'lost', daysAgo: 70, reason: 'timing', note: '项目推迟到明年招标。' },
  },
  {
    key: 'gy-huaqiao',
    partner: 'gongyuan-precision.example',
    prospect: '昆山花桥医疗器械有限公司',
    usccArea: '320583',
    region: 'CN-EAST',
    industry: 'pharma',
    line: 'HMI',
    fulfilment: 'eastbridge.example',
    submittedDaysAgo: 26,
    approvedDaysAgo: 25,
    stages: [['qualified', 12]],
  },
  {
    key: 'bh-zhengding',
    partner: 'bohai-pharma.example',
    prospect: 'Shijiazhuang Zhengding Pharmaceutical Co., Ltd.',
    domain: 'zhengding-pharma.example',
    region: 'CN-NORTH',
    industry: 'pharma',
    line: 'PLC',
    submittedDaysAgo: 71,
    approvedDaysAgo: 70,
    stages: [
      ['qualified', 50],
      ['proposal', 20],
    ],
  },
  {
    key: 'hy-jiaozhou',
    partner: 'haiyun-marine.example',
    prospect: 'Qingdao Jiaozhou Bay Port Machinery Co., Ltd.',
    usccArea: '370281',
    region: 'CN-EAST',
    industry: 'manufacturing',
    line: 'SNS',
    submittedDaysAgo: 96,
    approvedDaysAgo: 95,
    stages: [['qualified', 80]],
  },
]

type ConflictSpec = {
  key: string
  /** The registration that held the prospect. */
  holder: string
  /** The refused partner, by web domain. */
  partner: string
  by?: Creator
  /** The name as the refused partner typed it. */
  prospect: string
  /** Which of the holder's identifiers the refused partner also entered. */
  sameTaxId?: boolean
  sameDomain?: boolean
  region: string
  industry: string | null
  daysAgo: number
  resolved?: { daysAgo: number; by: StaffSpec['key']; reason: string }
}

/** Refused submissions for held prospects; all but one still wait for a channel manager. */
const conflictSpecs: readonly ConflictSpec[] = [
  {
    key: 'xizi-shenhang',
    holder: 'eb-xizi',
    partner: 'shenhang.example',
    prospect: 'Hangzhou Xizi Intelligent Equipment Co., Ltd.',
    sameTaxId: true,
    region: 'CN-EAST',
    industry: 'manufacturing',
    daysAgo: 3,
  },
  {
    key: 'huakai-pengcheng',
    holder: 'pr-huakai',
    partner: 'pengcheng-tech.example',
    prospect: '华凯家电（顺德）制造有限公司',
    sameTaxId: true,
    region: 'CN-SOUTH',
    industry: 'manufacturing',
    daysAgo: 6,
  },
  {
    key: 'jinling-haiyun',
    holder: 'eb-jinling',
    partner: 'haiyun-marine.example',
    prospect: 'Jinling Smart Logistics (Nanjing)',
    sameDomain: true,
    region: 'CN-EAST',
    industry: 'logistics',
    daysAgo: 0.25,
  },
  {
    key: 'ganglian-gongyuan',
    holder: 'sh-ganglian',
    partner: 'gongyuan-precision.example',
    prospect: '上海宝山钢联冶金设备有限公司',
    region: 'CN-EAST',
    industry: 'manufacturing',
    daysAgo: 20,
    resolved: {
      daysAgo: 18,
      by: 'li',
      reason: 'Shenhang registered first and has already presented a proposal; it keeps the deal.',
    },
  },
]

export type SeedRegistration = {
  key: string
  id: string
  partnerCode: string
  partnerId: string
  creatorEmail: string
  creatorId: string
  fulfilmentPartnerId: string | null
  prospectName: string
  prospectTaxId: string | null
  prospectDomain: string | null
  contactName: string
  contactEmail: string | null
  contactPhone: string
  regionCode: string
  industry: string | null
  productLineCode: SeedProductLineCode
  estimatedValueMinor: number
  currency: string
  /** Expected close date, this many days after submission. */
  expectedCloseAfterDays: number
  notes: string | null
  submittedDaysAgo: number
  approvedDaysAgo: number | null
  rejected: { daysAgo: number; reason: string } | null
  stages: { stage: OpenStage; daysAgo: number }[]
  extension: (RegistrationSpec['extension'] & { id: string }) | null
  close: SeedClose | null
  /** Won amount (minor units) when the close is a win. */
  wonAmountMinor: number | null
}

export type SeedConflict = {
  key: string
  id: string
  holderKey: string
  partnerCode: string
  partnerId: string
  submittedById: string
  submittedByEmail: string
  prospectName: string
  prospectTaxId: string | null
  prospectDomain: string | null
  regionCode: string
  industry: string | null
  estimatedValueMinor: number
  currency: string
  expectedCloseAfterDays: number
  daysAgo: number
  resolved: { daysAgo: number; byEmail: string; reason: string } | null
}

const usccCharset = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** GB 11714 check character of an 8-character organisation code. */
function organisationCodeCheck(code: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 8; i++) {
    const c = code[i]
    sum += (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55) * weights[i]
  }
  const check = 11 - (sum % 11)
  return check === 10 ? 'X' : check === 11 ? '0' : String(check)
}

/**
 * A valid unified social credit code for a company (authority 9, type 1) registered in `area`:
 * a new-style "MA…" organisation code with its GB 11714 check, then the GB 32100 check character.
 */
export function demoUscc(area: string, rng: Rng): string {
  const organisation = `MA${Array.from({ length: 6 }, () => usccCharset[rng.int(0, 30)]).join('')}`
  const first17 = `91${area}${organisation}${organisationCodeCheck(organisation)}`
  let sum = 0
  for (let i = 0; i < 17; i++) sum += usccCharset.indexOf(first17[i]) * usccWeights[i]
  return first17 + usccCharset[(31 - (sum % 31)) % 31]
}

/** Typical deal sizes per product line, in whole currency units. */
const valueRanges: Record<SeedProductLineCode, readonly [number, number]> = {
  PLC: [80_000, 1_200_000],
  DRV: [50_000, 800_000],
  HMI: [20_000, 300_000],
  SNS: [10_000, 200_000],
  ROB: [150_000, 2_000_000],
}

function contactFor(rng: Rng, spec: { region: string; prospect: string; domain?: string }) {
  const style: NameStyle =
    spec.region === 'HK'
      ? 'en-hk'
      : spec.region === 'SG'
        ? 'en-sg'
        : /\p{Script=Han}/u.test(spec.prospect)
          ? 'zh'
          : 'pinyin'
  const person = generatePerson(rng, style)
  const domain = spec.domain?.replace(/^www\./, '') ?? null
  const digits = (n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('')
  const phone =
    spec.region === 'HK'
      ? `+852 ${rng.pick(['5', '6', '9'])}${digits(3)} ${digits(4)}`
      : spec.region === 'SG'
        ? `+65 ${rng.pick(['8', '9'])}${digits(3)} ${digits(4)}`
        : `+86 1${rng.pick(['35', '37', '38', '39', '58', '86', '88'])} ${digits(4)} ${digits(4)}`
  return {
    contactName: person.name,
    contactEmail: domain ? `${person.local}@${domain}` : null,
    contactPhone: phone,
  }
}

/** Resolves the registration and conflict tables against the generated partners and users. */
function buildSeedRegistrations(
  partners: SeedPartner[],
  partnerUsers: SeedUser[],
  staff: SeedUser[],
): { registrations: SeedRegistration[]; conflicts: SeedConflict[] } {
  const rng = createRng(SEED + 2)
  const partnerByDomain = (domain: string) => {
    const index = partnerSpecs.findIndex((p) => p.domain === domain)
    if (index < 0) throw new Error(`seed: unknown partner ${domain}`)
    return partners[index]
  }
  const creatorAt = (partner: SeedPartner, by: Creator): SeedUser => {
    const people = partnerUsers.filter((u) => u.partnerCode === partner.code)
    const active = people.filter((u) => u.status === 'active' && u.role === 'partner_user')
    const found =
      by === 'admin'
        ? people.find((u) => u.role === 'partner_admin')
        : by === 'former'
          ? people.find((u) => u.status === 'disabled')
          : by === 'user2'
            ? (active[1] ?? active[0])
            : active[0]
    if (!found) throw new Error(`seed: no ${by} at ${partner.code}`)
    return found
  }
  const valueOf = (line: SeedProductLineCode, currency: string, fixed?: number) => {
    const [min, max] = valueRanges[line]
    const units = fixed ?? Math.round(rng.int(min, max) / 1000) * 1000
    // CNY ranges; HKD and SGD deals are given explicitly.
    return { estimatedValueMinor: units * 100, currency }
  }

  // Days from submission to the expected close: still ahead for open deals, near the win for won ones.
  const expectedCloseAfterDays = (spec: RegistrationSpec) => {
    const typical = rng.int(60, 180)
    if (spec.close?.kind === 'won')
      return spec.submittedDaysAgo - spec.close.daysAgo + rng.int(-10, 20)
    if (spec.close || spec.rejected) return typical
    return Math.max(typical, Math.ceil(spec.submittedDaysAgo) + rng.int(20, 120))
  }

  const taxIds = new Map<string, string>()
  const registrations = registrationSpecs.map((spec): SeedRegistration => {
    const partner = partnerByDomain(spec.partner)
    const creator = creatorAt(partner, spec.by ?? 'user')
    let prospectTaxId = spec.taxId ?? null
    if (spec.taxIdOf) prospectTaxId = taxIds.get(spec.taxIdOf) ?? null
    else if (spec.usccArea) prospectTaxId = demoUscc(spec.usccArea, rng)
    if (prospectTaxId) taxIds.set(spec.key, prospectTaxId)
    const value = valueOf(spec.line, spec.currency ?? 'CNY', spec.value)
    const wonAmountMinor =
      spec.close?.kind === 'won'
        ? Math.round((value.estimatedValueMinor * rng.int(85, 105)) / 100 / 10_000) * 10_000
        : null
    return {
      key: spec.key,
      id: stableUuid(`registration:${spec.key}`),
      partnerCode: partner.code,
      partnerId: partner.id,
      creatorEmail: creator.email,
      creatorId: creator.id,
      fulfilmentPartnerId: spec.fulfilment ? partnerByDomain(spec.fulfilment).id : null,
      prospectName: spec.prospect,
      prospectTaxId,
      prospectDomain: spec.domain ?? null,
      ...contactFor(rng, spec),
      regionCode: spec.region,
      industry: spec.industry,
      productLineCode: spec.line,
      ...value,
      expectedCloseAfterDays: expectedCloseAfterDays(spec),
      notes: spec.notes ?? null,
      submittedDaysAgo: spec.submittedDaysAgo,
      approvedDaysAgo: spec.approvedDaysAgo ?? null,
      rejected: spec.rejected ?? null,
      stages: (spec.stages ?? []).map(([stage, daysAgo]) => ({ stage, daysAgo })),
      extension: spec.extension
        ? { ...spec.extension, id: stableUuid(`registration-extension:${spec.key}`) }
        : null,
      close: spec.close ?? null,
      wonAmountMinor,
    }
  })

  const conflicts = conflictSpecs.map((spec): SeedConflict => {
    const holder = registrations.find((r) => r.key === spec.holder)
    if (!holder) throw new Error(`seed: unknown holder ${spec.holder}`)
    const partner = partnerByDomain(spec.partner)
    const submitter = creatorAt(partner, spec.by ?? 'user')
    const resolver = spec.resolved && staff.find((s) => s.email === staffEmail(spec.resolved!.by))
    return {
      key: spec.key,
      id: stableUuid(`registration-conflict:${spec.key}`),
      holderKey: holder.key,
      partnerCode: partner.code,
      partnerId: partner.id,
      submittedById: submitter.id,
      submittedByEmail: submitter.email,
      prospectName: spec.prospect,
      prospectTaxId: spec.sameTaxId ? holder.prospectTaxId : null,
      prospectDomain: spec.sameDomain ? holder.prospectDomain : null,
      regionCode: spec.region,
      industry: spec.industry,
      ...valueOf(holder.productLineCode, holder.currency),
      expectedCloseAfterDays: rng.int(60, 180),
      daysAgo: spec.daysAgo,
      resolved:
        spec.resolved && resolver
          ? {
              daysAgo: spec.resolved.daysAgo,
              byEmail: resolver.email,
              reason: spec.resolved.reason,
            }
          : null,
    }
  })
  return { registrations, conflicts }
}
