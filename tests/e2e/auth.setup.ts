import { expect, test as setup } from '@playwright/test'
import { roleAccounts, signedInRoles, storageStateFor } from './support/accounts'
import { signIn } from './support/auth'

// One signed-in state per role, reused by the journeys and the access matrix.
for (const role of signedInRoles) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const account = roleAccounts[role]
    await signIn(page, account)
    await expect(page.getByText(account.name).first()).toBeVisible()
    await page.context().storageState({ path: storageStateFor(role) })
  })
}
