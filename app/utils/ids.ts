const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** True for a well-formed UUID; anything else in a URL is simply "not found". */
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value)
