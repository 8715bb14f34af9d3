import type postgres from 'postgres'

/** The triggers that keep the contribution rollups (migration 0018), by table. */
const rollupTriggers = [
  ['orders', 'orders_contribution_rollups'],
  ['orders', 'orders_contribution_rollups_delete'],
  ['order_lines', 'order_lines_contribution_rollups_insert'],
  ['order_lines', 'order_lines_contribution_rollups_update'],
  ['order_lines', 'order_lines_contribution_rollups_delete'],
  ['registrations', 'registrations_contribution_rollups'],
  ['registrations', 'registrations_contribution_rollups_update'],
  ['registrations', 'registrations_contribution_rollups_delete'],
  ['registration_events', 'registration_events_contribution_rollups'],
] as const

/**
 * A bulk load with the rollup triggers off (a row-by-row upsert per inserted row would multiply
 * the load's time), then every rollup rebuilt from the rows in a few set-based statements. The
 * caller runs VACUUM ANALYZE afterwards, as after any load.
 */
export async function loadWithoutRollupTriggers<T>(
  sql: postgres.Sql,
  load: () => Promise<T>,
): Promise<T> {
  const toggle = (action: 'disable' | 'enable') =>
    Promise.all(
      rollupTriggers.map(([table, trigger]) =>
        sql.unsafe(`alter table ${table} ${action} trigger ${trigger}`),
      ),
    )
  await toggle('disable')
  try {
    return await load()
  } finally {
    await toggle('enable')
  }
}

/** Every contribution rollup recomputed from the source rows. */
export async function rebuildRollups(sql: postgres.Sql): Promise<void> {
  await sql`select contribution_rollups_rebuild()`
}
