import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePdfBulletin } from "../../server/import/parse-pdf";
import { bodyPlainText } from "../../shared/bulletin/plain-text";
import { describeWithLibreOffice, expectCaseFields, SOFFICE } from "./layout-checks";
import { families, type Case } from "./other-layouts-cases";

/*
 * The other offices' layouts (other-layouts-cases.ts) as PDFs, read with parsePdfBulletin and held
 * to the fields the TXT test expects: laid out here with pdfkit (one page; and a long version over
 * two pages with the letterhead on every page and `Página N de M` footers), and as LibreOffice
 * prints the TXT (skipped without soffice, required under CI).
 */

/** Body paragraphs a long bulletin goes on with, after its first one: enough to fill a second page. */
const MORE_PARAGRAPHS = [
  "Durante el recorrido, las autoridades explicaron que las obras forman parte de un programa más amplio de mejoramiento urbano que se ejecuta en colaboración con los vecinos, quienes participaron en la definición de las prioridades de cada colonia y en la supervisión de los trabajos realizados por las empresas contratadas.",
  "Los recursos provienen del presupuesto estatal y de aportaciones federales etiquetadas para infraestructura social, y su aplicación será revisada por la contraloría y por un comité ciudadano que publicará sus informes en el portal de transparencia, de acuerdo con los lineamientos vigentes en la materia.",
  "En su mensaje, el funcionario reconoció el trabajo del personal técnico y administrativo que hizo posible concluir las obras en el plazo previsto, a pesar de las lluvias de las últimas semanas, y reiteró el compromiso de atender las peticiones que la población presentó en las audiencias públicas del año pasado.",
  "Asimismo, informó que en los próximos meses iniciarán trabajos similares en otras comunidades del municipio, entre ellos la rehabilitación de espacios deportivos, la ampliación de la red de alumbrado público y la reparación de caminos rurales que comunican a las localidades más alejadas con la cabecera.",
  "Al evento asistieron representantes de los comités vecinales, integrantes del cabildo, directores de las áreas de obras públicas y desarrollo social, así como estudiantes de las escuelas cercanas, quienes participaron en una jornada de limpieza y reforestación en las áreas verdes del lugar.",
  "La dependencia detalló que los trabajos generaron más de doscientos empleos temporales para habitantes de la zona, en su mayoría jóvenes y mujeres jefas de familia, y que se dio preferencia a proveedores locales en la compra de materiales de construcción, herramientas y servicios de transporte.",
  "Por su parte, los representantes vecinales agradecieron la atención a sus demandas y pidieron que se mantenga el diálogo para dar seguimiento a los compromisos pendientes, en particular los relacionados con la seguridad pública, la recolección de basura y el abasto de agua potable en temporada de calor.",
  "El programa contempla también talleres de capacitación en oficios, cursos de primeros auxilios y actividades de prevención de adicciones dirigidas a niñas, niños y adolescentes, que se impartirán en los centros comunitarios con el apoyo de instituciones educativas y organizaciones de la sociedad civil.",
  "Las autoridades recordaron que la información sobre los avances de cada obra, los montos ejercidos y las empresas responsables puede consultarse en las oficinas de atención ciudadana, en las redes sociales oficiales y en las asambleas informativas que se realizan el primer sábado de cada mes.",
  "Finalmente, se invitó a la población a hacer buen uso de las instalaciones, a reportar cualquier desperfecto a través de la línea de atención ciudadana y a sumarse a las actividades culturales y recreativas que se organizarán cada fin de semana durante el resto del año.",
];

const cases: Case[] = families.flatMap(([, entries]) => entries);

/** The case's text with MORE_PARAGRAPHS after the paragraph its body starts with; null when that paragraph is not found. */
function longText(entry: Case): string | null {
  const eol = entry.text.includes("\r\n") ? "\r\n" : "\n";
  const lines = entry.text.split(eol);
  const start = lines.findIndex((line) => line.endsWith(entry.first));
  if (start < 0 || entry.first === "") return null;
  let end = start;
  while (end + 1 < lines.length && lines[end + 1]!.trim() !== "") end++;
  const inserted = MORE_PARAGRAPHS.flatMap((paragraph) => ["", paragraph]);
  return [...lines.slice(0, end + 1), ...inserted, ...lines.slice(end + 1)].join(eol);
}

/** The text width of a letter page with one-inch margins. */
const WIDTH = 612 - 2 * 72;

const LETTERHEAD = ["GOBIERNO DEL ESTADO DE EJEMPLO", "Coordinación General de Comunicación Social"];

/**
 * A PDF of a TXT as an office lays it out: Helvetica 11 on letter paper, each line of the text a
 * line of the page (long ones wrapped), a blank line a paragraph's gap; with `letterhead`, the
 * office's two letterhead lines on top of every page. Every page ends with `Página N de M`.
 */
async function laidOutPdf(text: string, options: { letterhead: boolean }): Promise<{ pdf: Buffer; pages: number }> {
  const top = options.letterhead ? 110 : 72;
  const doc = new PDFDocument({ size: "LETTER", margins: { top, bottom: 90, left: 72, right: 72 }, bufferPages: true });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on("end", resolve));
  doc.font("Helvetica").fontSize(11);
  for (const line of text.split(/\r?\n/u)) {
    if (line.trim() === "") doc.moveDown(0.8);
    // A tab is a position, not a character, in a PDF: pdfkit's standard fonts would draw it as a stray glyph.
    else doc.text(line.replace(/\t/gu, " "), { width: WIDTH, lineGap: 2 });
  }
  const { count } = doc.bufferedPageRange();
  for (let page = 0; page < count; page++) {
    doc.switchToPage(page);
    // Drawn in the margins: without this pdfkit would start a new page for them.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    if (options.letterhead) {
      doc.font("Helvetica-Bold").fontSize(12).text(LETTERHEAD[0]!, 72, 40, { width: WIDTH, align: "center", lineBreak: false });
      doc.font("Helvetica").fontSize(9).text(LETTERHEAD[1]!, 72, 58, { width: WIDTH, align: "center", lineBreak: false });
    }
    doc.font("Helvetica").fontSize(9).text(`Página ${page + 1} de ${count}`, 72, 740, { width: WIDTH, align: "center", lineBreak: false });
    doc.page.margins = margins;
  }
  doc.end();
  await ended;
  return { pdf: Buffer.concat(chunks), pages: count };
}

/** The same checks as the TXT test, and for a long version its extra paragraphs back whole, in order. */
async function expectFields(pdf: Uint8Array, entry: Case, options: { long: boolean }): Promise<void> {
  const parsed = await parsePdfBulletin(pdf);
  const { bulletin, warnings } = parsed;
  expectCaseFields(parsed, entry);
  expect(warnings.join("\n")).not.toMatch(/GOBIERNO DEL ESTADO DE EJEMPLO|Página \d/u);
  if (options.long) {
    const body = bodyPlainText(bulletin.body);
    const at = body.indexOf(MORE_PARAGRAPHS[0]!);
    expect(at, "the long version's paragraphs are in the body").toBeGreaterThan(0);
    expect(body.slice(at, at + MORE_PARAGRAPHS.length)).toEqual(MORE_PARAGRAPHS);
    expect(body.join("\n")).not.toMatch(/GOBIERNO DEL ESTADO DE EJEMPLO|Página \d/u);
  }
}

const longCases = cases.flatMap((entry) => {
  const text = longText(entry);
  return text === null ? [] : [{ entry, text }];
});

describe("PDFs laid out with pdfkit", () => {
  it("lays out nearly every case long (the paragraph its body starts with is found)", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    expect(longCases.length).toBeGreaterThanOrEqual(cases.length - 3);
  });

  for (const [family, entries] of families) {
    describe(family, () => {
      it.each(entries.map((entry) => [entry.name, entry] as const))("one page: %s", async (_name, entry) => {
        const { pdf, pages } = await laidOutPdf(entry.text, { letterhead: false });
        expect(pages).toBe(1);
        await expectFields(pdf, entry, { long: false });
      });
      const long = longCases.filter(({ entry }) => entries.includes(entry));
      it.each(long.map(({ entry, text }) => [entry.name, entry, text] as const))("two pages, letterhead and page footers: %s", async (_name, entry, text) => {
        const { pdf, pages } = await laidOutPdf(text, { letterhead: true });
        expect(pages).toBe(2);
        await expectFields(pdf, entry, { long: true });
      });
    });
  }
});

describeWithLibreOffice("PDFs LibreOffice prints from the TXT", () => {
  const directory = mkdtempSync(join(tmpdir(), "redacta-layouts-pdf-"));
  const fileOf = (index: number, long: boolean) => join(directory, `caso-${String(index).padStart(2, "0")}${long ? "-largo" : ""}`);
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  // Every TXT in one soffice call: starting LibreOffice costs seconds, converting one more text little.
  beforeAll(() => {
    const sources: string[] = [];
    cases.forEach((entry, index) => {
      writeFileSync(`${fileOf(index, false)}.txt`, entry.text);
      sources.push(`${fileOf(index, false)}.txt`);
      const text = longText(entry);
      if (text !== null) {
        writeFileSync(`${fileOf(index, true)}.txt`, text);
        sources.push(`${fileOf(index, true)}.txt`);
      }
    });
    execFileSync(
      SOFFICE!,
      // Its own profile: no clash with another LibreOffice on the machine. The texts are UTF-8.
      [`-env:UserInstallation=file://${join(directory, "perfil")}`, "--headless", "--infilter=Text (encoded):UTF8", "--convert-to", "pdf", "--outdir", directory, ...sources],
      { stdio: "pipe", timeout: 300_000 },
    );
  }, 320_000);

  for (const [family, entries] of families) {
    describe(family, () => {
      it.each(entries.map((entry) => [entry.name, entry] as const))("%s", async (_name, entry) => {
        const index = cases.indexOf(entry);
        await expectFields(readFileSync(`${fileOf(index, false)}.pdf`), entry, { long: false });
        if (longText(entry) !== null) await expectFields(readFileSync(`${fileOf(index, true)}.pdf`), entry, { long: true });
      });
    });
  }
});
