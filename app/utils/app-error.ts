export type AppErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'invalid'

const statusByCode: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  invalid: 422,
}

/**
 * A failure the user may be told about. `userMessage` is safe to show (it is an i18n key or a
 * plain sentence); `message` is for logs. `field` ties a validation failure to a form field.
 */
export class AppError extends Error {
  readonly code: AppErrorCode
  readonly userMessage: string
  readonly field?: string
  readonly params?: Record<string, string | number>

  constructor(
    code: AppErrorCode,
    options: {
      message?: string
      userMessage: string
      field?: string
      params?: Record<string, string | number>
    },
  ) {
    super(options.message ?? options.userMessage)
    this.name = 'AppError'
    this.code = code
    this.userMessage = options.userMessage
    this.field = options.field
    this.params = options.params
  }

  get status(): number {
    return statusByCode[this.code]
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError
}

export function httpStatusOf(code: AppErrorCode): number {
  return statusByCode[code]
}

/** SQLSTATE of a driver error; drizzle wraps it so it sits on `cause`. */
export function sqlStateOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null
  const code = e?.cause?.code ?? e?.code
  return typeof code === 'string' ? code : undefined
}

/** Constraint name of a driver error (23505 unique, 23514 check, 23P01 exclusion). */
export function constraintOf(error: unknown): string | undefined {
  const e = error as {
    constraint?: unknown
    constraint_name?: unknown
    cause?: Record<string, unknown>
  } | null
  const c = e?.cause?.constraint_name ?? e?.cause?.constraint ?? e?.constraint_name ?? e?.constraint
  return typeof c === 'string' ? c : undefined
}
