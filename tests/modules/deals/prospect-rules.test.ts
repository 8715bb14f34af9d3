import { describe, expect, test } from 'vitest'
import {
  companyNameMaxLength,
  normaliseCompanyName,
  normaliseTaxId,
  prospectKeyOf,
  prospectKeysOf,
  registrableDomain,
} from '#app/modules/deals/prospect-rules'

// Real, published unified social credit codes (business licences and standard examples).
const fuzhouExample = '91350100M000100Y43' // the example code used throughout GB 32100 write-ups
const huawei = '914403001922038216' // 华为技术有限公司
const tencent = '9144030071526726XG' // 深圳市腾讯计算机系统有限公司
const alibaba = '91330100716105852F' // 阿里巴巴（中国）有限公司

describe('normaliseTaxId', () => {
  test.each([
    // Valid USCCs: enterprises, an individual business (92), a civil-affairs body (51) and
    // a government agency (11).
    [fuzhouExample, { ok: true, kind: 'uscc', value: `uscc:${fuzhouExample}` }],
    [huawei, { ok: true, kind: 'uscc', value: `uscc:${huawei}` }],
    [tencent, { ok: true, kind: 'uscc', value: `uscc:${tencent}` }],
    [alibaba, { ok: true, kind: 'uscc', value: `uscc:${alibaba}` }],
    ['91110108558521630L', { ok: true, kind: 'uscc', value: 'uscc:91110108558521630L' }],
    ['92510100MA61WJ3204', { ok: true, kind: 'uscc', value: 'uscc:92510100MA61WJ3204' }],
    ['51100000500019541K', { ok: true, kind: 'uscc', value: 'uscc:51100000500019541K' }],
    ['11610923MB2900168E', { ok: true, kind: 'uscc', value: 'uscc:11610923MB2900168E' }],
    // Typing variations of the same code.
    ['9144030071526726xg', { ok: true, kind: 'uscc', value: `uscc:${tencent}` }],
    ['9135 0100-M000.100Y43', { ok: true, kind: 'uscc', value: `uscc:${fuzhouExample}` }],
    [
      '９１３５０１００Ｍ０００１００Ｙ４３',
      { ok: true, kind: 'uscc', value: `uscc:${fuzhouExample}` },
    ],
    ['\u3000 91350100m000100y43 \t', { ok: true, kind: 'uscc', value: `uscc:${fuzhouExample}` }],
    // One character wrong, or two swapped: the check character catches it.
    ['91350100M000100Y44', { ok: false, reason: 'checksum' }],
    ['914403001922038226', { ok: false, reason: 'checksum' }],
    ['914403001922038261', { ok: false, reason: 'checksum' }],
    ['9144030071526762XG', { ok: false, reason: 'checksum' }],
    // Wrong length or characters outside the GB 32100 set.
    ['91350100M000100Y4', { ok: false, reason: 'format' }],
    ['91350100M000100Y431', { ok: false, reason: 'format' }],
    ['91350100I000100Y43', { ok: false, reason: 'format' }],
    ['91350100O000100Y43', { ok: false, reason: 'format' }],
    ['91350100M000100Z43', { ok: false, reason: 'format' }],
    ['91350100S000100Y43', { ok: false, reason: 'format' }],
    ['91350100M000100Y4V', { ok: false, reason: 'format' }],
    // Authority / type / region that GB 32100 does not issue.
    ['01350100M000100Y43', { ok: false, reason: 'format' }],
    ['B1350100M000100Y43', { ok: false, reason: 'format' }],
    ['94350100M000100Y43', { ok: false, reason: 'format' }],
    ['Y2350100M000100Y43', { ok: false, reason: 'format' }],
    ['9135A100M000100Y43', { ok: false, reason: 'format' }],
    // VAT-style IDs, by format.
    ['DE123456789', { ok: true, kind: 'vat', value: 'vat:DE123456789' }],
    ['de 123 456 789', { ok: true, kind: 'vat', value: 'vat:DE123456789' }],
    ['ATU12345678', { ok: true, kind: 'vat', value: 'vat:ATU12345678' }],
    ['FR 40 303 265 045', { ok: true, kind: 'vat', value: 'vat:FR40303265045' }],
    ['GR094259216', { ok: true, kind: 'vat', value: 'vat:EL094259216' }],
    ['CHE-123.456.789', { ok: true, kind: 'vat', value: 'vat:CHE123456789' }],
    ['12-3456789', { ok: true, kind: 'vat', value: 'vat:123456789' }],
    ['27aapfu0939f1zv', { ok: true, kind: 'vat', value: 'vat:27AAPFU0939F1ZV' }],
    // Not a tax ID at all.
    ['', { ok: false, reason: 'format' }],
    ['  - . ', { ok: false, reason: 'format' }],
    ['1234567', { ok: false, reason: 'format' }],
    ['ABCDEFGHJK', { ok: false, reason: 'format' }],
    ['DE1', { ok: false, reason: 'format' }],
    ['not a tax id', { ok: false, reason: 'format' }],
    ['123456789/0', { ok: false, reason: 'format' }],
  ])('%j → %j', (input, expected) => {
    expect(normaliseTaxId(input)).toEqual(expected)
  })

  test('a USCC and a VAT ID with the same characters never share a value', () => {
    const uscc = normaliseTaxId(huawei)
    const vat = normaliseTaxId(`DE${huawei.slice(0, 11)}`)
    expect(uscc.ok && vat.ok && uscc.value !== vat.value).toBe(true)
  })
})

describe('registrableDomain', () => {
  test.each([
    ['https://www.Example.com.cn/path?x', 'example.com.cn'],
    ['mail@sub.example.co.uk', 'example.co.uk'],
    ['example.com', 'example.com'],
    ['EXAMPLE.COM.', 'example.com'],
    ['http://user:secret@shop.example.com:8080/a?b=1#c', 'example.com'],
    ['www2.acme.de', 'acme.de'],
    ['//cdn.acme.io/app.js', 'acme.io'],
    ['Li Lei <li.lei@acme.com.sg>', 'acme.com.sg'],
    ['mailto:sales@huawei.com', 'huawei.com'],
    ['a.b.c.acme.com.au', 'acme.com.au'],
    ['portal.acme.com.tw', 'acme.com.tw'],
    ['acme.com.hk', 'acme.com.hk'],
    ['https://www.acme.co.jp/', 'acme.co.jp'],
    ['ｗｗｗ．ａｃｍｅ．ｃｎ', 'acme.cn'],
    ['www.acme。cn', 'acme.cn'],
    ['oa.acme.sh.cn', 'acme.sh.cn'],
    ['例子.中国', 'xn--fsqu00a.xn--fiqs8s'],
    ['https://www.例子.中国/关于', 'xn--fsqu00a.xn--fiqs8s'],
    ['xn--fsqu00a.xn--fiqs8s', 'xn--fsqu00a.xn--fiqs8s'],
    ['shop.例子.公司.cn', 'xn--fsqu00a.xn--55qx5d.cn'],
    ['acme.github.io', 'acme.github.io'],
    ['www.com', 'www.com'],
    // Public mail domains, also through a subdomain.
    ['gmail.com', null],
    ['qq.com', null],
    ['zhang.san@vip.qq.com', null],
    ['li@163.com', null],
    ['wang@126.com', null],
    ['https://mail.sina.com/', null],
    ['chen@outlook.com', null],
    ['foxmail.com', null],
    ['139.com', null],
    ['YEAH.NET', null],
    // Addresses, local names and junk.
    ['192.168.0.1', null],
    ['http://10.0.0.1:8080/admin', null],
    ['0x7f.1', null],
    ['[::1]', null],
    ['localhost', null],
    ['http://localhost:3000', null],
    ['fileserver.local', null],
    ['com.cn', null],
    ['co.uk', null],
    ['com', null],
    ['', null],
    ['not a domain', null],
    ['under_score.example.com', null],
    ['http://', null],
    ['@', null],
  ])('%j → %j', (input, expected) => {
    expect(registrableDomain(input)).toBe(expected)
  })
})

describe('normaliseCompanyName', () => {
  test.each([
    ['华为技术有限公司', '华为技术'],
    ['华为技术 有限公司', '华为技术'],
    ['华为技术（有限公司）', '华为技术'],
    ['华为技术有限 公司', '华为技术'],
    ['ACME Inc.', 'acme'],
    ['Acme, Inc', 'acme'],
    ['ＡＣＭＥ　ＩＮＣ', 'acme'],
    ['Acme Corporation', 'acme'],
    ['ACME CO.,LTD.', 'acme'],
    ['Acme Company Limited', 'acme'],
    ['Acme Pte. Ltd.', 'acme'],
    ['Acme Pty Ltd', 'acme'],
    ['Acme GmbH & Co. KG', 'acme'],
    ['Acme S.A.', 'acme'],
    ['Acme B. V.', 'acme'],
    ['Acme K.K.', 'acme'],
    ['Acme LLC', 'acme'],
    ['Acme plc', 'acme'],
    ['Acme (Group) Co., Ltd.', 'acme'],
    ['Siemens AG', 'siemens'],
    ['SIEMENS', 'siemens'],
    ['比亚迪股份有限公司', '比亚迪'],
    ['京东集团股份有限公司', '京东'],
    ['中国石油天然气集团有限公司', '中国石油天然气'],
    ['北京字节跳动科技有限责任公司', '北京字节跳动科技'],
    ['阿里巴巴集团控股有限公司', '阿里巴巴集团控股'],
    ['腾讯科技(深圳)有限公司', '腾讯科技深圳'],
    ['腾讯科技（深圳）有限公司', '腾讯科技深圳'],
    ['深圳市腾讯计算机系统有限公司', '深圳市腾讯计算机系统'],
    ['上海·华信、科技，有限公司。', '上海华信科技'],
    ['红杉投资中心（有限合伙）', '红杉投资中心'],
    ['華為技術有限公司', '華為技術'],
    ['ソニー株式会社', 'ソニー'],
    // A branch is its parent company.
    ['华为技术有限公司北京分公司', '华为技术'],
    ['中国工商银行股份有限公司北京市分行', '中国工商银行'],
    ['招商银行深圳支行', '招商银行'],
    ['西门子股份公司上海代表处', '西门子'],
    ['Acme Inc. Shanghai Branch', 'acme'],
    ['Olive Branch', 'olivebranch'],
    // Suffixes only at the end and only as whole words.
    ['Disco Ltd', 'disco'],
    ['Costco Wholesale Corporation', 'costcowholesale'],
    ['Limited Brands Inc', 'limitedbrands'],
    ['Acme Holdings Limited', 'acmeholdings'],
    ['AT&T Inc.', 'att'],
    ['Société Générale S.A.', 'societegenerale'],
    ['Zero\u200bWidth Ltd', 'zerowidth'],
    ['3M Company', '3m'],
    // Nothing distinctive left.
    ['Ltd.', null],
    ['Co., Ltd.', null],
    ['有限公司', null],
    ['集团有限公司', null],
    ['分公司', null],
    ['（）', null],
    ['   ', null],
    ['', null],
  ])('%j → %j', (input, expected) => {
    expect(normaliseCompanyName(input)).toBe(expected)
  })

  test('reads names up to the length limit and refuses longer junk', () => {
    const longest = `${'长'.repeat(companyNameMaxLength - 4)}有限公司`
    expect(normaliseCompanyName(longest)).toBe('长'.repeat(companyNameMaxLength - 4))
    expect(normaliseCompanyName(`x${longest}`)).toBeNull()
  })
})

describe('prospectKeyOf', () => {
  test.each([
    [
      'a valid tax ID wins over domain and name',
      { taxId: huawei, domain: 'https://www.huawei.com', companyName: '华为技术有限公司' },
      { key: `tax:uscc:${huawei}`, source: 'tax_id' },
    ],
    [
      'the tax ID as typed with spaces and lower case',
      { taxId: '9144 0300 7152 6726 xg', domain: null, companyName: 'Tencent' },
      { key: `tax:uscc:${tencent}`, source: 'tax_id' },
    ],
    [
      'an EU VAT ID',
      { taxId: 'de 123 456 789', companyName: 'Acme GmbH' },
      { key: 'tax:vat:DE123456789', source: 'tax_id' },
    ],
    [
      'an invalid tax ID falls back to the domain',
      { taxId: '91350100M000100Y44', domain: 'sales@acme.com.cn', companyName: 'Acme' },
      { key: 'domain:acme.com.cn', source: 'domain' },
    ],
    [
      'a public mail domain falls back to the name',
      { taxId: '', domain: 'boss@qq.com', companyName: 'ACME Co., Ltd.' },
      { key: 'name:acme', source: 'name' },
    ],
    [
      'the name alone',
      { companyName: '华为技术 有限公司' },
      { key: 'name:华为技术', source: 'name' },
    ],
    ['nothing usable', { taxId: 'n/a', domain: 'localhost', companyName: 'Ltd.' }, null],
  ] as const)('%s', (_case, input, expected) => {
    expect(prospectKeyOf(input)).toEqual(expected)
  })
})

describe('prospectKeysOf', () => {
  test('derives every key, in order of preference', () => {
    expect(
      prospectKeysOf({
        taxId: fuzhouExample,
        domain: 'https://www.example.com.cn/contact',
        companyName: 'Example（福州）有限公司',
      }),
    ).toEqual([
      { key: `tax:uscc:${fuzhouExample}`, source: 'tax_id' },
      { key: 'domain:example.com.cn', source: 'domain' },
      { key: 'name:example福州', source: 'name' },
    ])
  })

  test('leaves out a public mail domain and an invalid tax ID', () => {
    expect(
      prospectKeysOf({ taxId: '91350100M000100Y4', domain: 'li@gmail.com', companyName: 'Acme' }),
    ).toEqual([{ key: 'name:acme', source: 'name' }])
  })

  test('two partners typing the same prospect differently share every key', () => {
    const first = prospectKeysOf({
      taxId: tencent,
      domain: 'https://www.tencent.com/',
      companyName: '深圳市腾讯计算机系统有限公司',
    })
    const second = prospectKeysOf({
      taxId: ' 9144-0300-7152-6726-xg ',
      domain: 'pony@tencent.com',
      companyName: '深圳市腾讯计算机系统 有限公司。',
    })
    expect(second).toEqual(first)
  })

  test('a registration with only a name still matches one held with a tax ID and that name', () => {
    const held = prospectKeysOf({ taxId: alibaba, companyName: '阿里巴巴（中国）有限公司' })
    const incoming = prospectKeysOf({ companyName: '阿里巴巴(中国) 有限公司' })
    const heldKeys = new Set(held.map((k) => k.key))
    expect(incoming.some((k) => heldKeys.has(k.key))).toBe(true)
  })
})
