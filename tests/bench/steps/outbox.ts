import { copyRows, type CopyValue } from '../lib/copy'
import { DAY_MS, between, type GenerateStep } from '../lib/context'

/** A few queued and sent e-mails, so the admin mailbox and the sender's queue are not empty. */
export const outboxStep: GenerateStep = {
  name: 'e-mail outbox',
  async run(ctx) {
    const faker = ctx.fakerFor('e-mail outbox')
    const rows: CopyValue[][] = []
    for (let i = 0; i < ctx.scale.outboxEmails; i++) {
      const user = faker.helpers.arrayElement(ctx.state.partnerUsers)
      const template = faker.helpers.arrayElement([
        'invitation',
        'password-reset',
        'password-changed',
      ])
      const locale = faker.helpers.arrayElement(['en', 'zh-CN'])
      const createdAt = between(faker, new Date(ctx.now.getTime() - 30 * DAY_MS), ctx.now)
      const status = faker.helpers.weightedArrayElement([
        { weight: 90, value: 'sent' },
        { weight: 7, value: 'pending' },
        { weight: 3, value: 'failed' },
      ] as const)
      const subject = `[bench] ${template}`
      rows.push([
        user.email,
        subject,
        `${subject}\n\n${faker.lorem.paragraph()}`,
        template,
        locale,
        status,
        status === 'sent' ? 1 : status === 'failed' ? 5 : 0,
        status === 'failed' ? 'connect ECONNREFUSED' : null,
        createdAt,
        status === 'sent' ? new Date(createdAt.getTime() + 5_000) : null,
        createdAt,
      ])
    }
    return {
      email_outbox: await copyRows(
        ctx.sql,
        'email_outbox',
        [
          'to_email',
          'subject',
          'body_text',
          'template',
          'locale',
          'status',
          'attempts',
          'last_error',
          'next_attempt_at',
          'sent_at',
          'created_at',
        ],
        rows,
      ),
    }
  },
}
