import { z } from "zod";
import { CONTACT_LIMITS, type ImportRow, type LineError } from "../../shared/api/distribution-schemas";
import { dropBidiControls, dropControls, refusedCodePointMessage, toOneLine, trimInvisible } from "../../shared/bulletin/storable-text";

const FIELD_LABELS = { name: "el nombre", outlet: "el medio", beat: "la fuente", notes: "las notas", email: "el correo" } as const;
const emailSchema = z.email();

/**
 * One row as it will be stored, or why it cannot be: the e-mail trimmed and lower-cased
 * (contacts merge by it), one-line fields on one line, controls dropped; a missing or
 * invalid address, a refused character or an over-long field is the row's error.
 */
export function checkContactRow(raw: ImportRow): { row: ImportRow; error?: never } | { row?: never; error: LineError } {
  const fail = (message: string) => ({ error: { line: raw.line, message } });
  const row = { ...raw };
  for (const field of ["name", "outlet", "beat", "notes", "email"] as const) {
    const refused = refusedCodePointMessage(raw[field]);
    if (refused) return fail(`${capitalized(FIELD_LABELS[field])}: ${refused}`);
    const cleaned = dropBidiControls(dropControls(raw[field]));
    row[field] = trimInvisible(field === "notes" ? cleaned.replace(/\r\n?/g, "\n") : toOneLine(cleaned));
    if (row[field].length > CONTACT_LIMITS[field]) return fail(`${capitalized(FIELD_LABELS[field])} pasa de ${CONTACT_LIMITS[field]} caracteres.`);
  }
  row.email = row.email.toLowerCase();
  if (row.email === "") return fail("Falta el correo electrónico.");
  if (!emailSchema.safeParse(row.email).success) return fail(`«${raw.email.trim()}» no es un correo electrónico válido.`);
  return { row };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
