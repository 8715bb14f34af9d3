import { describe, expect, test } from 'vitest'
import {
  catalogs,
  createI18n,
  localeFromAcceptLanguage,
  matchLocale,
  namespaces,
} from '#app/utils/i18n'
import { funnelSteps, sellingStages } from '#app/modules/contribution/contribution-rules'

function keysOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix]
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    keysOf(v, prefix ? `${prefix}.${k}` : k),
  )
}

function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!).sort()
}

function leaf(catalog: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((acc, part) => (acc as Record<string, unknown>)?.[part], catalog)
}

describe('translation catalogs', () => {
  test.each(namespaces)('namespace "%s" has the same keys in English and Chinese', (ns) => {
    const en = keysOf(catalogs.en[ns]).sort()
    const zh = keysOf(catalogs['zh-CN'][ns]).sort()
    expect(
      zh.filter((k) => !en.includes(k)),
      'keys only in zh-CN',
    ).toEqual([])
    expect(
      en.filter((k) => !zh.includes(k)),
      'keys only in en',
    ).toEqual([])
  })

  test.each(namespaces)(
    'namespace "%s" uses the same placeholders in both languages, and no empty texts',
    (ns) => {
      for (const key of keysOf(catalogs.en[ns])) {
        const en = leaf(catalogs.en[ns], key)
        const zh = leaf(catalogs['zh-CN'][ns], key)
        if (typeof en !== 'string' || typeof zh !== 'string') continue
        expect(en.trim(), `${ns}:${key} (en) is empty`).not.toBe('')
        expect(zh.trim(), `${ns}:${key} (zh-CN) is empty`).not.toBe('')
        expect(placeholdersOf(zh), `${ns}:${key} placeholders`).toEqual(placeholdersOf(en))
      }
    },
  )

  test('every stage the contribution funnel names has a label in both languages', () => {
    for (const stage of new Set([...funnelSteps, ...sellingStages])) {
      for (const locale of ['en', 'zh-CN'] as const) {
        expect(
          leaf(catalogs[locale].contribution, `funnel.${stage}`),
          `${locale} ${stage}`,
        ).toEqual(expect.any(String))
      }
    }
  })

  test('a Chinese user sees Chinese text, with English as the fallback for nothing', () => {
    expect(createI18n('zh-CN').t('auth:login.submit')).toBe('登录')
    expect(createI18n('en').t('auth:login.submit')).toBe('Sign in')
    expect(createI18n('fr').t('auth:login.submit')).toBe('Sign in')
  })
})

describe('choosing the locale', () => {
  test.each([
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en-US,en;q=0.9', 'en'],
    ['fr-FR,zh;q=0.5', 'zh-CN'],
    ['fr-FR,de;q=0.5', null],
    ['en;q=0.2,zh-Hans;q=0.8', 'zh-CN'],
    ['zh-TW', null],
    ['', null],
    ['*', null],
    ['en;q=0', null],
  ])('Accept-Language %j → %s', (header, expected) => {
    expect(localeFromAcceptLanguage(header)).toBe(expected)
  })

  test.each([
    ['zh', 'zh-CN'],
    ['zh-cn', 'zh-CN'],
    ['en-GB', 'en'],
    ['zh-HK', null],
    [null, null],
    ['xx', null],
  ])('stored locale %j → %s', (value, expected) => {
    expect(matchLocale(value)).toBe(expected)
  })
})
