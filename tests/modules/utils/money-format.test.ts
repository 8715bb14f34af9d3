import { describe, expect, test } from 'vitest'
import { formatMoney, minorUnitDigits } from '#app/utils/format'
import { minorToInputValue, parseMoneyToMinor } from '#app/utils/money'

describe('parsing typed amounts into minor units (no floats)', () => {
  test.each([
    ['12500', 'CNY', 1_250_000],
    ['12,500.50', 'CNY', 1_250_050],
    ['0.1', 'CNY', 10],
    ['0.07', 'USD', 7],
    [' 1 000 ', 'CNY', 100_000],
    ['1000', 'JPY', 1000],
    ['19.99', 'EUR', 1999],
    ['0.29', 'CNY', 29],
    ['1.005', 'CNY', null],
    ['1.5', 'JPY', null],
    ['-5', 'CNY', null],
    ['abc', 'CNY', null],
    ['', 'CNY', null],
    ['1e5', 'CNY', null],
    ['99999999999999999999', 'CNY', null],
  ])('%j %s → %s', (text, currency, expected) => {
    expect(parseMoneyToMinor(text, currency)).toBe(expected)
  })

  test.each([
    [1_250_050, 'CNY', '12500.50'],
    [7, 'USD', '0.07'],
    [1000, 'JPY', '1000'],
    [0, 'CNY', '0.00'],
  ])('%d %s back to input text %j, and round-trips', (minor, currency, text) => {
    expect(minorToInputValue(minor, currency)).toBe(text)
    expect(parseMoneyToMinor(text, currency)).toBe(minor)
  })
})

describe('formatting money for the locale', () => {
  test('uses the currency minor units', () => {
    expect(minorUnitDigits('CNY')).toBe(2)
    expect(minorUnitDigits('JPY')).toBe(0)
  })
  test('English and Chinese formats', () => {
    expect(formatMoney(1_250_050, 'CNY', 'en')).toBe('CN¥12,500.50')
    expect(formatMoney(1_250_050, 'CNY', 'zh-CN')).toBe('¥12,500.50')
    expect(formatMoney(1999, 'USD', 'en')).toBe('$19.99')
  })
})
