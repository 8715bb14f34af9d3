/**
 * CSV files as users produce them: UTF-8 with or without BOM, and GB18030 as Excel on a Chinese
 * Windows saves "CSV (comma delimited)". Node has a GB18030 decoder but no encoder, so the encoder
 * inverts the decoder over the two-byte range (every CJK character in common use lives there).
 */

let gbTable: Map<string, [number, number]> | undefined

function gb18030Table(): Map<string, [number, number]> {
  if (gbTable) return gbTable
  const decoder = new TextDecoder('gb18030')
  const table = new Map<string, [number, number]>()
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      if (trail === 0x7f) continue
      const char = decoder.decode(new Uint8Array([lead, trail]))
      if (char.length === 1 && char !== '\uFFFD' && !table.has(char)) table.set(char, [lead, trail])
    }
  }
  gbTable = table
  return table
}

/** The text as GB18030 bytes (ASCII as is); throws for a character outside the two-byte range. */
export function encodeGb18030(text: string): Uint8Array {
  const table = gb18030Table()
  const bytes: number[] = []
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (code < 0x80) {
      bytes.push(code)
      continue
    }
    const pair = table.get(char)
    if (!pair) throw new Error(`No two-byte GB18030 code for ${char}`)
    bytes.push(...pair)
  }
  return new Uint8Array(bytes)
}

export const utf8 = (text: string, options: { bom?: boolean } = {}) =>
  new TextEncoder().encode((options.bom ? '\uFEFF' : '') + text)

/** CSV text from rows of cells (quoted when needed), CRLF like Excel. */
export function csv(rows: readonly (readonly (string | number)[])[]): string {
  return rows
    .map((row) =>
      row
        .map((cell) => {
          const text = String(cell)
          return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
        })
        .join(','),
    )
    .join('\r\n')
    .concat('\r\n')
}

/** Concatenates an export's chunks into the bytes a browser would download. */
export async function download(chunks: AsyncIterable<string>): Promise<Uint8Array> {
  let text = ''
  for await (const chunk of chunks) text += chunk
  return new TextEncoder().encode(text)
}
