import { describe, expect, test } from 'vitest'
import {
  LoginForm,
  NewPasswordField,
  safeRedirectPath,
  throttlePolicy,
  throttleWaitMinutes,
} from '#app/modules/auth/auth-rules'

const now = new Date('2026-11-25T10:00:00Z')
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000)

describe('sign-in throttling', () => {
  test.each([
    { name: 'no failures', account: 0, ip: 0, oldestAccount: null, oldestIp: null, wait: 0 },
    {
      name: 'one below the account limit',
      account: throttlePolicy.maxFailuresPerAccount - 1,
      ip: 4,
      oldestAccount: minutesAgo(1),
      oldestIp: minutesAgo(1),
      wait: 0,
    },
    {
      name: 'account limit reached just now',
      account: throttlePolicy.maxFailuresPerAccount,
      ip: 5,
      oldestAccount: minutesAgo(0),
      oldestIp: minutesAgo(0),
      wait: 15,
    },
    {
      name: 'account limit, oldest 14 min ago',
      account: 5,
      ip: 5,
      oldestAccount: minutesAgo(14),
      oldestIp: minutesAgo(14),
      wait: 1,
    },
    {
      name: 'account limit, oldest 14.5 min ago rounds up',
      account: 5,
      ip: 5,
      oldestAccount: minutesAgo(14.5),
      oldestIp: minutesAgo(14.5),
      wait: 1,
    },
    {
      name: 'ip limit reached across accounts',
      account: 1,
      ip: throttlePolicy.maxFailuresPerIp,
      oldestAccount: minutesAgo(1),
      oldestIp: minutesAgo(5),
      wait: 10,
    },
    {
      name: 'ip one below the limit',
      account: 1,
      ip: throttlePolicy.maxFailuresPerIp - 1,
      oldestAccount: minutesAgo(1),
      oldestIp: minutesAgo(5),
      wait: 0,
    },
    {
      name: 'both limits: the longer wait wins',
      account: 5,
      ip: 20,
      oldestAccount: minutesAgo(10),
      oldestIp: minutesAgo(2),
      wait: 13,
    },
  ])('$name → wait $wait min', ({ account, ip, oldestAccount, oldestIp, wait }) => {
    expect(
      throttleWaitMinutes({
        accountFailures: account,
        ipFailures: ip,
        oldestAccountFailureAt: oldestAccount,
        oldestIpFailureAt: oldestIp,
        now,
      }),
    ).toBe(wait)
  })
})

describe('post-sign-in redirects stay on this site', () => {
  test.each([
    ['/portal/team', '/portal/team'],
    ['/admin?x=1', '/admin?x=1'],
    ['//evil.example/x', '/fallback'],
    ['/\\evil.example', '/fallback'],
    ['https://evil.example', '/fallback'],
    ['javascript:alert(1)', '/fallback'],
    ['', '/fallback'],
    [null, '/fallback'],
  ])('%j → %j', (to, expected) => {
    expect(safeRedirectPath(to, '/fallback')).toBe(expected)
  })
})

describe('form rules', () => {
  test('e-mail is trimmed and lower-cased; bad e-mails get a message key', () => {
    expect(LoginForm.parse({ email: '  Admin@Hengtai.Example ', password: 'x' }).email).toBe(
      'admin@hengtai.example',
    )
    const bad = LoginForm.safeParse({ email: 'not-an-email', password: '' })
    expect(bad.success).toBe(false)
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`)
    expect(messages).toContain('email:validation:email')
    expect(messages).toContain('password:validation:required')
  })

  test.each([
    ['short1', 'validation:passwordTooShort'],
    ['onlyletters-long', 'validation:passwordWeak'],
    ['1234567890123', 'validation:passwordWeak'],
    ['Good-password-1', null],
    ['x1'.repeat(101), 'validation:tooLong'],
  ])('new password %j → %s', (password, message) => {
    const result = NewPasswordField.safeParse(password)
    expect(result.success ? null : result.error.issues[0]!.message).toBe(message)
  })
})
