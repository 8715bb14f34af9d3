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

  return { regions: seedRegions, staff, partners, partnerUsers, auditEvents }
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
