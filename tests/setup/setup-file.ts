import { afterAll, afterEach } from 'vitest'

// STYLE.md: "A console.error during a test fails it." An error that is expected should be
// asserted on instead (vi.spyOn(console, 'error').mockImplementation(...) replaces this wrapper
// for that test). The message is still printed so the failure explains itself.
const originalError = console.error
let logged: unknown[][] = []

console.error = (...args: unknown[]) => {
  logged.push(args)
  originalError(...args)
}

function takeLogged(where: string) {
  if (logged.length === 0) return
  const first = logged[0].map((arg) => (arg instanceof Error ? arg.stack : String(arg))).join(' ')
  const count = logged.length
  logged = []
  throw new Error(`console.error was called ${count} time(s) ${where}; first: ${first}`)
}

afterEach(() => takeLogged('during this test'))
afterAll(() => takeLogged('outside a test (in a beforeAll/afterAll hook or at import)'))
