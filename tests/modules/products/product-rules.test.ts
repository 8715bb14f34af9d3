import { describe, expect, test } from 'vitest'
import {
  isAllowedImageUrl,
  parseProductListQuery,
  ProductForm,
  productListSearch,
  type ProductFormInput,
} from '#app/modules/catalog/product-rules'
import {
  StockAdjustmentForm,
  stockAdjustmentRefusal,
} from '#app/modules/catalog/stock-adjustment-rules'
import { CatalogSettingsForm } from '#app/modules/catalog/catalog-settings-rules'
import { toFieldErrors } from '#app/utils/forms'

const lineId = '0b8f5a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b'
const categoryId = '1c9f6b4f-2d3e-4f60-9bac-1d2e3f4a5b6c'

function form(overrides: Partial<Record<keyof ProductFormInput, string | boolean>> = {}) {
  return {
    sku: 'ht-plc-100 ',
    name: '  Compact   PLC 100 ',
    description: 'Line one\nLine two',
    productLineId: lineId,
    categoryId,
    unit: '',
    listPrice: '2,680.50',
    currency: 'cny',
    imageUrl: '',
    active: 'on',
    ...overrides,
  }
}

function errorsOf(input: unknown) {
  const result = ProductForm.safeParse(input)
  return result.success ? {} : toFieldErrors(result.error)
}

describe('ProductForm', () => {
  test('normalises what was typed into what is stored', () => {
    expect(ProductForm.parse(form())).toEqual({
      sku: 'HT-PLC-100',
      name: 'Compact PLC 100',
      description: 'Line one\nLine two',
      productLineId: lineId,
      categoryId,
      unit: 'pcs',
      listPriceMinor: 268_050,
      currency: 'CNY',
      imageUrl: null,
      active: true,
    })
  })

  test('an unticked box (no field at all) creates an inactive product', () => {
    const { active: _active, ...rest } = form()
    expect(ProductForm.parse(rest).active).toBe(false)
  })

  test.each([
    ['', 'validation:required'],
    ['12,5,0x', 'validation:invalidAmount'],
    ['-5', 'validation:invalidAmount'],
    ['1.234', 'validation:invalidAmount'],
    ['99999999999999999999', 'validation:invalidAmount'],
  ])('list price %j is refused with %s', (listPrice, message) => {
    expect(errorsOf(form({ listPrice }))).toEqual({ listPrice: message })
  })

  test('a currency without minor units takes whole amounts only', () => {
    expect(ProductForm.parse(form({ currency: 'JPY', listPrice: '2680' })).listPriceMinor).toBe(
      2680,
    )
    expect(errorsOf(form({ currency: 'JPY', listPrice: '2680.50' }))).toEqual({
      listPrice: 'products:validation.wholeAmount',
    })
  })

  test.each(['CN', 'ABC', 'C1Y', 'yuan'])('currency %j is refused', (currency) => {
    expect(errorsOf(form({ currency }))).toEqual({ currency: 'products:validation.currency' })
  })

  test.each([
    ['', 'validation:required'],
    ['-LEADING', 'products:validation.skuFormat'],
    ['HAS SPACE', 'products:validation.skuFormat'],
    ['Ä-100', 'products:validation.skuFormat'],
    ['X'.repeat(65), 'products:validation.skuFormat'],
  ])('SKU %j is refused', (sku, message) => {
    expect(errorsOf(form({ sku }))).toEqual({ sku: message })
  })

  test('a full-width SKU is folded to ASCII capitals', () => {
    expect(ProductForm.parse(form({ sku: 'ｈｔ－１００' })).sku).toBe('HT-100')
  })

  test('names and descriptions have limits, and control characters never reach the database', () => {
    expect(errorsOf(form({ name: '   ' }))).toEqual({ name: 'validation:required' })
    expect(errorsOf(form({ name: 'x'.repeat(201) }))).toEqual({ name: 'validation:tooLong' })
    expect(errorsOf(form({ description: 'x'.repeat(5001) }))).toEqual({
      description: 'validation:tooLong',
    })
    const parsed = ProductForm.parse(form({ name: 'PLC\u0000 100', description: 'a\u0000b' }))
    expect(parsed.name).toBe('PLC 100')
    expect(parsed.description).toBe('ab')
  })

  test('product line and category must be ids', () => {
    expect(errorsOf(form({ productLineId: '', categoryId: 'plc' }))).toEqual({
      productLineId: 'products:validation.productLine',
      categoryId: 'products:validation.category',
    })
  })

  test('an image is an https URL or a path on this site; nothing else', () => {
    expect(ProductForm.parse(form({ imageUrl: ' /images/plc.png ' })).imageUrl).toBe(
      '/images/plc.png',
    )
    expect(errorsOf(form({ imageUrl: 'http://cdn.example/plc.png' }))).toEqual({
      imageUrl: 'products:validation.imageUrl',
    })
  })
})

describe('isAllowedImageUrl', () => {
  test.each([
    ['https://cdn.example.com/plc-100.png', true],
    ['HTTPS://cdn.example.com/a.png', true],
    ['/images/plc.png', true],
    ['http://cdn.example.com/plc.png', false],
    ['//evil.example/x.png', false],
    ['/\\evil.example/x.png', false],
    ['javascript:alert(1)', false],
    ['data:image/png;base64,AAAA', false],
    ['https://user:pass@cdn.example.com/a.png', false],
    ['https://', false],
    ['images/plc.png', false],
    ['/images/my plc.png', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedImageUrl(url)).toBe(allowed)
  })
})

describe('the product list query', () => {
  test('junk values fall back to no filter, the first page and the default sort', () => {
    const query = parseProductListQuery(
      new URLSearchParams(
        'q=%00x&line=nope&category=1&status=gone&stock=many&sort=zzz&dir=up&page=-3',
      ),
    )
    expect(query).toEqual({
      q: 'x',
      productLineId: null,
      categoryId: null,
      status: null,
      stock: null,
      sort: 'sku',
      dir: 'asc',
      page: 1,
    })
  })

  test('what the URL says survives a round trip; defaults stay out of links', () => {
    const search = `?q=PLC&line=${lineId}&category=${categoryId}&status=inactive&stock=low&sort=available&dir=desc&page=3`
    const query = parseProductListQuery(new URLSearchParams(search))
    expect(productListSearch(query)).toBe(search)
    expect(productListSearch(parseProductListQuery(new URLSearchParams('')))).toBe('')
    expect(parseProductListQuery(new URLSearchParams('page=99999999')).page).toBe(1)
  })
})

describe('StockAdjustmentForm', () => {
  const warehouseId = lineId
  test.each([
    ['+20', 20],
    ['-5', -5],
    ['−5', -5],
    ['1,000', 1000],
    ['0', 0],
    ['-0', 0],
  ])('a change typed as %j is %d', (change, expected) => {
    expect(
      StockAdjustmentForm.parse({ warehouseId, change, reason: 'Counted', restockDate: '' }).change,
    ).toBe(expected)
  })

  test.each([
    [{ change: '' }, { change: 'products:stock.validation.change' }],
    [{ change: '2.5' }, { change: 'products:stock.validation.change' }],
    [{ change: '1000001' }, { change: 'products:stock.validation.changeTooLarge' }],
    [{ reason: '  ' }, { reason: 'products:stock.validation.reason' }],
    [{ restockDate: '2026-02-30' }, { restockDate: 'products:stock.validation.restockDate' }],
    [{ warehouseId: 'SH' }, { warehouseId: 'products:stock.validation.warehouse' }],
  ])('%j is refused', (overrides, errors) => {
    const result = StockAdjustmentForm.safeParse({
      warehouseId,
      change: '5',
      reason: 'Counted',
      restockDate: '',
      ...overrides,
    })
    expect(result.success ? {} : toFieldErrors(result.error)).toEqual(errors)
  })
})

describe('stockAdjustmentRefusal', () => {
  test.each([
    [{ onHand: 10, reserved: 4, change: -6 }, null],
    [{ onHand: 10, reserved: 4, change: -7 }, 'below_reserved'],
    [{ onHand: 10, reserved: 0, change: -10 }, null],
    [{ onHand: 10, reserved: 0, change: -11 }, 'below_zero'],
    [{ onHand: 0, reserved: 0, change: 5 }, null],
    [{ onHand: 2_147_483_000, reserved: 0, change: 1000 }, 'too_large'],
    [{ onHand: 5, reserved: 0, change: 0 }, 'nothing_to_change'],
  ])('%j → %s', (current, kind) => {
    const refusal = stockAdjustmentRefusal({ ...current, restockDateChanges: false })
    expect(refusal?.kind ?? null).toBe(kind)
  })

  test('a change of zero is fine when only the restock date moves', () => {
    expect(
      stockAdjustmentRefusal({ onHand: 0, reserved: 0, change: 0, restockDateChanges: true }),
    ).toBeNull()
  })

  test('the refusal below reserved says how much may still be written off', () => {
    expect(
      stockAdjustmentRefusal({ onHand: 10, reserved: 4, change: -8, restockDateChanges: false }),
    ).toEqual({ kind: 'below_reserved', onHand: 10, reserved: 4, maxWriteOff: 6 })
  })
})

describe('CatalogSettingsForm', () => {
  test.each([
    [{ availabilityDisplay: 'banded', lowStockThreshold: ' 25 ' }, true],
    [{ availabilityDisplay: 'exact', lowStockThreshold: '0' }, true],
    [{ availabilityDisplay: 'exact', lowStockThreshold: '1000000' }, true],
    [{ availabilityDisplay: 'exact', lowStockThreshold: '1000001' }, false],
    [{ availabilityDisplay: 'exact', lowStockThreshold: '-1' }, false],
    [{ availabilityDisplay: 'fuzzy', lowStockThreshold: '5' }, false],
  ])('%j valid: %s', (input, valid) => {
    expect(CatalogSettingsForm.safeParse(input).success).toBe(valid)
  })
})
