import organizationJson from "../../templates/organization.json" with { type: "json" };
import { bodyPlainText } from "../../shared/bulletin/plain-text";
import { organizationSchema, type Organization } from "../../shared/organization";
import { decodeBulletinBytes, parseBulletin, type ParsedBulletin } from "./parse-bulletin";
import { docxToMarkdown, type DocxMarkdown } from "./parse-docx";
import { looksLikePdf, pdfToText } from "./parse-pdf";

const DEFAULT_ORGANIZATION: Organization = organizationSchema.parse(organizationJson);

/** The largest file the importer reads: a long bulletin as PDF is well under 5 MB. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type ImportFormat = "txt" | "md" | "docx" | "pdf";

export type ReadFile =
  | { ok: true; format: ImportFormat; parsed: ParsedBulletin; /** The text the parser read, for a person to check the fields against. */ sourceText: string }
  | { ok: false; /** Why it cannot become a bulletin, in Spanish, for the person importing it. */ reason: string };

const ZIP_MAGIC = "PK\u0003\u0004";

/** What kind of file this is, by its bytes first and its name second; null when it is none the importer reads. */
export function importFormat(name: string, bytes: Uint8Array): ImportFormat | null {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";
  if (looksLikePdf(bytes)) return "pdf";
  if (Buffer.from(bytes.subarray(0, 4)).toString("latin1") === ZIP_MAGIC) return extension === "docx" || extension === "" ? "docx" : null;
  if (extension === "pdf" || extension === "docx") return null; // named so, but not one
  if (extension === "md" || extension === "markdown") return "md";
  if (extension === "txt" || extension === "text" || extension === "") return "txt";
  return null;
}

/**
 * One file of an archive → a bulletin and its warnings, or the reason it cannot be one.
 * Never throws: the CLI and the bulk import show the reason beside the file's name.
 */
export async function readImportFile(name: string, bytes: Uint8Array, organization: Organization = DEFAULT_ORGANIZATION): Promise<ReadFile> {
  const read = await readFile(name, bytes, organization);
  // A text with nothing under its first line (a note, a list, a spreadsheet saved as text) is not a bulletin to archive.
  if (read.ok && bodyPlainText(read.parsed.bulletin.body).every((text) => text.trim() === "")) return { ok: false, reason: NO_BODY_REASON };
  return read;
}

export const NO_BODY_REASON = "No parece un boletín: no tiene cuerpo de texto.";

async function readFile(name: string, bytes: Uint8Array, organization: Organization): Promise<ReadFile> {
  if (bytes.byteLength === 0) return { ok: false, reason: "El archivo está vacío." };
  if (bytes.byteLength > MAX_IMPORT_BYTES) return { ok: false, reason: `El archivo pesa más de ${MAX_IMPORT_BYTES / 1024 / 1024} MB; un boletín no es tan grande.` };
  const format = importFormat(name, bytes);
  if (format === null) {
    return { ok: false, reason: "No es un boletín en un formato que Redacta lea: importe archivos TXT, Markdown (.md), DOCX o PDF." };
  }
  try {
    if (format === "pdf") {
      const text = await pdfToText(bytes);
      return { ok: true, format, parsed: parseBulletin(text, organization), sourceText: text };
    }
    if (format === "docx") {
      let read: DocxMarkdown;
      try {
        read = await docxToMarkdown(bytes, organization);
      } catch {
        return { ok: false, reason: "El archivo no es un documento DOCX válido (¿un .doc antiguo, o dañado?). Ábralo en Word y guárdelo como .docx." };
      }
      const parsed = parseBulletin(read.markdown, organization);
      return { ok: true, format, parsed: { ...parsed, warnings: [...read.warnings, ...parsed.warnings] }, sourceText: read.markdown };
    }
    if (Buffer.from(bytes).includes(0)) return { ok: false, reason: "El archivo no es texto: no parece un TXT ni un Markdown." };
    const text = decodeBulletinBytes(bytes);
    return { ok: true, format, parsed: parseBulletin(text, organization), sourceText: text };
  } catch (error) {
    // PdfImportError carries its own Spanish message (a scanned PDF, a damaged one).
    const message = error instanceof Error && error.name === "PdfImportError" ? error.message : "No se pudo leer el archivo.";
    return { ok: false, reason: message };
  }
}
