import { BENCH_ADMIN_EMAIL } from '../bench-config'
import { copyRows } from '../lib/copy'
import { DAY_MS, type GeneratedUser, type GenerateStep } from '../lib/context'

/** Vendor staff: the known bench admin and the channel managers partners are assigned to. */
export const staffStep: GenerateStep = {
  name: 'staff',
  async run(ctx) {
    const faker = ctx.fakerFor('staff')
    const createdAt = new Date(ctx.now.getTime() - 1100 * DAY_MS)
    const staff: GeneratedUser[] = [
      {
        id: faker.string.uuid(),
        email: BENCH_ADMIN_EMAIL,
        role: 'admin',
        partnerId: null,
        createdAt,
      },
    ]
    for (let i = 1; i <= ctx.scale.channelManagers; i++) {
      staff.push({
        id: faker.string.uuid(),
        email: `manager-${String(i).padStart(3, '0')}@bench.example`,
        role: 'channel_manager',
        partnerId: null,
        createdAt,
      })
    }
    ctx.state.staff = staff
    return {
      users: await copyRows(
        ctx.sql,
        'users',
        [
          'id',
          'email',
          'name',
          'role',
          'status',
          'locale',
          'password_hash',
          'password_changed_at',
          'created_at',
          'updated_at',
        ],
        staff.map((u) => [
          u.id,
          u.email,
          u.role === 'admin' ? 'Bench Admin' : faker.person.fullName(),
          u.role,
          'active',
          faker.helpers.arrayElement(['en', 'zh-CN', null]),
          ctx.passwordHash,
          u.createdAt,
          u.createdAt,
          u.createdAt,
        ]),
      ),
    }
  },
}
