import { beforeAll, describe, expect, test } from 'vitest'
import { findChannelManagers } from '#app/modules/partners/find-channel-managers.server'
import { findPartners } from '#app/modules/partners/find-partners.server'
import { parsePartnerListQuery, partnersPageSize } from '#app/modules/partners/partner-rules'
import { getPartnerDetail } from '#app/modules/partners/get-partner-detail.server'
import {
  createPartner,
  createUser,
  createVendorStaff,
  ensureRegions,
  type TestPartner,
  type TestUser,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()

// Every partner here is named "Findtest <word>", so the search keeps other files' rows out.
let li: TestUser
let chen: TestUser
let byName: Record<string, TestPartner>

const find = (search: string, actor: { id: string } = li) =>
  findPartners(database.db, { actor, query: parsePartnerListQuery(new URLSearchParams(search)) })

beforeAll(async () => {
  const db = database.db
  li = await createVendorStaff(db, { name: 'Li Na' })
  chen = await createVendorStaff(db, { name: 'Chen Wei' })
  await ensureRegions(db, ['CN-EAST', 'CN-SOUTH', 'HK'])
  const specs = [
    {
      word: 'Alpha',
      kind: 'distributor',
      tier: 'gold',
      regions: ['CN-EAST'],
      channelManagerId: li.id,
    },
    {
      word: 'bravo',
      kind: 'dealer',
      tier: 'silver',
      regions: ['CN-SOUTH'],
      channelManagerId: chen.id,
    },
    {
      word: 'Charlie',
      kind: 'dealer',
      tier: 'gold',
      regions: ['CN-EAST', 'HK'],
      channelManagerId: li.id,
      status: 'suspended',
    },
    {
      word: 'Delta 100%',
      kind: 'reseller',
      tier: 'registered',
      regions: [],
      channelManagerId: null,
    },
  ] as const
  byName = {}
  for (const spec of specs) {
    const { word, ...rest } = spec
    byName[word] = await createPartner(db, {
      ...rest,
      regions: [...rest.regions],
      name: `Findtest ${word}`,
    })
  }
  await createUser(db, { partnerId: byName.Alpha.id })
  await createUser(db, { partnerId: byName.Alpha.id, role: 'partner_admin' })
})

const names = (result: Awaited<ReturnType<typeof find>>) => result.partners.map((p) => p.name)

describe('findPartners', () => {
  test('searches name and code, case-insensitively, and sorts by name', async () => {
    const result = await find('q=findtest')
    expect(names(result)).toEqual([
      'Findtest Alpha',
      'Findtest bravo',
      'Findtest Charlie',
      'Findtest Delta 100%',
    ])
    expect(result.total).toBe(4)
    expect(names(await find(`q=${encodeURIComponent(byName.bravo.code.toLowerCase())}`))).toEqual([
      'Findtest bravo',
    ])
  })

  test('% and _ in a search are plain characters, not wildcards', async () => {
    expect(names(await find('q=findtest%20delta%20100%25'))).toEqual(['Findtest Delta 100%'])
    expect((await find('q=findtest%25alpha')).total).toBe(0)
    expect((await find('q=findtest_alpha')).total).toBe(0)
  })

  test('filters by kind, tier, status and region, and combines them', async () => {
    expect(names(await find('q=findtest&kind=dealer'))).toEqual([
      'Findtest bravo',
      'Findtest Charlie',
    ])
    expect(names(await find('q=findtest&tier=gold'))).toEqual([
      'Findtest Alpha',
      'Findtest Charlie',
    ])
    expect(names(await find('q=findtest&status=suspended'))).toEqual(['Findtest Charlie'])
    expect(names(await find('q=findtest&region=CN-EAST'))).toEqual([
      'Findtest Alpha',
      'Findtest Charlie',
    ])
    expect(names(await find('q=findtest&region=CN-EAST&status=active&tier=gold'))).toEqual([
      'Findtest Alpha',
    ])
  })

  test('"mine" is the acting channel manager’s partners; "none" the unassigned ones', async () => {
    expect(names(await find('q=findtest&manager=mine', li))).toEqual([
      'Findtest Alpha',
      'Findtest Charlie',
    ])
    expect(names(await find('q=findtest&manager=mine', chen))).toEqual(['Findtest bravo'])
    expect(names(await find(`q=findtest&manager=${chen.id}`, li))).toEqual(['Findtest bravo'])
    expect(names(await find('q=findtest&manager=none'))).toEqual(['Findtest Delta 100%'])
  })

  test('rows carry the manager’s name, region codes and user count', async () => {
    const [charlie] = (await find('q=findtest%20charlie')).partners
    expect(charlie).toMatchObject({
      channelManagerName: 'Li Na',
      regionCodes: ['CN-EAST', 'HK'],
      status: 'suspended',
    })
    const [alpha] = (await find('q=findtest%20alpha')).partners
    expect(alpha.userCount).toBe(2)
  })

  test('sorts by code and creation date in either direction', async () => {
    const byCode = names(await find('q=findtest&sort=code&dir=desc'))
    const codes = Object.values(byName)
      .sort((a, b) => (a.code < b.code ? 1 : -1))
      .map((p) => p.name)
    expect(byCode).toEqual(codes)
    expect(names(await find('q=findtest&sort=created&dir=asc'))[0]).toBe('Findtest Alpha')
    expect(names(await find('q=findtest&sort=created'))[0]).toBe('Findtest Delta 100%')
  })

  test('pages hold 25 rows and the total counts every match', async () => {
    const word = `Pagetest${Date.now()}`
    for (let i = 1; i <= partnersPageSize + 5; i++) {
      await createPartner(database.db, { name: `${word} ${String(i).padStart(2, '0')}` })
    }
    const first = await find(`q=${word}`)
    expect(first).toMatchObject({ total: 30, page: 1, pageCount: 2, pageSize: 25 })
    expect(first.partners).toHaveLength(25)
    const second = await find(`q=${word}&page=2`)
    expect(second.total).toBe(30)
    expect(names(second)).toEqual([26, 27, 28, 29, 30].map((i) => `${word} ${i}`))
    const beyond = await find(`q=${word}&page=9`)
    expect(beyond).toMatchObject({ total: 30, partners: [] })
  })
})

describe('getPartnerDetail and findChannelManagers', () => {
  test('the detail has territories with region names and the manager', async () => {
    const detail = await getPartnerDetail(database.db, { partnerId: byName.Charlie.id })
    expect(detail.territories.map((t) => t.regionCode)).toEqual(['CN-EAST', 'HK'])
    expect(detail.channelManager).toMatchObject({ id: li.id, name: 'Li Na', status: 'active' })
  })

  test('unknown and malformed partner ids are not found', async () => {
    for (const partnerId of ['nope', '6f1c1f8e-5d2a-4b8a-9a51-0c6f2e9c1d11']) {
      await expect(getPartnerDetail(database.db, { partnerId })).rejects.toMatchObject({
        code: 'not_found',
      })
    }
  })

  test('only active channel managers can be chosen', async () => {
    const gone = await createVendorStaff(database.db, { status: 'disabled' })
    const admin = await createVendorStaff(database.db, { role: 'admin' })
    const ids = (await findChannelManagers(database.db)).map((m) => m.id)
    expect(ids).toEqual(expect.arrayContaining([li.id, chen.id]))
    expect(ids).not.toContain(gone.id)
    expect(ids).not.toContain(admin.id)
  })
})
