import { seedRegions } from '#db/seed-data'
import { copyRows } from '../lib/copy'
import type { GenerateStep } from '../lib/context'

/** The demo's ten sales regions: territories and (later) registrations refer to them. */
export const regionsStep: GenerateStep = {
  name: 'regions',
  async run(ctx) {
    ctx.state.regionCodes = seedRegions.map((r) => r.code)
    return {
      regions: await copyRows(
        ctx.sql,
        'regions',
        ['code', 'name_en', 'name_zh'],
        seedRegions.map((r) => [r.code, r.nameEn, r.nameZh]),
      ),
    }
  },
}
