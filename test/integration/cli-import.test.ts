import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { openDatabase, queryRows, type DatabaseHandle } from "../../server/db/client";
import { SEEDS_FOLDER } from "../../server/db/seed";
import { renderDocx } from "../../server/export/docx";
import { renderPdf } from "../../server/export/pdf";
import type { Bulletin } from "../../shared/bulletin/schema";
import { createTestDatabase, TEST_DATABASE_URL } from "../db";
import { organization, seed001 } from "../export/seed-001";
import { seededDataDir, temporaryDirectory } from "../reliability/child-server";
import { runCli } from "../run-cli";

/**
 * `cli import CARPETA` as an office runs it on its old archive: a folder with sub-folders of
 * TXT, DOCX and PDF, a scan, files that are no bulletin, one already in the archive and one
 * whose number another bulletin holds. Each file gets its line as it goes, the run never stops
 * at a bad file, and the summary and the exit code say what happened.
 */

/** A one-page PDF with a grey rectangle and no text layer, as a scanner makes it. */
async function scannedPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: "LETTER", margin: 20 });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on("end", resolve));
  doc.rect(72, 72, 400, 500).fill("#888888");
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function paragraphs(...texts: string[]): Bulletin["body"] {
  return { type: "doc", content: texts.map((text) => ({ type: "paragraph" as const, content: [{ type: "text" as const, text }] })) };
}

const pdfBulletin: Bulletin = {
  ...seed001,
  number: { seq: 45, year: 2023 },
  date: "2023-03-02",
  title: "Abre el Instituto tres unidades de medicina familiar en Chiapas",
  highlights: ["Atenderán a 60 mil derechohabientes."],
  body: paragraphs("Las unidades abren de lunes a viernes de 8:00 a 20:00 horas.", "Cuentan con laboratorio y farmacia."),
};

const docxBulletin: Bulletin = {
  ...seed001,
  number: { seq: 46, year: 2023 },
  date: "2023-03-03",
  title: "Entrega el Instituto equipo de rayos X a hospitales de Oaxaca",
  highlights: ["Se invirtieron 12 millones de pesos."],
  body: paragraphs("Los equipos llegaron a cuatro hospitales generales de zona."),
};

/** The archive to import: what each file is, and the folder as the office keeps it. */
async function writeArchive(root: string): Promise<void> {
  // The example numbered No. 493/2024, loaded into the seeded archive from these very bytes.
  const seedText = fs
    .readdirSync(SEEDS_FOLDER)
    .filter((name) => name.endsWith(".txt"))
    .map((name) => fs.readFileSync(path.join(SEEDS_FOLDER, name)))
    .find((bytes) => bytes.toString("utf8").includes("No. 493/2024."))!;
  const write = (relative: string, bytes: Uint8Array | string) => {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), bytes);
  };
  write("2023/boletin-045.pdf", await renderPdf(pdfBulletin, { organization, draft: false }));
  write("2023/boletin-046.docx", await renderDocx(docxBulletin, { organization, draft: false }));
  write("2023/escaneado.pdf", await scannedPdf());
  write(
    "2020/tijuana.txt",
    [
      "Rehabilitan la unidad deportiva de la colonia Libertad",
      "",
      "Tijuana, Baja California, a 27 de octubre de 2020.- El sábado, el Ayuntamiento entregó la unidad deportiva rehabilitada a los vecinos.",
      "",
      "La obra tuvo una inversión de 3 millones de pesos.",
    ].join("\n"),
  );
  // The same bytes as the example bulletin already in the archive.
  write("2024/copia-del-493.txt", seedText);
  // Another text under the example's number (No. 493/2024).
  write("2024/otro-493.txt", seedText.toString("utf8").replace("Instruye", "Ordena"));
  write("varios/lista-de-compras.txt", "lista de compras: leche, pan\n");
  write("varios/presentacion.docx", "esto no es un documento de Word");
  write("varios/foto.jpg", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]));
  write("varios/.DS_Store", "x");
}

interface Place {
  env: Record<string, string>;
  query<T>(text: string): Promise<T[]>;
  close(): Promise<void>;
}

async function seededPlace(): Promise<Place> {
  if (TEST_DATABASE_URL) {
    const database = await createTestDatabase({ seeded: true, poolSize: 2 });
    return { env: { DATABASE_URL: database.url! }, query: (text) => queryRows(database.handle.db, sql.raw(text)), close: () => database.close() };
  }
  const dataDir = seededDataDir("cli-import");
  return {
    env: { DATA_DIR: dataDir },
    // PGlite: one process at a time on the files, so each query opens them after the CLI let go.
    async query<T>(text: string) {
      const handle: DatabaseHandle = await openDatabase({ dataDir: path.join(dataDir, "pglite") });
      try {
        return await queryRows<T>(handle.db, sql.raw(text));
      } finally {
        await handle.close();
      }
    },
    close: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** The summary's row of a file, its cells split on the column gaps. */
function summaryRow(stdout: string, file: string): string[] {
  const line = stdout.split("\n").find((row) => row.startsWith(`${file} `));
  expect(line, `no summary row for ${file} in:\n${stdout}`).toBeDefined();
  return line!.split(/ {2,}/).map((cell) => cell.trim());
}

describe("cli import of a folder of mixed files", { timeout: 180_000 }, () => {
  it("imports what it can read, says why it refused the rest, and exits 2 when it refused some", async () => {
    const place = await seededPlace();
    const archive = temporaryDirectory("cli-import-archive");
    try {
      await writeArchive(archive);
      const [example] = await place.query<{ id: number }>("SELECT id FROM bulletins WHERE number_year = 2024 AND number_seq = 493");
      const before = await place.query<{ count: number }>("SELECT count(*)::int AS count FROM bulletins");

      const run = await runCli(["import", archive], { env: place.env });
      expect(run.code, run.stderr).toBe(2);

      // One line per file on stderr, numbered, in folder then name order (numbers in order), the path relative to the folder.
      const progress = run.stderr.split("\n").filter((line) => line.startsWith("["));
      expect(progress.map((line) => line.split(":")[0])).toEqual([
        "[1/8] 2020/tijuana.txt",
        "[2/8] 2023/boletin-045.pdf",
        "[3/8] 2023/boletin-046.docx",
        "[4/8] 2023/escaneado.pdf",
        "[5/8] 2024/copia-del-493.txt",
        "[6/8] 2024/otro-493.txt",
        "[7/8] varios/lista-de-compras.txt",
        "[8/8] varios/presentacion.docx",
      ]);
      expect(progress[1]).toMatch(/^\[2\/8\] 2023\/boletin-045\.pdf: importado como #\d+$/);
      expect(progress[2]).toMatch(/^\[3\/8\] 2023\/boletin-046\.docx: importado como #\d+( — \d+ avisos?)?$/);
      expect(progress[3]).toContain("2023/escaneado.pdf: rechazado: El PDF no tiene texto: parece escaneado");
      expect(progress[4]).toBe(`[5/8] 2024/copia-del-493.txt: ya estaba (#${example!.id})`);
      expect(progress[5]).toMatch(new RegExp(`: importado como #\\d+ — \\d+ avisos?; el número 493/2024 ya lo tiene el boletín #${example!.id}: se importó sin número$`));
      expect(progress[6]).toContain("rechazado: No parece un boletín");
      expect(progress[7]).toContain("rechazado: No es un boletín en un formato que Redacta lea");
      // Files of other kinds are named, not imported and not counted as refused.
      expect(run.stderr).toMatch(/Se omiten 1 archivo\(s\) que no son TXT, Markdown, DOCX ni PDF: varios\/foto\.jpg/);
      expect(run.stderr).not.toContain(".DS_Store");

      // The summary table on stdout: a row per file, the refusals' reasons, the totals.
      const pdfRow = summaryRow(run.stdout, "2023/boletin-045.pdf");
      expect(pdfRow.slice(0, 2)).toEqual(["2023/boletin-045.pdf", "importado"]);
      expect(pdfRow[3]).toBe("45/2023");
      expect(pdfRow[4]).toBe("0");
      expect(summaryRow(run.stdout, "2024/copia-del-493.txt").slice(1, 4)).toEqual(["ya estaba", `#${example!.id}`, "493/2024"]);
      const clash = summaryRow(run.stdout, "2024/otro-493.txt");
      expect(clash[1]).toBe("importado con avisos");
      expect(clash[3]).toBe(`493/2024 (lo tiene #${example!.id})`);
      expect(summaryRow(run.stdout, "2023/escaneado.pdf").slice(1, 5)).toEqual(["rechazado", "—", "—", "—"]);
      expect(run.stdout).toMatch(/Rechazados:\n {2}2023\/escaneado\.pdf: El PDF no tiene texto/);
      const totals = Object.fromEntries(
        run.stdout.split("\n").filter((line) => /^(importado|importado con avisos|ya estaba|rechazado|total) +\d+$/.test(line)).map((line) => [line.replace(/ +\d+$/, ""), Number(line.match(/\d+$/)![0])]),
      );
      expect((totals.importado ?? 0) + (totals["importado con avisos"] ?? 0)).toBe(4);
      expect(totals).toMatchObject({ "ya estaba": 1, rechazado: 3, total: 8 });

      // The archive: four new published bulletins with their fields, the clash without a number.
      const after = await place.query<{ count: number }>("SELECT count(*)::int AS count FROM bulletins");
      expect(after[0]!.count - before[0]!.count).toBe(4);
      const fromPdf = await place.query<{ status: string; title: string; date: string }>(
        "SELECT status, content->>'title' AS title, content->>'date' AS date FROM bulletins WHERE number_year = 2023 AND number_seq = 45",
      );
      expect(fromPdf).toEqual([{ status: "published", title: pdfBulletin.title, date: "2023-03-02" }]);
      const fromDocx = await place.query<{ title: string }>("SELECT content->>'title' AS title FROM bulletins WHERE number_year = 2023 AND number_seq = 46");
      expect(fromDocx).toEqual([{ title: docxBulletin.title }]);
      const tijuana = await place.query<{ place: string; number_seq: number | null }>("SELECT content->>'place' AS place, number_seq FROM bulletins WHERE content->>'date' = '2020-10-27'");
      expect(tijuana).toEqual([{ place: "Tijuana, Baja California", number_seq: null }]);
      const clashed = await place.query<{ title: string; number_seq: number | null }>("SELECT content->>'title' AS title, number_seq FROM bulletins WHERE content->>'title' LIKE 'Ordena%'");
      expect(clashed).toHaveLength(1);
      expect(clashed[0]!.number_seq).toBeNull();
      // The archive's counter moved past the imported 2023 numbers: approval never hands out 46/2023 again.
      const counter = await place.query<{ last_seq: number }>("SELECT last_seq FROM number_counters WHERE year = 2023");
      expect(counter[0]!.last_seq).toBeGreaterThanOrEqual(46);

      // Again: everything it imported is already there; the refused are refused again.
      const again = await runCli(["import", archive], { env: place.env });
      expect(again.code).toBe(2);
      expect(again.stdout).toMatch(/^ya estaba +5$/m);
      expect(again.stdout).toMatch(/^rechazado +3$/m);
      expect((await place.query<{ count: number }>("SELECT count(*)::int AS count FROM bulletins"))[0]!.count).toBe(after[0]!.count);

      // Only good files: exit 0.
      const good = await runCli(["import", path.join(archive, "2023", "boletin-045.pdf"), path.join(archive, "2020")], { env: place.env });
      expect(good.code, good.stderr).toBe(0);
      expect(good.stderr).toContain(`[1/2] ${path.join(archive, "2023", "boletin-045.pdf")}: ya estaba (#`);
      expect(good.stderr).toContain(`[2/2] ${path.join(archive, "2020", "tijuana.txt")}: ya estaba (#`);
    } finally {
      fs.rmSync(archive, { recursive: true, force: true });
      await place.close();
    }
  });
});
