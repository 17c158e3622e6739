import fs from "node:fs";
import path from "node:path";
import { bulletinSchema } from "../shared/bulletin/schema";
import { importBulletin } from "./commands/importBulletin";
import { numberHolder } from "./db/queries/imports";
import type { Database } from "./db/client";
import { loadOrganizationProfile } from "./db/queries/organization";
import { MAX_IMPORT_BYTES, readImportFile } from "./import/parse-file";

/*
 * `cli import ARCHIVO|CARPETA…`: every bulletin file of the folders (sub-folders too) into the
 * archive, one progress line per file on stderr as it goes, a summary table at the end.
 * A refused file is reported and skipped; it never stops the others.
 */

/** The extensions a folder is searched for; a file named on the command line is read whatever its name. */
const IMPORTED_EXTENSIONS = /\.(txt|md|markdown|docx|pdf)$/i;

export interface ImportInput {
  /** Where to read it. */
  file: string;
  /** How the person sees it: relative to the folder it was found in, or as typed. */
  shown: string;
}

export interface ImportInputs {
  files: ImportInput[];
  /** Files in the folders that are not TXT, Markdown, DOCX or PDF (photos, spreadsheets): left alone. */
  skipped: string[];
}

export type ImportOutcome = "importado" | "importado con avisos" | "ya estaba" | "rechazado";

export interface ImportRow {
  shown: string;
  outcome: ImportOutcome;
  bulletinId: number | null;
  /** `493/2024`, with who holds it when another bulletin does. */
  number: string;
  warnings: number;
  /** Why it was refused. */
  reason?: string;
}

/** Hidden files and folders, and Word's lock files (`~$boletín.docx`), are never bulletins. */
const ignored = (name: string) => name.startsWith(".") || name.startsWith("~$");

const byName = (a: string, b: string) => a.localeCompare(b, "es", { numeric: true });

function walk(folder: string, relative: string, inputs: ImportInputs, root: string): void {
  const entries = fs.readdirSync(path.join(folder, relative), { withFileTypes: true }).sort((a, b) => byName(a.name, b.name));
  for (const entry of entries) {
    if (ignored(entry.name)) continue;
    const inner = path.join(relative, entry.name);
    // Symbolic links to folders are not followed: a link back up would never end.
    if (entry.isDirectory()) walk(folder, inner, inputs, root);
    else if (entry.isFile() || (entry.isSymbolicLink() && fs.statSync(path.join(folder, inner), { throwIfNoEntry: false })?.isFile())) {
      const shown = root === "" ? inner : path.join(root, inner);
      if (IMPORTED_EXTENSIONS.test(entry.name)) inputs.files.push({ file: path.join(folder, inner), shown });
      else inputs.skipped.push(shown);
    }
  }
}

/**
 * The files to import, in order: named files as given, folders searched recursively (by name,
 * numbers in order: boletin-2 before boletin-10). Throws when an entry does not exist.
 */
export function listImportInputs(entries: string[]): ImportInputs {
  const inputs: ImportInputs = { files: [], skipped: [] };
  const oneFolder = entries.length === 1;
  for (const entry of entries) {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) throw new Error(`${entry} no existe.`);
    if (stat.isDirectory()) walk(entry, "", inputs, oneFolder ? "" : entry);
    else inputs.files.push({ file: entry, shown: entry });
  }
  return inputs;
}

function readBytes(file: string): { bytes: Uint8Array } | { reason: string } {
  try {
    if (fs.statSync(file).size > MAX_IMPORT_BYTES) {
      return { reason: `El archivo pesa más de ${MAX_IMPORT_BYTES / 1024 / 1024} MB; un boletín no es tan grande.` };
    }
    return { bytes: fs.readFileSync(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { reason: code === "EACCES" || code === "EPERM" ? "No se pudo leer: sin permiso de lectura." : `No se pudo leer: ${(error as Error).message}.` };
  }
}


const shortNumber = (number: { seq: number; year: number }) => `${number.seq}/${number.year}`;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The progress line of one file: `[12/30] 2024/boletin-045.pdf: importado como #123 — 2 avisos`. */
function progressLine(index: number, total: number, row: ImportRow, clash: string | null): string {
  const head = `[${index + 1}/${total}] ${row.shown}: `;
  if (row.outcome === "rechazado") return `${head}rechazado: ${row.reason}`;
  if (row.outcome === "ya estaba") return `${head}ya estaba (#${row.bulletinId})`;
  return `${head}importado como #${row.bulletinId}${row.warnings ? ` — ${plural(row.warnings, "aviso", "avisos")}` : ""}${clash ? `; ${clash}` : ""}`;
}

/**
 * Imports each file in its own transaction (the same bytes twice make one bulletin), writing a
 * progress line per file through `progress`. Reading and parsing never stop the run; a database
 * failure does (it would fail every file alike).
 */
export async function importFiles(db: Database, authorId: number, files: ImportInput[], progress: (line: string) => void): Promise<ImportRow[]> {
  // The office's letterhead lines are what the readers drop from DOCX and PDF pages.
  const organization = await loadOrganizationProfile(db);
  const rows: ImportRow[] = [];
  for (const [index, input] of files.entries()) {
    let row: ImportRow;
    let clash: string | null = null;
    const read = readBytes(input.file);
    const file = "bytes" in read ? await readImportFile(path.basename(input.file), read.bytes, organization) : { ok: false as const, reason: read.reason };
    if (!file.ok) {
      row = { shown: input.shown, outcome: "rechazado", bulletinId: null, number: "", warnings: 0, reason: file.reason };
    } else {
      const checked = bulletinSchema.safeParse(file.parsed.bulletin);
      if (!checked.success) {
        const issue = checked.error.issues[0]!;
        row = { shown: input.shown, outcome: "rechazado", bulletinId: null, number: "", warnings: 0, reason: `El boletín leído no es válido (${issue.path.join(".") || "raíz"}): ${issue.message}` };
      } else {
        const bulletin = checked.data;
        const result = await importBulletin(db, authorId, bulletin, "bytes" in read ? read.bytes : new Uint8Array());
        let number = bulletin.number ? shortNumber(bulletin.number) : "";
        let warnings = file.parsed.warnings.length;
        if (result.numberConflict && bulletin.number) {
          const holder = await numberHolder(db, bulletin.number);
          clash = `el número ${shortNumber(bulletin.number)} ya lo tiene el boletín #${holder ?? "?"}: se importó sin número`;
          number = `${number} (lo tiene #${holder ?? "?"})`;
          warnings += 1;
        }
        row = {
          shown: input.shown,
          outcome: !result.created ? "ya estaba" : warnings > 0 ? "importado con avisos" : "importado",
          bulletinId: result.id,
          number,
          warnings,
        };
      }
    }
    rows.push(row);
    progress(progressLine(index, files.length, row, clash));
  }
  return rows;
}

function table(headers: string[], rows: string[][], numericColumns: Set<number>): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (numericColumns.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(headers), widths.map((width) => "-".repeat(width)).join("  "), ...rows.map(line)].join("\n");
}

const OUTCOMES: ImportOutcome[] = ["importado", "importado con avisos", "ya estaba", "rechazado"];

/** The summary printed at the end: a row per file, the reasons of the refused, and the totals per result. */
export function formatImportSummary(rows: ImportRow[]): string {
  const perFile = table(
    ["archivo", "resultado", "boletín", "número", "avisos"],
    rows.map((row) => [row.shown, row.outcome, row.bulletinId === null ? "—" : `#${row.bulletinId}`, row.number || "—", row.outcome === "rechazado" ? "—" : String(row.warnings)]),
    new Set([4]),
  );
  const refused = rows.filter((row) => row.outcome === "rechazado");
  const reasons = refused.length ? `\n\nRechazados:\n${refused.map((row) => `  ${row.shown}: ${row.reason}`).join("\n")}` : "";
  const totals = table(
    ["resultado", "archivos"],
    [...OUTCOMES.map((outcome) => [outcome, String(rows.filter((row) => row.outcome === outcome).length)]), ["total", String(rows.length)]],
    new Set([1]),
  );
  return `${perFile}${reasons}\n\n${totals}\n`;
}
