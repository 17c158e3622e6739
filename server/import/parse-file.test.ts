import fc from "fast-check";
import JSZip from "jszip";
import PDFDocument from "pdfkit";
import { describe, expect, it } from "vitest";
import { renderDocx } from "../export/docx";
import { renderPdf } from "../export/pdf";
import { renderText } from "../export/text";
import { organization, seed001 } from "../../test/export/seed-001";
import { importFormat, MAX_IMPORT_BYTES, NO_BODY_REASON, readImportFile } from "./parse-file";
import { NO_TEXT_MESSAGE } from "./parse-pdf";

/** One file of an archive, as the CLI and the bulk import hand it over: a name and its bytes. */

const UNKNOWN_FORMAT = "No es un boletín en un formato que Redacta lea: importe archivos TXT, Markdown (.md), DOCX o PDF.";

async function scannedPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: "LETTER" });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => doc.on("end", resolve));
  doc.rect(72, 72, 300, 400).fill("#777777");
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

async function zipOf(name: string, content: string): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(name, content);
  return zip.generateAsync({ type: "uint8array" });
}

const text = (value: string) => new TextEncoder().encode(value);
const options = { organization, draft: false };

describe("importFormat: the bytes first, the name second", () => {
  it("a PDF is a PDF whatever its name, and a file named .pdf that is not one is refused", async () => {
    const pdf = await renderPdf(seed001, options);
    expect(importFormat("boletin.pdf", pdf)).toBe("pdf");
    expect(importFormat("boletin.txt", pdf)).toBe("pdf");
    expect(importFormat("BOLETIN", pdf)).toBe("pdf");
    expect(importFormat("boletin.pdf", text("Titular\n\nCuerpo."))).toBeNull();
  });

  it("a ZIP is a DOCX when named .docx (any case) or nothing, never a .zip, .xlsx or .txt", async () => {
    const docx = await renderDocx(seed001, options);
    expect(importFormat("boletin.docx", docx)).toBe("docx");
    expect(importFormat("BOLETIN.DOCX", docx)).toBe("docx");
    expect(importFormat("boletin", docx)).toBe("docx");
    for (const name of ["fotos.zip", "tabla.xlsx", "boletin.txt"]) expect(importFormat(name, docx), name).toBeNull();
    expect(importFormat("boletin.docx", text("no es un zip"))).toBeNull();
  });

  it("text is TXT or Markdown by its name; other names are refused", () => {
    const bytes = text("Titular\n\nCuerpo.");
    expect(importFormat("boletin.txt", bytes)).toBe("txt");
    expect(importFormat("boletin.TXT", bytes)).toBe("txt");
    expect(importFormat("boletin", bytes)).toBe("txt");
    expect(importFormat("boletin.md", bytes)).toBe("md");
    expect(importFormat("boletin.markdown", bytes)).toBe("md");
    for (const name of ["foto.jpg", "boletin.doc", "boletin.rtf", "contactos.csv"]) expect(importFormat(name, bytes), name).toBeNull();
  });
});

describe("readImportFile", () => {
  it("reads a bulletin from its TXT, DOCX and PDF alike, with the text the parser read", async () => {
    const files: [string, Uint8Array, string][] = [
      ["boletin.txt", text(renderText(seed001, options)), "txt"],
      ["boletin.docx", await renderDocx(seed001, options), "docx"],
      ["boletin.pdf", await renderPdf(seed001, options), "pdf"],
    ];
    for (const [name, bytes, format] of files) {
      const read = await readImportFile(name, bytes, organization);
      expect(read.ok, name).toBe(true);
      if (!read.ok) continue;
      expect(read.format).toBe(format);
      expect({ name, title: read.parsed.bulletin.title, number: read.parsed.bulletin.number, date: read.parsed.bulletin.date }).toEqual({
        name,
        title: seed001.title,
        number: { seq: 493, year: 2024 },
        date: "2024-09-25",
      });
      expect(read.sourceText).toContain(seed001.title);
    }
  });

  it("reads Windows-1252 text as the office's old files are saved", async () => {
    const bytes = Buffer.from("Inauguran clínica en Mérida\r\n\r\nMérida, Yucatán, a 14 de abril de 2020.- La clínica atenderá a 3 mil niños.\r\n", "latin1");
    const read = await readImportFile("viejo.txt", bytes);
    expect(read.ok && read.parsed.bulletin.title).toBe("Inauguran clínica en Mérida");
    expect(read.ok && read.parsed.bulletin.place).toBe("Mérida, Yucatán");
  });

  it("refuses what cannot be a bulletin, saying why in Spanish", async () => {
    const refusals: [string, Uint8Array, string | RegExp][] = [
      ["vacio.txt", new Uint8Array(), "El archivo está vacío."],
      ["foto.jpg", Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]), UNKNOWN_FORMAT],
      ["boletin.doc", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), UNKNOWN_FORMAT],
      ["imagen.txt", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), "El archivo no es texto: no parece un TXT ni un Markdown."],
      ["escaneado.pdf", await scannedPdf(), NO_TEXT_MESSAGE],
      ["danado.pdf", text("%PDF-1.7\nnada más"), "El archivo no es un PDF válido o está dañado."],
      ["danado.docx", await zipOf("hola.txt", "no es Word"), /^El archivo no es un documento DOCX válido/],
      ["lista.txt", text("Lista del súper\n\n"), NO_BODY_REASON],
    ];
    for (const [name, bytes, reason] of refusals) {
      const read = await readImportFile(name, bytes);
      expect(read.ok, name).toBe(false);
      if (read.ok) continue;
      if (typeof reason === "string") expect(read.reason, name).toBe(reason);
      else expect(read.reason, name).toMatch(reason);
    }
  });

  it("refuses a file over the size limit before reading it", async () => {
    const read = await readImportFile("enorme.txt", new Uint8Array(MAX_IMPORT_BYTES + 1));
    expect(read).toEqual({ ok: false, reason: "El archivo pesa más de 20 MB; un boletín no es tan grande." });
  });

  it("never throws, whatever the bytes and the name", { timeout: 60_000 }, async () => {
    const names = fc.constantFrom("a.txt", "a.md", "a.docx", "a.pdf", "a", "a.jpg");
    const heads = fc.constantFrom("", "%PDF-1.4\n", "PK\u0003\u0004", "\uFEFF");
    await fc.assert(
      fc.asyncProperty(names, heads, fc.uint8Array({ maxLength: 300 }), async (name, head, tail) => {
        const bytes = new Uint8Array([...Buffer.from(head, "latin1"), ...tail]);
        const read = await readImportFile(name, bytes);
        expect(read.ok ? read.format : read.reason).toBeTruthy();
      }),
      { numRuns: 150, seed: 20_261_201 },
    );
  });
});
