import type { Database } from '#db/client.server'
import { demoLoginsBlock, hasDemoData, seedDemoDataIfEmpty } from '#db/seed'
import { DEMO_PASSWORD, demoLogins } from '#db/seed-data'

/**
 * Development start-up: seeds the demo data into an empty database and prints how to sign in.
 * Safe when several servers start at once (the seed runs once, under a lock).
 */
export async function seedIfEmpty(db: Database): Promise<void> {
  const url = process.env.APP_ORIGIN || `http://localhost:${process.env.PORT || 3000}`

  if (await seedDemoDataIfEmpty(db)) {
    const rule = '─'.repeat(72)
    console.log(
      [
        rule,
        ` Demo data seeded. Open ${url} and sign in as one of:`,
        '',
        demoLoginsBlock(),
        rule,
      ].join('\n'),
    )
    return
  }

  // Only repeat the demo logins when this is the demo database, not someone's real data.
  if (await hasDemoData(db)) {
    console.log(
      `Database already seeded; demo logins (see README), password ${DEMO_PASSWORD}: ` +
        demoLogins.map((l) => l.email).join(', '),
    )
  } else {
    console.log('Database already has users; demo data not seeded.')
  }
}
