import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { renderDocx } from "../../server/export/docx";
import type { ExportOptions } from "../../server/export/options";
import { renderPdf } from "../../server/export/pdf";
import { decodeBulletinBytes, parseBulletin } from "../../server/import/parse-bulletin";
import { SEEDS_FOLDER } from "../../server/db/seed";
import { organization } from "./seed-001";
import { richBulletin } from "./rich-bulletin";
import { flowingText, pdfInfo, pdfText, pdfToPng, popplerAvailable } from "./poppler";

// The five example bulletins the app loads at first start, as PDF and as the DOCX that LibreOffice
// prints: both go to test/artifacts/pdf/ as PNG pages, to be looked at side by side, and they must
// agree line for line: the same pages, each line of text breaking at the same word.

const SOFFICE = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((path) => existsSync(path));
const ARTIFACTS = join(import.meta.dirname, "..", "artifacts", "pdf");
const available = SOFFICE !== undefined && popplerAvailable;

function describeWithLibreOffice(name: string, body: () => void): void {
  if (available) {
    describe(name, { timeout: 300_000 }, body);
    return;
  }
  if (process.env.CI === "true") {
    describe(name, () => {
      it("needs LibreOffice and poppler-utils", () => {
        throw new Error("LibreOffice (soffice) y poppler-utils son obligatorios en CI para comparar el PDF con el DOCX.");
      });
    });
    return;
  }
  console.warn(`\n⚠️  soffice o poppler-utils no están instalados: se OMITE «${name}».\n`);
  describe.skip(name, body);
}

const EMBARGO = "EMBARGADO HASTA las 10:00 h del miércoles 25 de septiembre de 2024 (hora del centro de México)";
const seeds = readdirSync(SEEDS_FOLDER).filter((name) => name.endsWith(".txt")).sort();

describeWithLibreOffice("the seeds' PDF is laid out like their DOCX", () => {
  const directory = mkdtempSync(join(tmpdir(), "redacta-pdf-seeds-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("each seed gives a PDF whose lines and pages break where the DOCX's do, rendered to PNG beside it", async () => {
    expect(seeds).toHaveLength(5);
    mkdirSync(ARTIFACTS, { recursive: true });
    const rendered: { name: string; pdf: Buffer; title: string }[] = [];
    const cases = seeds.map((file) => ({ file, name: file.replace(/\.txt$/, ""), options: { organization, draft: false } as ExportOptions }));
    // The first seed once more as an embargoed draft: BORRADOR under the letterhead, the banner boxed above the label.
    cases.push({ file: seeds[1]!, name: "001-borrador-embargo", options: { organization, draft: true, banner: [EMBARGO, "CORRECCIÓN"] } });
    // And what the seeds lack: bold, italic, links, bullet and numbered lists (nested), a quote.
    cases.push({ file: seeds[1]!, name: "marcas-listas-cita", options: { organization, draft: false } });
    for (const { file, name, options } of cases) {
      const { bulletin } = parseBulletin(decodeBulletinBytes(readFileSync(join(SEEDS_FOLDER, file))));
      if (name === "marcas-listas-cita") Object.assign(bulletin, richBulletin);
      const pdf = await renderPdf(bulletin, options);
      writeFileSync(join(ARTIFACTS, `${name}.pdf`), pdf);
      writeFileSync(join(directory, `${name}.docx`), await renderDocx(bulletin, options));
      rendered.push({ name, pdf, title: bulletin.title });
    }
    // Its own profile directory: no clash with another LibreOffice running on the machine.
    execFileSync(
      SOFFICE!,
      [`-env:UserInstallation=file://${join(directory, "perfil")}`, "--headless", "--convert-to", "pdf", "--outdir", directory, ...rendered.map(({ name }) => join(directory, `${name}.docx`))],
      { stdio: "pipe", timeout: 240_000 },
    );
    for (const { name, pdf, title } of rendered) {
      const fromDocx = readFileSync(join(directory, `${name}.pdf`));
      writeFileSync(join(ARTIFACTS, `${name}-docx.pdf`), fromDocx);
      const pdfPages = pdfToPng(pdf, join(ARTIFACTS, `${name}-pdf`), 70);
      const docxPages = pdfToPng(fromDocx, join(ARTIFACTS, `${name}-docx`), 70);
      expect(pdfPages.length, name).toBeGreaterThan(0);
      expect(pdfPages.length, `${name}: pages of the PDF and of the DOCX`).toBe(docxPages.length);
      expect(pdfInfo(pdf).Pages).toBe(pdfInfo(fromDocx).Pages);
      const text = flowingText(pdf);
      expect(text, name).toContain(title.replace(/\s+/g, " "));
      const pages = Number(pdfInfo(pdf).Pages);
      expect(text, name).toContain(`Página ${pages} de ${pages}`);
      // Line for line the same text: every line and page breaks where LibreOffice breaks the DOCX
      // (the bullets left aside: LibreOffice draws them with a font of its own).
      const lines = (pdf: Buffer) =>
        pdfText(pdf)
          .split("\n")
          .map((line) => line.replace(/^\s*•\s*/, "").trim())
          .filter(Boolean);
      expect(lines(pdf), name).toEqual(lines(fromDocx));
    }
  });
});
