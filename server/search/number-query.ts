/** A search box text that names a bulletin number: `493`, `493/2024`, `No. 493`, `no 493/2024`. */
export interface NumberQuery {
  seq: number;
  /** Only when the text gives it: `493` alone matches 493 of any year. */
  year: number | null;
}

const NUMBER_QUERY = /^(?:(?:bolet[ií]n\s*)?(?:n[úu]mero|n[úu]m|no|n\s*[º°])\s*\.?\s*)?(\d{1,7})(?:\s*[/-]\s*(\d{4}))?\s*\.?$/i;

/**
 * The number `q` asks for, or null when `q` is anything else (words, two numbers,
 * `No.` alone). Case, spaces and a final period do not matter.
 */
export function parseNumberQuery(q: string): NumberQuery | null {
  const text = q.replace(/\s+/g, " ").trim();
  if (text.length > 40) return null;
  const match = NUMBER_QUERY.exec(text);
  if (!match) return null;
  const seq = Number(match[1]);
  const year = match[2] ? Number(match[2]) : null;
  if (seq < 1 || seq > 1_000_000 || (year !== null && (year < 1900 || year > 2200))) return null;
  return { seq, year };
}
