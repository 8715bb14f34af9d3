/**
 * The submitted form, or a 400 when the body cannot be parsed (a truncated multipart upload, a
 * wrong content type): bad input is the client's problem, never a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    throw new Response('The submitted form could not be read.', { status: 400 })
  }
}
