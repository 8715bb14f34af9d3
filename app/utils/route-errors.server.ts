import { isAppError } from './app-error'

/**
 * Runs a module call and turns an AppError into the matching HTTP response (404, 403, 409…), so
 * loaders stay one line and error boundaries get the right status.
 */
export async function orHttpError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    if (isAppError(error)) {
      throw new Response(error.userMessage, { status: error.status, statusText: error.code })
    }
    throw error
  }
}
