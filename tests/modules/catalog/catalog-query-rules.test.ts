import { describe, expect, test } from 'vitest'
import {
  catalogListSearch,
  parseCatalogQuantity,
  parseCatalogQuery,
  type CatalogQuery,
} from '#app/modules/catalog/catalog-query-rules'
import { daysUntil } from '#app/modules/catalog/price-policy-rules'

const lineId = '6f1c2b9e-3d4a-4c5b-8e7f-9a0b1c2d3e4f'
const defaults: CatalogQuery = {
  q: '',
  line: null,
  category: null,
  inStock: false,
  sort: 'name',
  dir: 'asc',
  page: 1,
}

const parse = (search: string) => parseCatalogQuery(new URLSearchParams(search))

describe('parseCatalogQuery', () => {
  test.each([
    ['', defaults],
    ['q=%20plc-2%20&sort=price', { ...defaults, q: 'plc-2', sort: 'price' }],
    ['sort=availability', { ...defaults, sort: 'availability', dir: 'desc' }],
    ['sort=availability&dir=asc', { ...defaults, sort: 'availability', dir: 'asc' }],
    [
      `line=${lineId.toUpperCase()}&inStock=1&page=3`,
      { ...defaults, line: lineId, inStock: true, page: 3 },
    ],
    ['inStock=on', { ...defaults, inStock: true }],
    // Full-width letters from a Chinese input method are the SKU's characters.
    ['q=ＨＴ－ＰＬＣ', { ...defaults, q: 'HT-PLC' }],
  ])('%j', (search, expected) => {
    expect(parse(search)).toEqual(expected)
  })

  test.each([
    'page=-1',
    'page=0',
    'page=abc',
    'page=1e9',
    'page=2.5',
    'page=99999999999999999999',
    'sort=zzz',
    'sort=PRICE',
    'dir=sideways',
    'line=not-a-uuid',
    `category=${encodeURIComponent("x'; drop table products; --")}`,
    'inStock=yes please',
    'q=%00%01',
    `q=${'x'.repeat(5000)}`,
    'q=%E0%A4%A',
    'line=&category=&sort=&dir=&page=',
  ])('junk %j falls back to defaults without throwing', (search) => {
    const query = parse(search)
    expect(query.page).toBeGreaterThanOrEqual(1)
    expect(['name', 'price', 'availability']).toContain(query.sort)
    expect(['asc', 'desc']).toContain(query.dir)
    expect(query.line).toBeNull()
    expect(query.category).toBeNull()
    expect(query.q.length).toBeLessThanOrEqual(100)
    expect(query.q).not.toMatch(/\p{Cc}/u)
  })

  test('a repeated parameter takes its first value', () => {
    expect(parse('sort=price&sort=name').sort).toBe('price')
  })
})

describe('catalogListSearch', () => {
  test('defaults are left out; every view survives the round trip through the URL', () => {
    expect(catalogListSearch(defaults)).toBe('')
    expect(catalogListSearch(defaults, { sort: 'availability', dir: 'desc' })).toBe(
      '?sort=availability',
    )
    const views: CatalogQuery[] = [
      { ...defaults, q: 'servo 0.75 & co', sort: 'price', dir: 'desc', page: 4 },
      { ...defaults, line: lineId, category: lineId, inStock: true },
      { ...defaults, sort: 'availability', dir: 'asc' },
    ]
    for (const view of views) {
      expect(parse(catalogListSearch(view).slice(1))).toEqual(view)
    }
  })
})

describe('parseCatalogQuantity', () => {
  test.each([
    [null, { ok: true, quantity: 1 }],
    ['', { ok: true, quantity: 1 }],
    ['12', { ok: true, quantity: 12 }],
    [' 1,000 ', { ok: true, quantity: 1000 }],
    ['１２', { ok: true, quantity: 12 }],
    ['1000000', { ok: true, quantity: 1_000_000 }],
    ['0', { ok: false, quantity: 1, error: 'catalog:product.quantityRange' }],
    ['1000001', { ok: false, quantity: 1, error: 'catalog:product.quantityRange' }],
    ['99999999999999999999999', { ok: false, quantity: 1, error: 'catalog:product.quantityRange' }],
    ['-5', { ok: false, quantity: 1, error: 'catalog:product.quantityInvalid' }],
    ['2.5', { ok: false, quantity: 1, error: 'catalog:product.quantityInvalid' }],
    ['ten', { ok: false, quantity: 1, error: 'catalog:product.quantityInvalid' }],
  ])('%j', (raw, expected) => {
    expect(parseCatalogQuantity(raw)).toMatchObject(expected)
  })
})

test('days until a policy takes effect', () => {
  expect(daysUntil('2026-12-15', '2026-12-01')).toBe(14)
  expect(daysUntil('2027-01-01', '2026-12-31')).toBe(1)
  expect(daysUntil('2026-11-01', '2026-12-01')).toBe(-30)
})
