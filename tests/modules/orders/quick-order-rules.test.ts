import { describe, expect, test } from 'vitest'
import { maxCartLines } from '#app/modules/orders/order-rules'
import {
  maxQuickOrderRows,
  parseQuickOrderRows,
  splitPastedText,
} from '#app/modules/orders/quick-order-rules'

const parse = (text: string) => parseQuickOrderRows(splitPastedText(text))

describe('quick order: pasted lines', () => {
  test.each([
    ['comma', 'HT-PX-M12, 20', [{ line: 1, sku: 'HT-PX-M12', quantity: 20 }]],
    ['tab (from a spreadsheet)', 'HT-PX-M12\t20', [{ line: 1, sku: 'HT-PX-M12', quantity: 20 }]],
    ['semicolon', 'HT-PX-M12;20', [{ line: 1, sku: 'HT-PX-M12', quantity: 20 }]],
    ['spaces', 'HT-PX-M12   20', [{ line: 1, sku: 'HT-PX-M12', quantity: 20 }]],
    [
      'full-width comma and digits',
      'HT-PX-M12，２０',
      [{ line: 1, sku: 'HT-PX-M12', quantity: 20 }],
    ],
    ['lower case, padded', '  ht-px-m12 ,  3  ', [{ line: 1, sku: 'HT-PX-M12', quantity: 3 }]],
    [
      'Windows line ends',
      'A-1,1\r\nB-2,2',
      [
        { line: 1, sku: 'A-1', quantity: 1 },
        { line: 2, sku: 'B-2', quantity: 2 },
      ],
    ],
    [
      'blank and comment lines keep the numbering',
      '\n# from the e-mail\nA-1, 1\n\nB-2, 2',
      [
        { line: 3, sku: 'A-1', quantity: 1 },
        { line: 5, sku: 'B-2', quantity: 2 },
      ],
    ],
    ['largest quantity', 'A-1, 100000', [{ line: 1, sku: 'A-1', quantity: 100_000 }]],
  ])('%s', (_name, text, lines) => {
    const parsed = parse(text)
    expect(parsed.problems).toEqual([])
    expect(parsed.lines).toEqual(lines)
  })

  test.each([
    ['no quantity', 'HT-PX-M12', 'quantity_missing'],
    ['zero', 'HT-PX-M12, 0', 'quantity_invalid'],
    ['negative', 'HT-PX-M12, -3', 'quantity_invalid'],
    ['a fraction', 'HT-PX-M12, 2.5', 'quantity_invalid'],
    ['words', 'HT-PX-M12, twenty', 'quantity_invalid'],
    ['too many', 'HT-PX-M12, 100001', 'quantity_too_large'],
    ['absurd', 'HT-PX-M12, 99999999999999', 'quantity_invalid'],
    ['no SKU', ', 5', 'sku_missing'],
    ['not a SKU', '<script>, 5', 'sku_invalid'],
    ['a SKU with a space inside', '"HT PX", 5', 'sku_invalid'],
  ])('%s is reported with its line number and reason', (_name, row, reason) => {
    const parsed = parse(`A-1, 1\n${row}\nB-2, 2`)
    expect(parsed.problems).toEqual([{ line: 2, text: expect.any(String), reason }])
    expect(parsed.lines.map((l) => l.sku)).toEqual(['A-1', 'B-2'])
  })

  test('the same SKU twice is one line with both quantities; the repeat is noted', () => {
    const parsed = parse('A-1, 2\nB-2, 1\na-1, 3')
    expect(parsed.lines).toEqual([
      { line: 1, sku: 'A-1', quantity: 5 },
      { line: 2, sku: 'B-2', quantity: 1 },
    ])
    expect(parsed.mergedLines).toEqual([3])
  })

  test('repeats that add up past the largest quantity are refused', () => {
    const parsed = parse('A-1, 60000\nA-1, 50000')
    expect(parsed.lines).toEqual([{ line: 1, sku: 'A-1', quantity: 60_000 }])
    expect(parsed.problems).toEqual([{ line: 2, text: 'A-1, 50000', reason: 'quantity_too_large' }])
  })

  test('more rows than allowed: the rest are reported, not silently dropped', () => {
    const text = Array.from({ length: maxQuickOrderRows + 2 }, (_, i) => `SKU-${i % 10}, 1`).join(
      '\n',
    )
    const parsed = parse(text)
    expect(parsed.problems.map((p) => p.reason)).toEqual(['too_many_lines', 'too_many_lines'])
    expect(parsed.problems.map((p) => p.line)).toEqual([
      maxQuickOrderRows + 1,
      maxQuickOrderRows + 2,
    ])
  })

  test('more distinct SKUs than a cart holds: the lines beyond it are reported', () => {
    const text = Array.from({ length: maxCartLines + 1 }, (_, i) => `SKU-${i}, 1`).join('\n')
    const parsed = parse(text)
    expect(parsed.lines).toHaveLength(maxCartLines)
    expect(parsed.problems).toEqual([
      { line: maxCartLines + 1, text: `SKU-${maxCartLines}, 1`, reason: 'too_many_lines' },
    ])
  })
})

describe('quick order: rows with a header', () => {
  test.each([
    [['SKU', 'Qty'], 0, 1],
    [['Quantity', 'sku'], 1, 0],
    [['型号', '数量'], 0, 1],
    [['Item', 'Description', 'Quantity'], 0, 2],
  ])('header %j: the SKU and quantity columns are found by name', (header, skuAt, qtyAt) => {
    const row = Array(header.length).fill('x')
    row[skuAt] = 'HT-IO-DI16'
    row[qtyAt] = '4'
    const parsed = parseQuickOrderRows([
      { line: 1, cells: header },
      { line: 2, cells: row },
    ])
    expect(parsed.headerSkipped).toBe(true)
    expect(parsed.problems).toEqual([])
    expect(parsed.lines).toEqual([{ line: 2, sku: 'HT-IO-DI16', quantity: 4 }])
  })

  test('without a header the first row is a line like any other', () => {
    const parsed = parseQuickOrderRows([
      { line: 1, cells: ['HT-IO-DI16', '4'] },
      { line: 2, cells: ['HT-PX-M12', '2'] },
    ])
    expect(parsed.headerSkipped).toBe(false)
    expect(parsed.lines.map((l) => l.line)).toEqual([1, 2])
  })
})
