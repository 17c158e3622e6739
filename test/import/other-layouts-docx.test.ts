import { describe, expect, it } from "vitest";
import { Document, Packer, Paragraph, TextRun } from "docx";
import type { InlineNode } from "../../shared/bulletin/body-schema";
import { parseDocxBulletin } from "../../server/import/parse-docx";

const bold = (text: string) => new TextRun({ text, bold: true });
const italic = (text: string) => new TextRun({ text, italics: true });

function text(content: InlineNode[] | undefined): string {
  return (content ?? []).map((node) => (node.type === "text" ? node.text : "\n")).join("");
}

async function docx(children: Paragraph[]): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

describe("Word bulletins of other offices", () => {
  it("issuer, label, bold headline, italic sumario and a bold dateline opening the first paragraph", async () => {
    const bytes = await docx([
      new Paragraph("Comisión Estatal del Agua"),
      new Paragraph({ children: [bold("Comunicado de prensa")] }),
      new Paragraph({ children: [bold("Concluye la rehabilitación del acueducto de Tijuana")] }),
      new Paragraph({ children: [italic("El acueducto abastece a 400 mil habitantes")] }),
      new Paragraph({
        children: [bold("Tijuana, Baja California, a 27 de octubre de 2020.-"), new TextRun(" El sábado concluyeron los trabajos en el acueducto.")],
      }),
      new Paragraph("La obra costó 90 millones de pesos."),
      new Paragraph("COMROS - 325"),
    ]);
    const { bulletin, warnings } = await parseDocxBulletin(bytes);
    expect(bulletin.place).toBe("Tijuana, Baja California");
    expect(bulletin.date).toBe("2020-10-27");
    expect(bulletin.title).toBe("Concluye la rehabilitación del acueducto de Tijuana");
    expect(bulletin.number).toEqual({ seq: 325, year: 2020 });
    expect(bulletin.highlights).toEqual(["El acueducto abastece a 400 mil habitantes"]);
    const first = bulletin.body.content[0];
    expect(first?.type === "paragraph" ? text(first.content) : "").toBe("El sábado concluyeron los trabajos en el acueducto.");
    expect(warnings.join("\n")).toContain("«Comunicado de prensa»");
    expect(warnings.join("\n")).not.toContain("COMROS");
  });
});
