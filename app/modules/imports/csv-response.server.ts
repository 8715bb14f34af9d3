/**
 * A CSV download: text/csv in UTF-8, as an attachment, never cached (exports hold prices). Chunks
 * are streamed; the first is read before answering so an early failure is an error page instead
 * of a file that ends too soon.
 */
export async function csvDownload(
  fileName: string,
  chunks: AsyncGenerator<string> | string,
): Promise<Response> {
  const headers = {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  }
  if (typeof chunks === 'string') return new Response(chunks, { headers })
  const encoder = new TextEncoder()
  const first = await chunks.next()
  let pending: IteratorResult<string> | null = first
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = pending ?? (await chunks.next())
      pending = null
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
    async cancel() {
      await chunks.return(undefined)
    },
  })
  return new Response(body, { headers })
}
