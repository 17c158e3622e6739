import { describe, expect, it } from "vitest";
import type { Bulletin } from "../../shared/bulletin/schema";
import { renderDocx, DOCX_STYLE } from "../../server/export/docx";
import { readDocx, type DocxContent, type DocxParagraph } from "../docx/docx-read";
import { organization, seed001 } from "./seed-001";

const bulletin: Bulletin = {
  ...seed001,
  videoLinks: ["https://we.tl/t-7h4sxRGQR7"],
  body: {
    type: "doc",
    content: [
      ...seed001.body.content,
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Consulte " },
          { type: "text", text: "el informe", marks: [{ type: "link", attrs: { href: "https://www.imss.gob.mx/prensa?a=1&b=2" } }] },
          { type: "text", text: " y la " },
          { type: "text", text: "nota", marks: [{ type: "italic" }] },
          { type: "text", text: " completa.", marks: [{ type: "bold" }] },
        ],
      },
      {
        type: "bulletList",
        content: [
          { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "vacunación" }] }] },
          { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "lactancia" }] }] },
        ],
      },
      {
        type: "orderedList",
        content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "primero" }] }] }],
      },
      { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "Es un honor formar parte de su equipo" }] }] },
    ],
  },
};

function paragraph(content: DocxContent, text: string): DocxParagraph {
  const found = content.paragraphs.find((candidate) => candidate.text === text);
  if (!found) throw new Error(`no paragraph «${text}» in ${content.paragraphs.map((p) => p.text.slice(0, 30)).join(" | ")}`);
  return found;
}

describe("renderDocx", async () => {
  const bytes = await renderDocx(bulletin, { organization, draft: false, revision: 7, contentHash: "sha256:0f3a" });
  const content = await readDocx(bytes);

  it("writes label centred, date and number right-aligned, headline bold centred", () => {
    expect(paragraph(content, "BOLETÍN DE PRENSA")).toMatchObject({ bold: true, alignment: "center", style: DOCX_STYLE.label });
    expect(paragraph(content, "Ciudad de México, miércoles 25 de septiembre de 2024.").alignment).toBe("right");
    expect(paragraph(content, "No. 493/2024.").alignment).toBe("right");
    expect(paragraph(content, seed001.title)).toMatchObject({ bold: true, alignment: "center", numbered: false });
    const texts = content.paragraphs.map((candidate) => candidate.text);
    expect(texts.indexOf("BOLETÍN DE PRENSA")).toBe(0);
    expect(texts.indexOf(seed001.title)).toBe(3);
  });

  it("writes highlights as a real Word bulleted list of bold paragraphs, not typed bullets", () => {
    for (const highlight of seed001.highlights) {
      expect(paragraph(content, highlight)).toMatchObject({ bold: true, numbered: true, listFormat: "bullet" });
    }
    expect(content.paragraphs.some((candidate) => /^[-•·]\s/.test(candidate.text))).toBe(false);
  });

  it("justifies body paragraphs and keeps them regular weight", () => {
    const first = paragraph(content, (seed001.body.content[0] as { content: { text: string }[] }).content[0]!.text);
    expect(first).toMatchObject({ alignment: "both", bold: false, numbered: false });
  });

  it("writes body lists as real Word lists and quotes in italics", () => {
    expect(paragraph(content, "vacunación")).toMatchObject({ numbered: true, listFormat: "bullet", alignment: "both" });
    expect(paragraph(content, "primero")).toMatchObject({ numbered: true, listFormat: "decimal" });
    expect(paragraph(content, "Es un honor formar parte de su equipo")).toMatchObject({ italic: true, numbered: false });
  });

  it("keeps inline bold, italic and links as run formatting", () => {
    expect(paragraph(content, "Consulte el informe y la nota completa.")).toMatchObject({
      bold: false,
      runs: [
        { text: "Consulte ", bold: false, italic: false },
        { text: "el informe", bold: false, italic: false, link: "https://www.imss.gob.mx/prensa?a=1&b=2" },
        { text: " y la ", bold: false, italic: false },
        { text: "nota", bold: false, italic: true },
        { text: " completa.", bold: true, italic: false },
      ],
    });
  });

  it("writes body and media links as hyperlinks with their URLs", () => {
    expect(content.hyperlinks).toEqual([
      { text: "el informe", url: "https://www.imss.gob.mx/prensa?a=1&b=2" },
      { text: seed001.photoLinks[0], url: seed001.photoLinks[0] },
      { text: "https://we.tl/t-7h4sxRGQR7", url: "https://we.tl/t-7h4sxRGQR7" },
    ]);
    expect(paragraph(content, "LINK FOTOS").bold).toBe(true);
    expect(paragraph(content, "LINK VIDEO").bold).toBe(true);
    expect(paragraph(content, "---o0o---").alignment).toBe("center");
  });

  it("puts the letterhead in the header and the motto with page numbers in the footer", () => {
    expect(content.headerText).toBe("INSTITUTO MEXICANO DEL SEGURO SOCIAL\nUNIDAD DE COMUNICACIÓN SOCIAL");
    expect(content.footerText).toBe("SEGURIDAD Y SOLIDARIDAD SOCIAL\nPágina {PAGE} de {NUMPAGES}");
  });

  it("records title, number, revision and content hash in the document properties", () => {
    expect(content.properties).toMatchObject({
      title: seed001.title,
      keywords: "493/2024",
      BulletinNumber: "493/2024",
      Revision: "7",
      ContentHash: "sha256:0f3a",
      revision: "7",
    });
    expect(content.properties.description).toContain("493/2024");
    expect(content.properties.Draft).toBeUndefined();
  });

  it("lays out a Letter page with 2.5 cm margins", () => {
    expect(content.page).toEqual({ width: 12240, height: 15840, margin: { top: 1417, right: 1417, bottom: 1417, left: 1417 } });
  });

  it("a draft says BORRADOR in the header and has no number line", async () => {
    const draft = await readDocx(await renderDocx({ ...bulletin, number: null }, { organization, draft: true }));
    expect(draft.headerText.split("\n")).toContain("BORRADOR");
    expect(draft.paragraphs.some((candidate) => candidate.text.startsWith("No. "))).toBe(false);
    expect(draft.properties.Draft).toBe("true");
    expect(draft.properties.BulletinNumber).toBeUndefined();
  });

  it("leaves out the link sections a bulletin has no links for", async () => {
    const plain = await readDocx(await renderDocx({ ...bulletin, photoLinks: [], videoLinks: [] }, { organization, draft: false }));
    const texts = plain.paragraphs.map((candidate) => candidate.text);
    expect(texts).not.toContain("LINK FOTOS");
    expect(texts[texts.length - 1]).toBe("---o0o---");
  });
});
