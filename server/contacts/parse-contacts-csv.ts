import { parse } from "csv-parse/sync";
import type { ContactField, ImportRow, LineError } from "../../shared/api/distribution-schemas";

/** What a CSV of media contacts holds once read: its header, how each column was mapped, every data row with its line. */
export interface ParsedContactsCsv {
  columns: string[];
  mapping: (ContactField | null)[];
  rows: ImportRow[];
  /** Lines that could not be read as a row (a quote left open), and a header without an e-mail column. */
  errors: LineError[];
}

/** Header names (lower-case, accents folded, spaces collapsed) → the field they hold. */
const HEADER_NAMES: Record<string, ContactField> = {
  nombre: "name", name: "name", "nombre completo": "name", contacto: "name", periodista: "name",
  medio: "outlet", outlet: "outlet", empresa: "outlet", "medio de comunicacion": "outlet", medios: "outlet",
  correo: "email", email: "email", "e-mail": "email", "correo electronico": "email", "correo-e": "email", mail: "email", "e mail": "email",
  fuente: "beat", beat: "beat", fuentes: "beat",
  notas: "notes", notes: "notes", nota: "notes", observaciones: "notes", comentarios: "notes",
};

/** The text of an uploaded file: UTF-8 (a BOM dropped) or, when the bytes are not valid UTF-8, Windows-1252 (what Excel saves in Mexico). */
export function decodeCsvBytes(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `Correo Electrónico ` → `correo electronico`. */
export function foldHeader(header: string): string {
  return header.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[\s_]+/g, " ").trim();
}

/** The separator of the header line: `;` (Excel in Spanish), `,` or a tab, whichever it uses most outside quotes. */
export function detectSeparator(headerLine: string): string {
  const counts = new Map<string, number>([[",", 0], [";", 0], ["\t", 0]]);
  let quoted = false;
  for (const character of headerLine) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && counts.has(character)) counts.set(character, counts.get(character)! + 1);
  }
  let best = ",";
  for (const [separator, count] of counts) if (count > counts.get(best)!) best = separator;
  return best;
}

/**
 * Reads a CSV of contacts. Line numbers are the file's (the header is line 1, a quoted
 * field spanning lines counts each). Blank lines are skipped; columns it does not know are left out.
 */
export function parseContactsCsv(bytes: Uint8Array): ParsedContactsCsv {
  const text = decodeCsvBytes(bytes).replace(/\r\n?/g, "\n");
  const firstLine = text.split("\n").find((line) => line.trim() !== "") ?? "";
  const errors: LineError[] = [];
  let records: { record: string[]; info: { lines: number }; raw: string }[] = [];
  try {
    records = parse(text, {
      delimiter: detectSeparator(firstLine),
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        if (error) errors.push({ line: (error as { lines?: number }).lines ?? 0, message: "No se pudo leer esta línea (revisa las comillas)." });
        return undefined;
      },
    }) as unknown as typeof records;
  } catch (error) {
    errors.push({ line: 1, message: `No se pudo leer el archivo como CSV: ${(error as Error).message}` });
  }
  // A quote opened and never closed swallows the rest of the file: say from which line.
  const unclosed = errors.findIndex((error) => error.message.startsWith("No se pudo leer esta línea"));
  if (unclosed >= 0 && errors[unclosed]!.line > lastLine(records)) {
    errors[unclosed] = { line: lastLine(records) + 1 + leadingBlankLines(text, lastLine(records)), message: "Aquí se abren comillas que nunca se cierran: esta línea y las siguientes no se pudieron leer." };
  }
  const [header, ...data] = records;
  if (!header) return { columns: [], mapping: [], rows: [], errors: [{ line: 1, message: "El archivo está vacío: la primera línea debe nombrar las columnas (nombre, medio, correo, fuente, notas)." }] };
  const columns = header.record.map((name) => name.trim());
  const mapping = columns.map((name) => HEADER_NAMES[foldHeader(name)] ?? null);
  // Two columns read as the same field: the first one counts.
  mapping.forEach((field, index) => {
    if (field && mapping.indexOf(field) !== index) mapping[index] = null;
  });
  if (!mapping.includes("email")) {
    errors.unshift({ line: 1, message: "Ninguna columna se reconoce como correo electrónico (llámala «correo», «email» o «correo electrónico»)." });
    return { columns, mapping, rows: [], errors };
  }
  const rows = data.map(({ record, info, raw }) => {
    const row: ImportRow = { line: startLine(info.lines, raw), name: "", outlet: "", email: "", beat: "", notes: "" };
    mapping.forEach((field, index) => {
      if (field) row[field] = record[index] ?? "";
    });
    return row;
  });
  return { columns, mapping, rows, errors: errors.sort((a, b) => a.line - b.line) };
}

/** csv-parse counts the line a record ends on; its raw text (blank lines skipped before it included) tells where it began. */
function startLine(endLine: number, raw: string): number {
  const own = raw.replace(/^\n+/, "").replace(/\n$/, "");
  return endLine - (own.match(/\n/g)?.length ?? 0);
}

function lastLine(records: { info: { lines: number } }[]): number {
  return records.at(-1)?.info.lines ?? 0;
}

/** Blank lines right after line `after` (1-based), to name the first line with something on it. */
function leadingBlankLines(text: string, after: number): number {
  const lines = text.split("\n");
  let blank = 0;
  while (after + blank < lines.length && lines[after + blank]!.trim() === "") blank++;
  return blank;
}
