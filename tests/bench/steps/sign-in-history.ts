import { copyRows, type CopyValue } from '../lib/copy'
import { DAY_MS, between, type GenerateStep } from '../lib/context'

const userAgents = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.53',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0',
]

/**
 * Live sessions and past sign-in attempts. Both tables are read on hot paths (every signed-in
 * request looks up its session; every sign-in counts recent failures), so they are filled too.
 * Attempts are all older than a day and from public addresses: they never throttle the runner.
 */
export const signInHistoryStep: GenerateStep = {
  name: 'sign-in history',
  async run(ctx) {
    const faker = ctx.fakerFor('sign-in history')
    const sessionRows: CopyValue[][] = []
    const attemptRows: CopyValue[][] = []
    const publicIp = () =>
      `${faker.number.int({ min: 36, max: 223 })}.${faker.number.int(255)}.${faker.number.int(255)}.${faker.number.int({ min: 1, max: 254 })}`

    for (const user of [...ctx.state.staff, ...ctx.state.partnerUsers]) {
      if (faker.datatype.boolean(ctx.scale.sessionShare)) {
        const createdAt = between(faker, new Date(ctx.now.getTime() - 29 * DAY_MS), ctx.now)
        sessionRows.push([
          faker.string.alphanumeric({ length: 40, casing: 'lower' }),
          user.id,
          new Date(createdAt.getTime() + 30 * DAY_MS),
          createdAt,
          publicIp(),
          faker.helpers.arrayElement(userAgents),
        ])
      }
      const oldestAttempt = new Date(
        Math.max(user.createdAt.getTime(), ctx.now.getTime() - 90 * DAY_MS),
      )
      for (let i = 0; i < ctx.scale.loginAttemptsPerUser; i++) {
        attemptRows.push([
          user.email,
          publicIp(),
          faker.datatype.boolean(0.9),
          between(faker, oldestAttempt, new Date(ctx.now.getTime() - DAY_MS)),
        ])
      }
    }
    attemptRows.sort((a, b) => (a[3] as Date).getTime() - (b[3] as Date).getTime())

    return {
      sessions: await copyRows(
        ctx.sql,
        'sessions',
        ['id', 'user_id', 'expires_at', 'created_at', 'ip', 'user_agent'],
        sessionRows,
      ),
      login_attempts: await copyRows(
        ctx.sql,
        'login_attempts',
        ['email', 'ip', 'succeeded', 'created_at'],
        attemptRows,
      ),
    }
  },
}
