import { describe, expect, it } from "vitest";
import { Document, Packer, Paragraph, TextRun } from "docx";
import { bulletinSchema, type Bulletin } from "../../shared/bulletin/schema";
import { parseBulletin } from "../../server/import/parse-bulletin";
import { parseDocxBulletin } from "../../server/import/parse-docx";
import { templateFromBulletin } from "../../server/import/template-from";
import { templateSchema } from "../../shared/template/schema";
import { XML_FORBIDDEN } from "../export/hostile-text";
import { seed001 } from "../export/seed-001";

// What a damaged file carries never reaches a stored bulletin or template: it is dropped, not refused.

const strings = (value: unknown): string[] =>
  typeof value === "string" ? [value] : Array.isArray(value) ? value.flatMap(strings) : value && typeof value === "object" ? Object.values(value).flatMap(strings) : [];

function expectStorable(bulletin: Bulletin): void {
  expect(bulletinSchema.safeParse(bulletin).success).toBe(true);
  for (const text of strings(bulletin)) expect(XML_FORBIDDEN.test(text), JSON.stringify(text)).toBe(false);
}

describe("the importer drops every code point XML forbids", () => {
  it("reads a text bulletin with U+FFFE, U+FFFF, lone surrogates and controls into a bulletin the schema accepts", () => {
    const text = [
      "BOLETÍN DE PRENSA",
      "Ciudad de México, miércoles 25 de septiembre de 2024.",
      "No. 493/2024.",
      "Instruye Zoé Robledo\uFFFE a las autoridades\u0007 del IMSS",
      "- Se continuará la formalización\uFFFF.",
      "",
      "El director general\uD800 del Instituto\u0001 habló.",
      "---o0o---",
    ].join("\n");
    const { bulletin } = parseBulletin(text);
    expectStorable(bulletin);
    expect(bulletin.title).toBe("Instruye Zoé Robledo a las autoridades del IMSS");
    expect(bulletin.highlights).toEqual(["Se continuará la formalización."]);
    expect(bulletin.number).toEqual({ seq: 493, year: 2024 });
  });

  it("reads a DOCX whose text holds U+FFFE into a bulletin the schema accepts", async () => {
    const docx = await Packer.toBuffer(
      new Document({
        sections: [
          {
            children: ["BOLETÍN DE PRENSA", "Titular con \uFFFE marca", "- Destacado.", "Cuerpo del boletín.", "---o0o---"].map(
              (line) => new Paragraph({ children: [new TextRun(line)] }),
            ),
          },
        ],
      }),
    );
    const { bulletin } = await parseDocxBulletin(docx);
    expectStorable(bulletin);
    expect(bulletin.title).toMatch(/^Titular con +marca$/);
  });

  it("stores a link written without a scheme as https://, and says so; drops a Windows share", () => {
    const { bulletin, warnings } = parseBulletin(["Titular", "- D.", "", "Cuerpo.", "---o0o---", "LINK FOTOS", "www.imss.gob.mx/fotos", "\\\\servidor\\fotos"].join("\n"));
    expect(bulletin.photoLinks).toEqual(["https://www.imss.gob.mx/fotos"]);
    expect(warnings).toContain("Se añadió https:// al enlace «www.imss.gob.mx/fotos», que no lo llevaba; confirma que abre.");
    expect(warnings.some((warning) => warning.includes("servidor"))).toBe(true);
  });

  it("makes a valid template from an archived bulletin stored with U+FFFE before the rule", () => {
    const archived: Bulletin = { ...seed001, number: null, title: "Titular \uFFFE archivado", place: "Puebla\uFFFF" };
    const template = templateFromBulletin(archived, { name: "Archivo" });
    expect(templateSchema.safeParse(template).success).toBe(true);
    for (const text of strings(template)) expect(XML_FORBIDDEN.test(text), JSON.stringify(text)).toBe(false);
    expect(template.defaultPlace).toBe("Puebla");
  });
});
