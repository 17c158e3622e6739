import { describe, expect, it } from "vitest";
import { Document, ExternalHyperlink, Footer, Header, Packer, Paragraph, TextRun } from "docx";
import type { BlockNode, InlineNode } from "../../shared/bulletin/body-schema";
import { bulletinSchema } from "../../shared/bulletin/schema";
import { parseDocxBulletin } from "../../server/import/parse-docx";

const bold = (text: string) => new TextRun({ text, bold: true });

/** A bulletin as the office writes it in Word: letterhead in the page header, links as hyperlinks. */
async function officeDocx(): Promise<Uint8Array> {
  const document = new Document({
    sections: [
      {
        headers: {
          default: new Header({
            children: [new Paragraph("INSTITUTO MEXICANO DEL SEGURO SOCIAL"), new Paragraph("UNIDAD DE COMUNICACIÓN SOCIAL")],
          }),
        },
        footers: { default: new Footer({ children: [new Paragraph("EL REVOLUCIONARIO DEL PUEBLO.")] }) },
        children: [
          new Paragraph("SEGURIDAD Y SOLIDARIDAD SOCIAL"),
          new Paragraph({ children: [bold("BOLETÍN DE PRENSA")] }),
          new Paragraph("Ciudad de México, miércoles 25 de septiembre de 2024."),
          new Paragraph({ children: [bold("No. 493/2024.")] }),
          new Paragraph({ children: [bold("Instruye Zoé Robledo a las autoridades del IMSS cumplir prioridades en salud")] }),
          new Paragraph({ bullet: { level: 0 }, children: [bold("Se continuará la formalización de la base de asegurados.")] }),
          new Paragraph({ bullet: { level: 0 }, children: [bold("Encabezó la Segunda Reunión Nacional.")] }),
          new Paragraph({
            children: [
              new TextRun("Dijo que el Instituto es de "),
              bold("Apertura"),
              new TextRun(" y de "),
              new TextRun({ text: "Ampliación", italics: true }),
              new TextRun("; consulte "),
              new ExternalHyperlink({ link: "https://www.imss.gob.mx/prensa", children: [new TextRun({ text: "el portal", style: "Hyperlink" })] }),
              new TextRun(". Son 2 * 3 [seis] casos."),
            ],
          }),
          new Paragraph("- Segundo párrafo, que empieza con un guion."),
          new Paragraph("---o0o---"),
          new Paragraph("LINK FOTOS"),
          new Paragraph({
            children: [
              new ExternalHyperlink({
                link: "https://drive.google.com/drive/folders/14lCxET7fioYY8M9Rn5Muedg_E9UVaHFle",
                children: [new TextRun("https://drive.google.com/drive/folders/14lCxET7fioYY8M9Rn5Muedg_E9UVaHFle")],
              }),
            ],
          }),
          new Paragraph("LINK VIDEO"),
          new Paragraph("https://we.tl/t-7h4sxRGQR7"),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

function paragraphTexts(blocks: BlockNode[]): string[] {
  return blocks.map((block) =>
    block.type === "paragraph" ? (block.content ?? []).map((node) => (node.type === "text" ? node.text : "\n")).join("") : block.type,
  );
}

describe("parseDocxBulletin", () => {
  it("reads every field of a Word bulletin whose header holds the letterhead", async () => {
    const { bulletin, warnings } = await parseDocxBulletin(await officeDocx());
    expect(bulletinSchema.parse(bulletin)).toBeTruthy();
    expect(bulletin.number).toEqual({ seq: 493, year: 2024 });
    expect(bulletin.place).toBe("Ciudad de México");
    expect(bulletin.date).toBe("2024-09-25");
    expect(bulletin.title).toBe("Instruye Zoé Robledo a las autoridades del IMSS cumplir prioridades en salud");
    expect(bulletin.highlights).toEqual(["Se continuará la formalización de la base de asegurados.", "Encabezó la Segunda Reunión Nacional."]);
    expect(paragraphTexts(bulletin.body.content)).toEqual([
      "Dijo que el Instituto es de Apertura y de Ampliación; consulte el portal. Son 2 * 3 [seis] casos.",
      "- Segundo párrafo, que empieza con un guion.",
    ]);
    expect(bulletin.photoLinks).toEqual(["https://drive.google.com/drive/folders/14lCxET7fioYY8M9Rn5Muedg_E9UVaHFle"]);
    expect(bulletin.videoLinks).toEqual(["https://we.tl/t-7h4sxRGQR7"]);
    expect(warnings).toEqual([]);
  });

  it("keeps bold, italic and hyperlinks of the body as marks", async () => {
    const { bulletin } = await parseDocxBulletin(await officeDocx());
    const first = bulletin.body.content[0];
    const nodes: InlineNode[] = first?.type === "paragraph" ? (first.content ?? []) : [];
    const marksOf = (text: string) => nodes.find((node) => node.type === "text" && node.text === text)?.marks;
    expect(marksOf("Apertura")).toEqual([{ type: "bold" }]);
    expect(marksOf("Ampliación")).toEqual([{ type: "italic" }]);
    expect(marksOf("el portal")).toEqual([{ type: "link", attrs: { href: "https://www.imss.gob.mx/prensa" } }]);
  });

  it("gives an empty bulletin and a warning for a file that is not a DOCX", async () => {
    const { bulletin, warnings } = await parseDocxBulletin(new TextEncoder().encode("no soy un docx"));
    expect(bulletinSchema.parse(bulletin).title).toBe("");
    expect(warnings).toEqual(["El archivo no es un documento DOCX válido."]);
  });
});
