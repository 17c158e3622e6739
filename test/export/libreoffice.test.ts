import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { bulletinSchema, type Bulletin } from "../../shared/bulletin/schema";
import { renderDocx } from "../../server/export/docx";
import { organization, seed001 } from "./seed-001";
import { expectWellFormedDocx, hostileString } from "./hostile-text";

// The DOCX of a bulletin full of hostile text opens in a real word processor: LibreOffice converts
// it to PDF and the PDF holds the text. Skipped (saying so) without LibreOffice, except under CI.

const SOFFICE = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find((path) => existsSync(path));
const PDFTOTEXT = "/usr/bin/pdftotext";
const available = SOFFICE !== undefined && existsSync(PDFTOTEXT);

function describeWithLibreOffice(name: string, body: () => void): void {
  if (available) {
    describe(name, { timeout: 240_000 }, body);
    return;
  }
  if (process.env.CI === "true") {
    describe(name, () => {
      it("needs LibreOffice", () => {
        throw new Error("LibreOffice (soffice) y pdftotext son obligatorios en CI para probar que los DOCX abren.");
      });
    });
    return;
  }
  console.warn(`\n⚠️  soffice o pdftotext no están instalados: se OMITE «${name}».\n`);
  describe.skip(name, body);
}

/** Bulletins the schema accepts, each with a plain marker word so the PDF text can be found. */
function hostileBulletins(): { name: string; bulletin: Bulletin; markers: string[] }[] {
  const handmade = bulletinSchema.parse({
    ...seed001,
    place: "Ciudad\u2028de México",
    title: "Marcadoruno \u202Eoinotnas\u202C \u200F\u05E2\u05D1\u05E8\u05D9\u05EA\u200E \u0627\u0644\u0639\u0631\u0628\u064A\u0629 \u{1F600}\u{10FFFD}\u0007\u000B final",
    highlights: ["Marcadordos\u0085siguiente \uFEFF\u00AD\u200B ]]> &amp; <w:t> \u{1D11E}"],
    body: {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: `Marcadortres ${"palabra".repeat(900)} \u2029 \uFFFD \u{E0001}\u0001 fin` }] },
        { type: "paragraph", content: [{ type: "text", text: "Marcadorcuatro", marks: [{ type: "link", attrs: { href: "https://bücher.example/fotos?a=1&b=%3C2%3E" } }] }] },
      ],
    },
  });
  const sampled = fc
    .sample(fc.array(hostileString, { minLength: 3, maxLength: 3 }), { seed: 20_260_304, numRuns: 40 })
    .map(([title, highlight, paragraph], index) => ({
      ...seed001,
      title: `Marcador${index}a ${title}`,
      highlights: [`Marcador${index}b ${highlight}`],
      body: { type: "doc" as const, content: [{ type: "paragraph" as const, content: [{ type: "text" as const, text: `Marcador${index}c ${paragraph}` }] }] },
    }))
    .map((raw, index) => ({ index, result: bulletinSchema.safeParse(raw) }))
    .filter(({ result }) => result.success)
    .slice(0, 4)
    .map(({ index, result }) => ({ name: `muestra-${index}`, bulletin: result.data!, markers: [`Marcador${index}a`, `Marcador${index}b`, `Marcador${index}c`] }));
  // A revision stored before the schema refused them (the reproduction: U+FFFE in an approved headline).
  const storedBefore: Bulletin = { ...seed001, title: "Marcadorcinco \uFFFE titular \uFFFF", highlights: ["Marcadorseis \u0001\uFFFE"] };
  return [
    { name: "a-mano", bulletin: handmade, markers: ["Marcadoruno", "Marcadordos", "Marcadortres", "Marcadorcuatro"] },
    { name: "guardado-antes", bulletin: storedBefore, markers: ["Marcadorcinco", "Marcadorseis"] },
    ...sampled,
  ];
}

describeWithLibreOffice("LibreOffice opens the DOCX of bulletins full of hostile text", () => {
  const directory = mkdtempSync(join(tmpdir(), "redacta-soffice-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("converts each DOCX to a PDF that holds its text", async () => {
    const cases = hostileBulletins();
    expect(cases.length).toBeGreaterThanOrEqual(3);
    for (const { name, bulletin } of cases) {
      const docx = await renderDocx(bulletin, { organization, draft: false });
      await expectWellFormedDocx(docx, name);
      writeFileSync(join(directory, `${name}.docx`), docx);
    }
    // Its own profile directory: no clash with another LibreOffice running on the machine.
    execFileSync(
      SOFFICE!,
      [`-env:UserInstallation=file://${join(directory, "perfil")}`, "--headless", "--convert-to", "pdf", "--outdir", directory, ...cases.map(({ name }) => join(directory, `${name}.docx`))],
      { stdio: "pipe", timeout: 200_000 },
    );
    for (const { name, markers } of cases) {
      const pdf = join(directory, `${name}.pdf`);
      expect(existsSync(pdf), `${name}.pdf`).toBe(true);
      execFileSync(PDFTOTEXT, ["-enc", "UTF-8", pdf, join(directory, `${name}.txt`)], { stdio: "pipe" });
      const text = readFileSync(join(directory, `${name}.txt`), "utf8");
      expect(text, name).toContain("BOLETÍN DE PRENSA");
      for (const marker of markers) expect(text, `${name}: ${marker}`).toContain(marker);
    }
  });
});
