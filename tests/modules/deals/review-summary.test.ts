import { expect, test } from 'vitest'
import { getReviewSummary } from '#app/modules/deals/get-review-summary.server'
import { isAppError } from '#app/utils/app-error'
import {
  createProductLine,
  createRegisteringPartner,
  createRegistration,
  registrationInput,
} from '#tests/factories/index'
import { useTestDatabase } from '#tests/setup/database'

const database = useTestDatabase()
const HOUR = 3_600_000

test("the vendor home counts what waits for a decision, with the SLA's edge counted as overdue", async () => {
  const now = new Date('2026-11-25T08:00:00Z')
  const line = await createProductLine(database.db)
  const a = await createRegisteringPartner(database.db)
  const b = await createRegisteringPartner(database.db)
  const before = await getReviewSummary(database.db, { now })

  await createRegistration(database.db, {
    actor: a.actor,
    now: new Date(now.getTime() - 72 * HOUR),
    input: registrationInput({ productLineId: line.id, prospectName: 'Edge Case Works Ltd' }),
  })
  await createRegistration(database.db, {
    actor: a.actor,
    now: new Date(now.getTime() - 71 * HOUR),
    input: registrationInput({ productLineId: line.id }),
  })
  // B tries A's prospect: refused and recorded as an open conflict.
  await createRegistration(database.db, {
    actor: b.actor,
    now,
    input: registrationInput({ productLineId: line.id, prospectName: 'EDGE CASE WORKS LIMITED' }),
  }).catch((e) => {
    if (!isAppError(e)) throw e
  })

  const after = await getReviewSummary(database.db, { now })
  expect(after.pendingReview - before.pendingReview).toBe(2)
  expect(after.overdue - before.overdue).toBe(1)
  expect(after.openConflicts - before.openConflicts).toBe(1)
})
