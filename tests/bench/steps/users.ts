import { benchPartnerEmail } from '../bench-config'
import { copyRows, type CopyValue } from '../lib/copy'
import { between, slug, type GeneratedUser, type GenerateStep } from '../lib/context'

/**
 * Partner users: one partner admin per partner plus partner users. Partner n ≤ benchPartnerLogins
 * gets the known login bench-partner-000n@bench.example as its first partner user.
 */
export const usersStep: GenerateStep = {
  name: 'users',
  async run(ctx) {
    const faker = ctx.fakerFor('users')
    const zh = ctx.zhFakerFor('users')
    const [minUsers, maxUsers] = ctx.scale.usersPerPartner
    if (minUsers < 2) throw new Error('usersPerPartner must allow an admin and a partner user')
    const users: GeneratedUser[] = []
    const rows: CopyValue[][] = []

    ctx.state.partners.forEach((partner, index) => {
      const domain = `${partner.code.toLowerCase()}.partners.example`
      const count = faker.number.int({ min: minUsers, max: maxUsers })
      for (let k = 0; k < count; k++) {
        const role = k === 0 ? 'partner_admin' : 'partner_user'
        const isBenchLogin = k === 1 && index < ctx.scale.benchPartnerLogins
        const first = faker.person.firstName()
        const last = faker.person.lastName()
        const email = isBenchLogin
          ? benchPartnerEmail(index + 1)
          : `${slug(first)}.${slug(last)}${k}@${domain}`
        const name = partner.language === 'zh' ? zh.person.fullName() : `${first} ${last}`
        const createdAt = between(faker, partner.createdAt, ctx.now)
        const disabled = role === 'partner_user' && !isBenchLogin && faker.datatype.boolean(0.03)
        const locale =
          partner.language === 'zh'
            ? faker.helpers.weightedArrayElement([
                { weight: 7, value: 'zh-CN' },
                { weight: 3, value: null },
              ])
            : faker.helpers.arrayElement(['en', null])
        const lastLoginAt = faker.datatype.boolean(0.8) ? between(faker, createdAt, ctx.now) : null
        const user: GeneratedUser = {
          id: faker.string.uuid(),
          email,
          role,
          partnerId: partner.id,
          createdAt,
        }
        users.push(user)
        if (role === 'partner_admin') partner.adminUserId = user.id
        rows.push([
          user.id,
          email,
          name,
          role,
          partner.id,
          disabled ? 'disabled' : 'active',
          locale,
          ctx.passwordHash,
          createdAt,
          lastLoginAt,
          createdAt,
          lastLoginAt ?? createdAt,
        ])
      }
    })
    ctx.state.partnerUsers = users

    return {
      users: await copyRows(
        ctx.sql,
        'users',
        [
          'id',
          'email',
          'name',
          'role',
          'partner_id',
          'status',
          'locale',
          'password_hash',
          'password_changed_at',
          'last_login_at',
          'created_at',
          'updated_at',
        ],
        rows,
      ),
    }
  },
}
