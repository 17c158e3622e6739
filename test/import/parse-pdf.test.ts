import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { SEEDS_FOLDER } from "../../server/db/seed";
import { renderPdf } from "../../server/export/pdf";
import { decodeBulletinBytes, parseBulletin } from "../../server/import/parse-bulletin";
import { NO_TEXT_MESSAGE, parsePdfBulletin, pdfToText } from "../../server/import/parse-pdf";
import { bodyFromParagraphs, type BodyDoc } from "../../shared/bulletin/body-schema";
import { bulletinSchema } from "../../shared/bulletin/schema";
import { organization, seed001 } from "../export/seed-001";
import { runCli } from "../run-cli";

/** A PDF drawn with pdfkit page by page: `draw` gets the document and the page number. */
async function drawnPdf(pages: number, draw: (doc: PDFKit.PDFDocument, page: number) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: "LETTER", margin: 20, autoFirstPage: false });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on("end", resolve));
  for (let page = 1; page <= pages; page++) {
    doc.addPage();
    draw(doc, page);
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

/** The body's blocks as plain text, one per paragraph or list item, spaces collapsed (a PDF keeps no bold, italics or double spaces). */
function bodyText(body: BodyDoc): string[] {
  const texts: string[] = [];
  const walk = (node: { type: string; text?: string; content?: unknown[] }): string =>
    node.text ?? (node.content ?? []).map((child) => walk(child as typeof node)).join("");
  const blocks = (nodes: unknown[]): void => {
    for (const node of nodes as { type: string; content?: unknown[] }[]) {
      if (node.type === "paragraph" || node.type === "heading") texts.push(walk(node).replace(/\s+/gu, " ").trim());
      else blocks(node.content ?? []);
    }
  };
  blocks(body.content);
  return texts;
}

const FIRST_HALF =
  "El Instituto informó que durante el fin de semana se atendieron más de dos mil consultas en las unidades de medicina familiar de la zona norte, y que";
const SECOND_HALF = "el personal de enfermería reforzó los turnos nocturnos para reducir los tiempos de espera.";

describe("PDF import", () => {
  it("reads the office's own PDF export back: headline, date, place, number, highlights and body", async () => {
    const pdf = await renderPdf(seed001, { organization, draft: false });
    const { bulletin, warnings } = await parsePdfBulletin(pdf);
    expect(bulletinSchema.safeParse(bulletin).success).toBe(true);
    expect(bulletin.title).toBe(seed001.title);
    expect(bulletin.date).toBe("2024-09-25");
    expect(bulletin.place).toBe("Ciudad de México");
    expect(bulletin.number).toEqual({ seq: 493, year: 2024 });
    expect(bulletin.highlights).toEqual(seed001.highlights);
    expect(bulletin.body).toEqual(seed001.body);
    expect(bulletin.photoLinks).toEqual(seed001.photoLinks);
    expect(warnings).toEqual([]);
  });

  it("reads every seed's PDF export back as the TXT import reads the seed, pages and all", { timeout: 120_000 }, async () => {
    const seeds = readdirSync(SEEDS_FOLDER).filter((name) => name.endsWith(".txt")).sort();
    expect(seeds).toHaveLength(5);
    let pages = 0;
    for (const name of seeds) {
      const { bulletin } = parseBulletin(decodeBulletinBytes(readFileSync(join(SEEDS_FOLDER, name))));
      const pdf = await renderPdf(bulletin, { organization, draft: false });
      pages += (pdf.toString("latin1").match(/\/Type\s*\/Page\b/g) ?? []).length;
      const back = (await parsePdfBulletin(pdf)).bulletin;
      expect({ name, title: back.title, date: back.date, place: back.place, number: back.number, highlights: back.highlights }).toEqual({
        name,
        title: bulletin.title,
        date: bulletin.date,
        place: bulletin.place,
        number: bulletin.number,
        highlights: bulletin.highlights,
      });
      expect(bodyText(back.body)).toEqual(bodyText(bulletin.body));
      expect([back.photoLinks, back.videoLinks]).toEqual([bulletin.photoLinks, bulletin.videoLinks]);
    }
    // Paragraphs cross page breaks here: more pages than bulletins.
    expect(pages).toBeGreaterThan(seeds.length);
  });

  it("drops the letterhead and page footer repeated on every page and joins a paragraph split by the page break", async () => {
    const pdf = await drawnPdf(2, (doc, page) => {
      doc.font("Helvetica-Bold").fontSize(12).text("INSTITUTO DE SALUD DEL ESTADO", 72, 40, { align: "center", width: 468 });
      doc.font("Helvetica").fontSize(9).text(`Página ${page} de 2`, 72, 740, { align: "center", width: 468 });
      doc.font("Helvetica").fontSize(11);
      if (page === 1) {
        doc.text("Comunicado de prensa", 72, 90, { align: "center", width: 468 });
        doc.text("Monterrey, Nuevo León, 3 de marzo de 2024.", 72, 120, { align: "right", width: 468 });
        doc.font("Helvetica-Bold").fontSize(14).text("Refuerza el Instituto la atención nocturna en la zona norte", 72, 150, { align: "center", width: 468 });
        doc.font("Helvetica").fontSize(11).text("Los hospitales ampliaron sus horarios de atención desde el lunes.", 72, 200, { width: 468 });
        // The last lines of the page: the paragraph goes on on page 2.
        doc.text(FIRST_HALF, 72, 680, { width: 468 });
      } else {
        doc.text(SECOND_HALF, 72, 90, { width: 468 });
        doc.text("La dependencia invitó a la población a acudir a su clínica.", 72, 130, { width: 468 });
      }
    });
    const text = await pdfToText(pdf);
    expect(text).not.toContain("INSTITUTO DE SALUD DEL ESTADO");
    expect(text).not.toMatch(/Página \d de 2/);
    const { bulletin } = await parsePdfBulletin(pdf);
    expect(bulletin.title).toBe("Refuerza el Instituto la atención nocturna en la zona norte");
    expect(bulletin.place).toBe("Monterrey, Nuevo León");
    expect(bulletin.date).toBe("2024-03-03");
    expect(bulletin.body).toEqual(
      bodyFromParagraphs([
      "Los hospitales ampliaron sus horarios de atención desde el lunes.",
      `${FIRST_HALF} ${SECOND_HALF}`,
      "La dependencia invitó a la población a acudir a su clínica.",
      ]),
    );
  });

  it("refuses a scanned PDF with no text layer with a message, not an empty bulletin", async () => {
    const pdf = await drawnPdf(1, (doc) => {
      doc.rect(72, 72, 300, 400).fill("#777777");
    });
    await expect(parsePdfBulletin(pdf)).rejects.toThrow(NO_TEXT_MESSAGE);
    expect(NO_TEXT_MESSAGE).toMatch(/^El PDF no tiene texto: parece escaneado/);
  });

  it("refuses bytes that are not a PDF", async () => {
    await expect(parsePdfBulletin(Buffer.from("%PDF-1.7\nnada más"))).rejects.toThrow("El archivo no es un PDF válido o está dañado.");
  });

  it("`cli parse FILE.pdf` prints the bulletin, and refuses a scan with the message and a failing exit code", { timeout: 60_000 }, async () => {
    const directory = mkdtempSync(join(tmpdir(), "redacta-parse-pdf-"));
    try {
      const exported = join(directory, "boletin.pdf");
      writeFileSync(exported, await renderPdf(seed001, { organization, draft: false }));
      const scanned = join(directory, "escaneado.pdf");
      writeFileSync(scanned, await drawnPdf(1, (doc) => void doc.rect(72, 72, 300, 400).fill("#777777")));

      const read = await runCli(["parse", exported]);
      expect(read.code).toBe(0);
      const printed = bulletinSchema.parse(JSON.parse(read.stdout));
      expect(printed.title).toBe(seed001.title);
      expect(printed.number).toEqual({ seq: 493, year: 2024 });

      const refused = await runCli(["parse", scanned]);
      expect(refused.code).not.toBe(0);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toContain("El PDF no tiene texto: parece escaneado");
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
