import { expect, test as base } from '@playwright/test'

/**
 * `test` for browser journeys: fails a test whose pages threw an uncaught error or logged a
 * console error (a CSP violation blocking a script, a hydration failure, a crashed component).
 * HTTP errors the test expects (a 403 or 404 page) are the test's business, not noise; so is a
 * request aborted because the page was left.
 */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ context }, use) => {
      const errors: string[] = []
      const watch = (page: import('@playwright/test').Page) => {
        page.on('pageerror', (error) => {
          // A request the browser cancelled because the test (like a user) went to another page
          // before it finished: not something the page did wrong.
          if (error.name === 'AbortError' || /signal is aborted without reason/.test(error.message))
            return
          errors.push(`uncaught: ${error.message}`)
        })
        page.on('console', (message) => {
          if (message.type() !== 'error') return
          const text = message.text()
          if (/^Failed to load resource: the server responded with a status of \d+/.test(text))
            return
          errors.push(`console: ${text}`)
        })
      }
      context.pages().forEach(watch)
      context.on('page', watch)
      await use(errors)
      expect(errors, 'errors in the browser console').toEqual([])
    },
    { auto: true },
  ],
})

export { expect }
