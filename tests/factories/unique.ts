import { randomBytes } from 'node:crypto'

let counter = 0

/** A per-process counter plus a random suffix: unique within a database and readable in failures. */
export function uniqueSuffix(): string {
  counter += 1
  return `${String(counter).padStart(4, '0')}-${randomBytes(3).toString('hex')}`
}
