/**
 * Identity of a prospect (DESIGN §1): two registrations are the same opportunity when they share
 * a prospect key and a product line. Keys come from the tax ID, the registrable web/e-mail domain
 * and the company name, each normalised here. Pure and browser-safe (no Node APIs, no I/O), so the
 * registration form can show the key hint that the server later enforces.
 *
 * Decisions, each with its reason:
 * - USCC: only the 18th check character (GB 32100, ISO 7064 mod 31) is verified, not the GB 11714
 *   check digit of the embedded organisation code (chars 9–17): the mod-31 check already catches
 *   every single-character error and adjacent transposition, and a second check could only refuse
 *   real codes we cannot verify offline (widely used validators such as hutool and python-stdnum
 *   check only the 18th character too).
 * - USCC prefix: the authority/type pair must be one listed in GB 32100-2015
 *   (`usccOrganisationTypes`); the region (chars 3–8) must be six digits but is not looked up in
 *   GB/T 2260, whose list changes.
 * - Any 18-character input is read as a USCC: no VAT-style ID we accept is that long, and a
 *   mistyped USCC must be refused rather than silently become a `vat` key that never matches.
 * - VAT-style IDs are accepted by format only: a European prefix (EU, XI, GB, CH, NO; GR folded to
 *   EL as VIES writes it) plus 2–13 letters/digits with at least 2 digits; otherwise 8–16
 *   letters/digits with at least 6 digits (US EIN, GSTIN, ABN, UEN, CNPJ, RFC…). 17 and 19+
 *   characters are refused because they are far likelier a USCC with a character missing or extra.
 * - Tax ID values are prefixed by kind (`uscc:`, `vat:`) so a USCC and a VAT ID never collide.
 * - Domains are kept in punycode (`xn--…`), which is what `new URL` returns in every browser and in
 *   Node, so the Unicode and the punycode spelling of 例子.中国 give the same key.
 * - The registrable domain uses a small built-in list of multi-part public suffixes (plus a few
 *   hosting platforms whose subdomains belong to different owners); a suffix missing from the list
 *   only makes a key broader for that country, it never crosses countries.
 * - Public mail domains (gmail.com, qq.com, 163.com …) are never keys, also when reached through a
 *   subdomain (vip.qq.com): thousands of unrelated companies share them.
 * - Company names: NFKC (full-width → half-width), lower case, Latin diacritics dropped, all
 *   punctuation, symbols and spaces removed; Traditional and Simplified Chinese are NOT folded
 *   (that needs a large table and 華為 vs 华为 is rare within one vendor's partner base).
 * - Legal suffixes are stripped only at the end, repeatedly, and English ones only as whole words
 *   (so "Disco" keeps its "co"); "group" is stripped like 集团 so the two languages agree.
 * - A branch (分公司, 分行, 支行, 办事处, 代表处; "… Branch" after a legal form) is reduced to its
 *   parent company: a branch is not a separate legal person and is the same customer for channel
 *   conflicts (a branch's own USCC still gives it a distinct tax key; the name key then matches).
 * - A leading city or province (深圳市…, 北京…) is NOT stripped: it is part of the registered name
 *   and separates unrelated firms that share a trade name (北京华信 vs 上海华信).
 * - A name made only of legal-form words ("Ltd.", "有限公司", "Co., Ltd.") has no key (null).
 * - Keys carry `tax:`, `domain:`, `name:` prefixes that keep the key spaces apart; an invalid tax
 *   ID or a public/junk domain is simply not a key here (the form reports the field error).
 */

// ---------------------------------------------------------------------------------------------
// Tax IDs
// ---------------------------------------------------------------------------------------------

export type TaxIdKind = 'uscc' | 'vat'

export type TaxIdResult =
  { ok: true; value: string; kind: TaxIdKind } | { ok: false; reason: 'format' | 'checksum' }

/** GB 32100 character set: digits and upper-case letters without I, O, Z, S, V (value = index). */
const usccCharset = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
const usccShape = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/

/** GB 32100-2015: registration authority (char 1) → organisation types it issues (char 2). */
const usccOrganisationTypes = new Map<string, string>([
  ['1', '1239'], // 机构编制: 机关, 事业单位, 中央编办直管群众团体, 其他
  ['2', '19'], // 外交: 外国常驻新闻机构, 其他
  ['3', '123459'], // 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
  ['4', '19'], // 文化: 外国在华文化中心, 其他
  ['5', '1239'], // 民政: 社会团体, 民办非企业单位, 基金会, 其他
  ['6', '129'], // 旅游: 外国旅游部门常驻代表机构, 港澳台旅游部门常驻代表机构, 其他
  ['7', '129'], // 宗教: 宗教活动场所, 宗教院校, 其他
  ['8', '19'], // 工会: 基层工会, 其他
  ['9', '123'], // 工商 (市场监管): 企业, 个体工商户, 农民专业合作社
  ['A', '19'], // 中央军委改革和编制办公室: 军队事业单位, 其他
  ['N', '1239'], // 农业: 组级, 村级, 乡镇级集体经济组织, 其他
  ['Y', '1'], // 其他
])

/** VAT prefixes: EU member states (Greece is EL), Northern Ireland (XI), UK, CH and Norway. */
const europeanVat =
  /^(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI|GB|CH|NO)([0-9A-Z]{2,13})$/
const otherTaxId = /^[0-9A-Z]{8,16}$/

const countDigits = (text: string) => text.replace(/[^0-9]/g, '').length

/** The 18th character of a USCC computed from its first 17 (GB/T 17710 mod 31, as GB 32100). */
function usccCheckCharacter(code: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += usccCharset.indexOf(code[i]) * usccWeights[i]
  return usccCharset[(31 - (sum % 31)) % 31]
}

function normaliseUscc(code: string): TaxIdResult {
  if (!usccShape.test(code)) return { ok: false, reason: 'format' }
  if (!usccOrganisationTypes.get(code[0])?.includes(code[1])) return { ok: false, reason: 'format' }
  if (usccCheckCharacter(code) !== code[17]) return { ok: false, reason: 'checksum' }
  return { ok: true, kind: 'uscc', value: `uscc:${code}` }
}

/**
 * Normalises a unified social credit code (统一社会信用代码) or a VAT-style tax ID. Spaces,
 * hyphens and dots are dropped, full-width characters folded and letters upper-cased.
 */
export function normaliseTaxId(input: string): TaxIdResult {
  const id = input
    .normalize('NFKC')
    .replace(/[\s.\-\u2010-\u2015\u2212]/g, '')
    .toUpperCase()
  if (id.length === 18) return normaliseUscc(id)

  const european = europeanVat.exec(id.replace(/^GR/, 'EL'))
  if (european && countDigits(european[2]) >= 2)
    return { ok: true, kind: 'vat', value: `vat:${european[1]}${european[2]}` }
  if (otherTaxId.test(id) && countDigits(id) >= 6)
    return { ok: true, kind: 'vat', value: `vat:${id}` }
  return { ok: false, reason: 'format' }
}

// ---------------------------------------------------------------------------------------------
// Domains
// ---------------------------------------------------------------------------------------------

/** Public suffixes of more than one label that matter to this vendor's markets (ICANN section). */
const multiLabelPublicSuffixes = new Set([
  // Mainland China, incl. provincial second levels and the IDN 公司.cn / 网络.cn / 網絡.cn.
  ...['com', 'net', 'org', 'gov', 'edu', 'ac', 'mil'].map((s) => `${s}.cn`),
  ...['bj', 'sh', 'tj', 'cq', 'he', 'sx', 'nm', 'ln', 'jl', 'hl', 'js', 'zj', 'ah', 'fj', 'jx']
    .concat(['sd', 'ha', 'hb', 'hn', 'gd', 'gx', 'hi', 'sc', 'gz', 'yn', 'xz', 'sn', 'gs', 'qh'])
    .concat(['nx', 'xj', 'tw', 'hk', 'mo'])
    .map((s) => `${s}.cn`),
  'xn--55qx5d.cn',
  'xn--io0a7i.cn',
  'xn--od0alg.cn',
  ...['com', 'net', 'org', 'edu', 'gov', 'idv'].map((s) => `${s}.hk`),
  ...['com', 'net', 'org', 'edu', 'gov'].map((s) => `${s}.mo`),
  ...['com', 'net', 'org', 'edu', 'gov', 'idv'].map((s) => `${s}.tw`),
  ...['com', 'net', 'org', 'edu', 'gov', 'per'].map((s) => `${s}.sg`),
  ...['co', 'org', 'me', 'ltd', 'plc', 'net', 'ac', 'gov'].map((s) => `${s}.uk`),
  ...['co', 'ne', 'or', 'ac', 'go', 'gr', 'ed', 'lg', 'ad'].map((s) => `${s}.jp`),
  ...['co', 'or', 'ne', 're', 'go', 'ac'].map((s) => `${s}.kr`),
  ...['com', 'net', 'org', 'edu', 'gov', 'asn', 'id'].map((s) => `${s}.au`),
  ...['co', 'org', 'net', 'govt', 'ac'].map((s) => `${s}.nz`),
  ...['co', 'net', 'org', 'firm', 'gen', 'ind', 'ac', 'gov'].map((s) => `${s}.in`),
  ...['com', 'net', 'org', 'edu', 'gov'].map((s) => `${s}.my`),
  ...['co', 'in', 'ac', 'go', 'or'].map((s) => `${s}.th`),
  ...['co', 'or', 'ac', 'go', 'web'].map((s) => `${s}.id`),
  ...['com', 'net', 'org'].map((s) => `${s}.ph`),
  ...['com', 'net', 'org', 'edu', 'gov'].map((s) => `${s}.vn`),
  ...['com', 'net', 'org', 'gov'].map((s) => `${s}.br`),
  ...['com', 'org', 'gob'].map((s) => `${s}.mx`),
  ...['co', 'org'].map((s) => `${s}.za`),
  ...['co', 'net', 'org'].map((s) => `${s}.ae`),
  ...['co', 'org'].map((s) => `${s}.il`),
  'com.sa',
  'com.tr',
  'com.ar',
  // Hosting platforms whose subdomains belong to different owners (PSL private section).
  ...['github.io', 'gitee.io', 'vercel.app', 'netlify.app', 'pages.dev', 'web.app'],
  ...['firebaseapp.com', 'appspot.com', 'herokuapp.com', 'azurewebsites.net', 'blogspot.com'],
  ...['myshopify.com', 'wixsite.com', 'cloudfront.net'],
])

/** Mail providers open to anyone: their domain says nothing about the prospect. */
const publicMailDomains = new Set([
  ...['gmail.com', 'googlemail.com', 'qq.com', 'foxmail.com', '163.com', '126.com', 'yeah.net'],
  ...['188.com', 'sina.com', 'sina.cn', 'sina.com.cn', 'sohu.com', '139.com', '189.cn', 'wo.cn'],
  ...['21cn.com', 'tom.com', '263.net', 'aliyun.com', 'outlook.com', 'hotmail.com', 'live.com'],
  ...['live.cn', 'msn.com', 'hotmail.co.uk', 'yahoo.com', 'yahoo.com.cn', 'yahoo.com.hk'],
  ...['yahoo.com.tw', 'yahoo.co.jp', 'yahoo.co.uk', 'ymail.com', 'icloud.com', 'me.com', 'mac.com'],
  ...['aol.com', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'mail.ru', 'yandex.ru'],
  ...['yandex.com', 'proton.me', 'protonmail.com', 'zohomail.com', 'naver.com', 'hanmail.net'],
  ...['daum.net', 'rediffmail.com'],
])

/** Top-level names that never reach the public internet. */
const privateTopLevels = new Set([
  ...['localhost', 'local', 'localdomain', 'internal', 'intranet', 'lan', 'home', 'corp'],
  ...['arpa', 'invalid', 'onion'],
])

const hostLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/
const topLevelLabel = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/

/** The host name of a URL, bare domain or e-mail address, in punycode; null when unparseable. */
function hostOf(input: string): string | null {
  let text = input
    .normalize('NFKC')
    .trim()
    .replace(/\u3002/g, '.')
  if (!text || text.length > 2048) return null
  const bracketed = /<([^<>]*)>/.exec(text) // "Li Lei <li@example.com>"
  if (bracketed) text = bracketed[1].trim()
  text = text.replace(/^mailto:/i, '')
  if (text.startsWith('//')) text = `http:${text}`
  else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    const at = text.lastIndexOf('@')
    text = `http://${at >= 0 ? text.slice(at + 1) : text}`
  }
  try {
    return new URL(text).hostname.replace(/\.$/, '') || null
  } catch {
    return null
  }
}

/**
 * The registrable domain (eTLD+1) of a URL, bare domain or e-mail address, lower-case punycode;
 * null for public mail domains, IP addresses, local names and anything that is not a domain.
 */
export function registrableDomain(input: string): string | null {
  const host = hostOf(input)
  if (!host) return null
  const labels = host.split('.')
  if (labels.length < 2 || !labels.every((label) => hostLabel.test(label))) return null
  const topLevel = labels[labels.length - 1]
  // An IPv4 address ends in digits; IPv6 ("[::1]") already failed the label test.
  if (!topLevelLabel.test(topLevel) || privateTopLevels.has(topLevel)) return null
  if (labels.length > 2 && /^www\d?$/.test(labels[0])) labels.shift()

  let suffixLabels = 1
  for (let n = Math.min(labels.length, 3); n >= 2; n--) {
    if (multiLabelPublicSuffixes.has(labels.slice(-n).join('.'))) {
      suffixLabels = n
      break
    }
  }
  if (labels.length <= suffixLabels) return null // the input is itself a public suffix
  const domain = labels.slice(-(suffixLabels + 1)).join('.')
  return publicMailDomains.has(domain) ? null : domain
}

// ---------------------------------------------------------------------------------------------
// Company names
// ---------------------------------------------------------------------------------------------

/** Legal-form words, matched as whole words at the end of a Latin-script name. */
const legalFormWords = new Set([
  ...['inc', 'incorporated', 'ltd', 'limited', 'llc', 'llp', 'lp', 'co', 'company', 'corp'],
  ...['corporation', 'group', 'gmbh', 'ag', 'kg', 'ug', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv'],
  ...['nv', 'se', 'ab', 'as', 'asa', 'oy', 'oyj', 'plc', 'pte', 'pty', 'kk', 'ltda', 'sdn', 'bhd'],
  'tbk',
])

/** Chinese (and Japanese) legal forms, matched at the end regardless of spacing; longest first. */
const cjkLegalForms = [
  ...['有限责任公司', '有限責任公司', '股份有限公司', '有限公司', '股份公司', '有限合伙'],
  ...['普通合伙', '株式会社', '有限会社', '公司', '集团', '集團'],
].sort((a, b) => b.length - a.length)

/** A Chinese branch marker at the end, and the parent before it (ending in 公司/银行/集团). */
const cjkBranchMarker = /(?:分公司|分行|支行|办事处|辦事處|代表处|代表處)$/u
const cjkBranchParent =
  /^(.+(?:公司|银行|銀行|集团|集團)).*(?:分公司|分行|支行|办事处|辦事處|代表处|代表處)$/u

/** Longest input read as a company name; longer input is junk and has no name key. */
export const companyNameMaxLength = 500

const separators = /[\p{P}\p{S}\p{Z}\p{Cc}\s]+/u

/** Removes `count` characters from the end of the token list, across token boundaries. */
function dropTail(tokens: string[], count: number): string[] {
  const result = [...tokens]
  let left = count
  while (left > 0 && result.length > 0) {
    const last = result[result.length - 1]
    if (last.length <= left) {
      left -= last.length
      result.pop()
    } else {
      result[result.length - 1] = last.slice(0, last.length - left)
      left = 0
    }
  }
  return result
}

/** Joins runs of single Latin letters, so "S.A." and "S. A." both read as the word "sa". */
function joinInitials(tokens: string[]): string[] {
  const result: string[] = []
  let previousWasInitial = false
  for (const token of tokens) {
    const initial = /^[a-z]$/.test(token)
    if (initial && previousWasInitial) result[result.length - 1] += token
    else result.push(token)
    previousWasInitial = initial
  }
  return result
}

/** One step of suffix/branch removal at the end of the name, or null when nothing applies. */
function stripOnce(tokens: string[]): string[] | null {
  const last = tokens[tokens.length - 1]
  if (last === 'branch' || (last === 'office' && tokens[tokens.length - 2] === 'representative')) {
    // Only after a legal form ("Acme Inc. Shanghai Branch"): "Olive Branch" is a name.
    const parentEnd = tokens.slice(0, -1).findLastIndex((token) => legalFormWords.has(token))
    if (parentEnd >= 0) return tokens.slice(0, parentEnd + 1)
  }
  if (legalFormWords.has(last)) return tokens.slice(0, -1)

  const joined = tokens.join('')
  if (cjkBranchMarker.test(joined)) {
    const parent = cjkBranchParent.exec(joined)?.[1] ?? joined.replace(cjkBranchMarker, '')
    return dropTail(tokens, joined.length - parent.length)
  }
  const form = cjkLegalForms.find((suffix) => joined.endsWith(suffix))
  return form ? dropTail(tokens, form.length) : null
}

/**
 * The comparable form of a company name: width- and case-folded, without punctuation, spaces or
 * trailing legal forms and branch names. Null when nothing distinctive remains.
 */
export function normaliseCompanyName(input: string): string | null {
  // Far beyond any registered name; also bounds the suffix loop, quadratic in the worst case.
  if (input.length > companyNameMaxLength) return null
  const folded = input
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/([a-z])\p{Mn}+/gu, '$1')
    .normalize('NFC')
    .replace(/\p{Cf}/gu, '')
  let tokens = joinInitials(folded.split(separators).filter(Boolean))
  for (let next = stripOnce(tokens); next; next = tokens.length > 0 ? stripOnce(tokens) : null)
    tokens = next
  const name = tokens.join('')
  return /[\p{L}\p{N}]/u.test(name) ? name : null
}

// ---------------------------------------------------------------------------------------------
// Prospect keys
// ---------------------------------------------------------------------------------------------

export type ProspectKeySource = 'tax_id' | 'domain' | 'name'

export type ProspectKey = { key: string; source: ProspectKeySource }

export type ProspectIdentityInput = {
  taxId?: string | null
  /** A web address, bare domain or e-mail address of the prospect. */
  domain?: string | null
  companyName: string
}

/**
 * Every key derivable from the input, in order of preference (tax ID, domain, name). A
 * registration is the same prospect as a held one when any of these keys matches.
 */
export function prospectKeysOf(input: ProspectIdentityInput): ProspectKey[] {
  const keys: ProspectKey[] = []
  const taxId = input.taxId ? normaliseTaxId(input.taxId) : null
  if (taxId?.ok) keys.push({ key: `tax:${taxId.value}`, source: 'tax_id' })
  const domain = input.domain ? registrableDomain(input.domain) : null
  if (domain) keys.push({ key: `domain:${domain}`, source: 'domain' })
  const name = normaliseCompanyName(input.companyName)
  if (name) keys.push({ key: `name:${name}`, source: 'name' })
  return keys
}

/** The preferred key: normalised tax ID, else registrable domain, else normalised name. */
export function prospectKeyOf(input: ProspectIdentityInput): ProspectKey | null {
  return prospectKeysOf(input)[0] ?? null
}
