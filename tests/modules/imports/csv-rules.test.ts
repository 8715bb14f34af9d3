import { describe, expect, test } from 'vitest'
import { parseCsvDate } from '#app/modules/imports/cell-rules'
import {
  checkContractPriceRows,
  ContractPriceCsvRow,
} from '#app/modules/imports/contract-price-csv-rules'
import {
  columnLetter,
  csvLimits,
  csvLines,
  decodeCsvBytes,
  detectDelimiter,
  escapeCsvCell,
  normalizeHeader,
  readCsvTable,
  unescapeCsvCell,
} from '#app/modules/imports/csv-rules'
import { parseImportFile, templateCsv } from '#app/modules/imports/import-file-rules'
import { ImportForm } from '#app/modules/imports/import-rules'
import { productColumns } from '#app/modules/imports/product-csv-rules'
import { csv, encodeGb18030, utf8 } from './csv-files'

const header = ['sku', 'name', 'product_line', 'category', 'list_price', 'currency']
const good = (sku: string, name = `Product ${sku}`) => [
  sku,
  name,
  'PLC',
  'controllers',
  '1200.00',
  'CNY',
]

const read = (bytes: Uint8Array) => readCsvTable(bytes, { columns: productColumns })

function fileErrorsOf(bytes: Uint8Array, encoding?: 'auto' | 'utf-8' | 'gb18030') {
  const result = parseImportFile('products', bytes, encoding)
  if (result.ok) throw new Error('expected a file error')
  return result.fileErrors.map((error) => error.reason)
}

describe('decoding', () => {
  test.each([
    ['UTF-8 without BOM', utf8('sku,名称\n'), 'utf-8', 'sku,名称\n'],
    ['UTF-8 with BOM', utf8('sku,名称\n', { bom: true }), 'utf-8', 'sku,名称\n'],
    [
      'GB18030 (Chinese Excel)',
      encodeGb18030('sku,名称\nA-1,伺服驱动器\n'),
      'gb18030',
      'sku,名称\nA-1,伺服驱动器\n',
    ],
  ])('%s', (_, bytes, encoding, text) => {
    expect(decodeCsvBytes(bytes)).toEqual({ ok: true, text, encoding })
  })

  test.each([
    ['an empty file', new Uint8Array(), 'imports:file.empty'],
    ['only blank lines', utf8('\r\n \r\n'), 'imports:file.empty'],
    [
      'an Excel workbook (.xlsx)',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
      'imports:file.spreadsheet',
    ],
    [
      'an old Excel workbook (.xls)',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1]),
      'imports:file.spreadsheet',
    ],
    ['UTF-16 text', new Uint8Array([0xff, 0xfe, 0x73, 0x00]), 'imports:file.utf16'],
    [
      'a binary file with NUL bytes',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a]),
      'imports:file.binary',
    ],
    ['text with control characters', utf8('sku\u0001,name\n'), 'imports:file.binary'],
    [
      'a UTF-8 BOM before bytes that are not UTF-8',
      new Uint8Array([0xef, 0xbb, 0xbf, 0xc3, 0x28]),
      'imports:file.notUtf8',
    ],
    [
      'bytes neither UTF-8 nor GB18030',
      new Uint8Array([0x73, 0x6b, 0x75, 0x0a, 0x81, 0x20]),
      'imports:file.undecodable',
    ],
  ])('%s is a clear file error', (_, bytes, reason) => {
    const result = decodeCsvBytes(bytes)
    expect(result).toEqual({ ok: false, error: { reason } })
  })

  test('choosing UTF-8 refuses a GB18030 file instead of guessing', () => {
    const bytes = encodeGb18030('sku,名称\n')
    expect(decodeCsvBytes(bytes, 'utf-8')).toEqual({
      ok: false,
      error: { reason: 'imports:file.notUtf8' },
    })
    expect(decodeCsvBytes(bytes, 'gb18030')).toMatchObject({ ok: true, text: 'sku,名称\n' })
  })
})

describe('header', () => {
  test('matches case, width and whitespace insensitively, and Chinese names', () => {
    const bytes = utf8(
      csv([
        [' SKU ', 'Ｎａｍｅ', '产品线', 'Category', 'List Price', '币种', 'image-url'],
        ['HT-1', 'Servo', 'PLC', 'controllers', '1', 'CNY', ''],
      ]),
    )
    const result = read(bytes)
    expect(result.ok && result.table.columns).toEqual([
      'sku',
      'name',
      'product_line',
      'category',
      'list_price',
      'currency',
      'image_url',
    ])
    expect(result.ok && result.table.headerOf.product_line).toBe('产品线')
  })

  test('names every missing and unknown column at once', () => {
    const result = read(
      utf8(
        csv([
          ['sku', 'name', 'colour', 'price'],
          ['A', 'B', 'red', '1'],
        ]),
      ),
    )
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          reason: 'imports:file.unknownColumns',
          params: { columns: '“colour”', known: expect.stringContaining('sku, name') },
        },
        {
          reason: 'imports:file.missingColumns',
          params: { columns: 'product_line, category, currency' },
        },
      ],
    })
  })

  test('a file without a header row says what the first line should be', () => {
    expect(fileErrorsOf(utf8(csv([good('HT-1'), good('HT-2')])))).toEqual(['imports:file.noHeader'])
  })

  test('a column named twice or a column without a name is refused', () => {
    expect(
      fileErrorsOf(
        utf8(
          csv([
            [...header, 'SKU'],
            [...good('A'), 'A'],
          ]),
        ),
      ),
    ).toEqual(['imports:file.duplicateColumns'])
    expect(
      fileErrorsOf(
        utf8(
          csv([
            ['sku', '', ...header.slice(1)],
            ['A', '', ...good('A').slice(1)],
          ]),
        ),
      ),
    ).toEqual(['imports:file.unnamedColumns'])
  })

  test('empty cells after the last column (as Excel leaves them) are not columns', () => {
    const result = read(
      utf8(
        csv([
          [...header, '', ''],
          [...good('A'), '', ''],
        ]),
      ),
    )
    expect(result.ok && result.table.rows).toHaveLength(1)
  })

  test('export-only columns are accepted and reported as ignored', () => {
    const result = read(
      utf8(
        csv([
          [...header, 'on_hand'],
          [...good('A'), '12'],
        ]),
      ),
    )
    expect(result.ok && result.table.ignoredColumns).toEqual(['on_hand'])
    expect(result.ok && result.table.rows[0]!.cells).not.toHaveProperty('on_hand')
  })

  test.each([
    ['List Price', 'list_price'],
    ['  list  price ', 'list_price'],
    ['LIST-PRICE', 'list_price'],
    ['ＳＫＵ', 'sku'],
  ])('normalizeHeader(%j) = %j', (text, normalised) => {
    expect(normalizeHeader(text)).toBe(normalised)
  })
})

describe('rows', () => {
  test('line numbers are the file’s lines: header 1, blank lines and multi-line cells counted', () => {
    const text = [
      'sku,name,product_line,category,list_price,currency',
      '',
      'A,"two',
      'lines",PLC,c,1,CNY',
      'B,x,PLC,c,1,CNY',
      '',
    ].join('\n')
    const result = read(utf8(text))
    expect(result.ok && result.table.rows.map((row) => row.line)).toEqual([3, 5])
  })

  test('a ragged row is a row error naming its line', () => {
    const result = read(
      utf8(csv([header, good('A'), good('B').slice(0, 4), [...good('C'), 'extra']])),
    )
    expect(result.ok && result.table.rowErrors).toEqual([
      {
        line: 3,
        column: null,
        reason: 'imports:reasons.ragged',
        params: { count: 4, expected: 6 },
      },
      {
        line: 4,
        column: null,
        reason: 'imports:reasons.ragged',
        params: { count: 7, expected: 6 },
      },
    ])
  })

  test('a cell over the limit is an error naming line and column', () => {
    const long = 'x'.repeat(csvLimits.maxCellLength + 1)
    const result = read(utf8(csv([header, good('A'), ['B', long, 'PLC', 'c', '1', 'CNY']])))
    expect(result.ok && result.table.rowErrors).toEqual([
      {
        line: 3,
        column: 'name',
        reason: 'imports:reasons.cellTooLong',
        params: { max: csvLimits.maxCellLength, length: long.length },
      },
    ])
  })

  test(`more than ${csvLimits.maxRows} rows is a file error`, () => {
    const lines = ['sku,name,product_line,category,list_price,currency']
    for (let i = 0; i <= csvLimits.maxRows; i += 1) lines.push(`S-${i},n,PLC,c,1,CNY`)
    expect(fileErrorsOf(utf8(lines.join('\n')))).toEqual(['imports:file.tooManyRows'])
    lines.pop()
    // Rows of empty cells, as Excel leaves below the data, are not rows.
    for (let i = 0; i < 50; i += 1) lines.splice(1000 * i + 2, 0, ',,,,,')
    const result = read(utf8(lines.join('\n')))
    expect(result.ok && result.table.rows.length).toBe(csvLimits.maxRows)
  })

  test('a file over the size limit is refused before it is read', () => {
    const bytes = new Uint8Array(csvLimits.maxBytes + 1).fill(0x61)
    expect(fileErrorsOf(bytes)).toEqual(['imports:file.tooLarge'])
  })

  test('a header and nothing else has no rows to import', () => {
    expect(fileErrorsOf(utf8(csv([header, ['', '', '', '', '', '']])))).toEqual([
      'imports:file.noRows',
    ])
  })

  test('an unclosed quote is a file error with its line', () => {
    const result = parseImportFile('products', utf8(`${header.join(',')}\nA,"oops,PLC\nB,x\n`))
    expect(result).toEqual({
      ok: false,
      fileErrors: [{ reason: 'imports:file.unclosedQuote', params: { line: expect.any(Number) } }],
    })
  })

  test('semicolon files (European Excel) are read too', () => {
    expect(detectDelimiter('sku;name;"a,b"\n')).toBe(';')
    expect(detectDelimiter('sku,name\n')).toBe(',')
    const result = parseImportFile(
      'products',
      utf8(`${header.join(';')}\nA;Name;PLC;c;1,200.50;CNY\nB;Other;PLC;c;1200,50;CNY\n`),
    )
    if (!result.ok) throw new Error('expected rows')
    expect(result.rows[0]!.value).toMatchObject({ name: 'Name', listPriceMinor: 120_050 })
    // A decimal comma is refused, never read as 120 050 yuan.
    expect(result.rowErrors).toEqual([
      { line: 3, column: 'list_price', reason: 'imports:reasons.amount', params: undefined },
    ])
  })

  test('every bad cell of every row is reported, in file order', () => {
    const result = parseImportFile(
      'products',
      utf8(
        csv([
          [...header, 'active', 'image_url'],
          [...good('ok-1'), 'yes', ''],
          ['bad sku!', '', 'PLC', 'c', '-5', 'XYZ', 'maybe', 'http://insecure.example/a.png'],
          [...good('OK-1'), 'no', '/img/a.png'],
          ['JPY-1', 'Yen', 'PLC', 'c', '12.50', 'JPY', '', ''],
        ]),
      ),
    )
    if (!result.ok) throw new Error('expected rows')
    expect(result.rowErrors.map((e) => [e.line, e.column, e.reason])).toEqual([
      [3, 'sku', 'imports:reasons.sku'],
      [3, 'name', 'imports:reasons.required'],
      [3, 'list_price', 'imports:reasons.amount'],
      [3, 'currency', 'imports:reasons.currency'],
      [3, 'active', 'imports:reasons.boolean'],
      [3, 'image_url', 'imports:reasons.imageUrl'],
      [5, 'list_price', 'imports:reasons.decimals'],
      [4, 'sku', 'imports:reasons.duplicateSku'],
    ])
    // The duplicate names the first line; SKUs compare in their stored form (ok-1 = OK-1).
    expect(result.rowErrors.find((e) => e.line === 4)?.params).toEqual({ line: 2, key: 'OK-1' })
    expect(result.rows.map((row) => row.value.sku)).toEqual(['OK-1', 'OK-1'])
  })
})

describe('cells', () => {
  test.each([
    ['2026-03-01', '2026-03-01'],
    ['2026/3/1', '2026-03-01'],
    ['2026-3-9', '2026-03-09'],
    ['2026.12.31', '2026-12-31'],
    ['2026-02-29', null],
    ['2024-02-29', '2024-02-29'],
    ['01/03/2026', null],
    ['1999-12-31', null],
    ['tomorrow', null],
  ])('parseCsvDate(%j) = %j', (text, day) => {
    expect(parseCsvDate(text)).toBe(day)
  })

  test('text a spreadsheet would run as a formula is neutralised on export and restored on import', () => {
    for (const value of ['=SUM(A1)', '+1', '-5 V DC', '@cmd', "'=x", 'plain', "it's"]) {
      expect(unescapeCsvCell(escapeCsvCell(value))).toBe(value)
    }
    expect(escapeCsvCell('=HYPERLINK("http://evil")')).toBe('\'=HYPERLINK("http://evil")')
    expect(escapeCsvCell('plain')).toBe('plain')
  })

  test('csvLines quotes what needs quoting and starts a file with a BOM', () => {
    expect(csvLines([['a', 'b,c', 'say "hi"', null, 3]], { bom: true })).toBe(
      '\uFEFFa,"b,c","say ""hi""",,3\r\n',
    )
  })

  test('column letters', () => {
    expect([0, 25, 26, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA'])
  })
})

describe('contract prices in the file', () => {
  const row = (line: number, partnerCode: string, validFrom: string, validTo: string | null) => ({
    line,
    value: { partnerCode, sku: 'HT-1', priceMinor: 100, currency: 'CNY', validFrom, validTo },
  })

  test('overlapping rows for one partner and SKU name each other; other partners are apart', () => {
    const errors = checkContractPriceRows([
      row(2, 'P-1', '2026-01-01', '2026-06-30'),
      row(3, 'P-1', '2026-07-01', null),
      row(4, 'P-1', '2026-09-01', '2026-12-31'),
      row(5, 'P-2', '2026-01-01', null),
      row(6, 'P-1', '2026-01-01', '2026-01-31'),
    ])
    expect(errors).toEqual([
      {
        line: 6,
        column: 'valid_from',
        reason: 'imports:reasons.duplicateContract',
        params: { line: 2, key: expect.any(String) },
      },
      {
        line: 4,
        column: 'valid_from',
        reason: 'imports:reasons.overlapInFile',
        params: { line: 3, from: '2026-07-01', to: '…' },
      },
    ])
  })

  test('an end before the start is an error on valid_to', () => {
    const result = ContractPriceCsvRow.safeParse({
      partner_code: 'p-1',
      sku: 'ht-1',
      price: '10',
      currency: 'cny',
      valid_from: '2026-05-01',
      valid_to: '2026-04-30',
    })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['valid_to'], 'imports:reasons.endBeforeStart'],
    ])
  })
})

describe('the upload form', () => {
  test('needs a kind and a non-empty file', () => {
    const file = new File(['sku\n'], 'a.csv', { type: 'text/csv' })
    expect(ImportForm.safeParse({ kind: 'products', encoding: 'auto', file }).success).toBe(true)
    const errors = (input: Record<string, unknown>) =>
      ImportForm.safeParse(input).error?.issues.map((issue) => [
        issue.path.join('.'),
        issue.message,
      ])
    expect(errors({ kind: 'widgets', encoding: 'auto', file: undefined })).toEqual([
      ['kind', 'validation:invalidChoice'],
      ['file', 'imports:form.fileRequired'],
    ])
    expect(errors({ kind: 'stock', encoding: 'auto', file: new File([], 'empty.csv') })).toEqual([
      ['file', 'imports:file.empty'],
    ])
    expect(errors({ kind: 'stock', encoding: 'auto', file: 'sku,name' })).toEqual([
      ['file', 'imports:form.fileRequired'],
    ])
    const huge = new File([new Uint8Array(csvLimits.maxBytes + 1)], 'huge.csv')
    expect(errors({ kind: 'stock', encoding: 'auto', file: huge })).toEqual([
      ['file', 'imports:form.fileTooLarge'],
    ])
  })
})

test('a template is the BOM and the header of the columns an import reads', () => {
  expect(templateCsv('stock')).toBe('\uFEFFsku,warehouse,on_hand,restock_date\r\n')
})
