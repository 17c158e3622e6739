import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import fc from "fast-check";
import { bulletinSchema, type Bulletin } from "../../shared/bulletin/schema";
import { bodyFromParagraphs, type BlockNode } from "../../shared/bulletin/body-schema";
import { renderPdf } from "../../server/export/pdf";
import { renderDocx } from "../../server/export/docx";
import { readDocx } from "../docx/docx-read";
import { renderMarkdown } from "../../server/export/markdown";
import { renderText } from "../../server/export/text";
import { organization, seed001 } from "./seed-001";
import { hostileString } from "./hostile-text";
import { firstParagraph, richBulletin, SPANISH } from "./rich-bulletin";
import { describeWithPoppler, flowingText, pdfFonts, pdfInfo, pdfText, pdfToPng, pdfUrls, redPixels } from "./poppler";

const ARTIFACTS = join(import.meta.dirname, "..", "artifacts", "pdf");
const EMBARGO = "EMBARGADO HASTA las 10:00 h del miércoles 25 de septiembre de 2024 (hora del centro de México)";
const final = { organization, draft: false, revision: 7, contentHash: "c0ffee42", approvalHash: "a11ce5" };
const onePage = richBulletin;
const paragraphs = firstParagraph;

const oneLine = (text: string) => text.replace(/\s+/g, " ");

describeWithPoppler("PDF export", () => {
  it("an approved bulletin's PDF holds its headline, number, highlights, body, links and Spanish text on one page", async () => {
    const pdf = await renderPdf(onePage, final);
    const text = flowingText(pdf);
    expect(text).toContain("INSTITUTO MEXICANO DEL SEGURO SOCIAL");
    expect(text).toContain("BOLETÍN DE PRENSA");
    expect(text).toContain("Ciudad de México, miércoles 25 de septiembre de 2024.");
    expect(text).toContain("No. 493/2024.");
    expect(text).toContain(oneLine(onePage.title));
    for (const highlight of onePage.highlights) expect(text).toContain(oneLine(highlight));
    for (const block of paragraphs) {
      const paragraph = block as Extract<BlockNode, { type: "paragraph" }>;
      expect(text).toContain(oneLine(paragraph.content!.map((node) => (node.type === "text" ? node.text : "")).join("")));
    }
    expect(text).toContain(SPANISH);
    expect(text).toContain("Consulte el informe y la nota íntegra completa hoy mismo.");
    expect(text).toContain("---o0o---");
    expect(text).toContain("LINK FOTOS");
    expect(text).toContain("LINK VIDEO https://we.tl/t-7h4sxRGQR7");
    expect(text).toContain("SEGURIDAD Y SOLIDARIDAD SOCIAL");
    expect(text).toContain("Página 1 de 1");
    expect(text).not.toContain("BORRADOR");
    expect(pdfInfo(pdf).Pages).toBe("1");

    const layout = pdfText(pdf, true);
    expect(layout).toMatch(/•\s+vacunación/);
    expect(layout).toMatch(/3\.\s+tercero/);
    expect(layout).toMatch(/a\)\s+anidado/);

    mkdirSync(ARTIFACTS, { recursive: true });
    const [png] = pdfToPng(pdf, join(ARTIFACTS, "una-pagina"));
    expect(png && existsSync(png) && statSync(png).size > 5_000).toBe(true);
  });

  it("fonts are embedded; bold, italic and both are drawn in their own faces", async () => {
    const fonts = pdfFonts(await renderPdf(onePage, final));
    expect(fonts.every((font) => font.embedded)).toBe(true);
    const names = fonts.map((font) => font.name.replace(/^[A-Z]{6}\+/, ""));
    expect(names.sort()).toEqual(["Arimo-Bold", "Arimo-BoldItalic", "Arimo-Italic", "Arimo-Regular"]);
  });

  it("links in the body and the photo and video sections are clickable; a stored non-web address stays text", async () => {
    const legacy: Bulletin = { ...onePage, photoLinks: [...onePage.photoLinks, "\\\\servidor\\fotos\\boletin"] };
    const pdf = await renderPdf(legacy, final);
    const urls = pdfUrls(pdf);
    expect(urls).toContain("https://www.imss.gob.mx/prensa?a=1&b=2");
    expect(urls).toContain(onePage.photoLinks[0]);
    expect(urls).toContain("https://we.tl/t-7h4sxRGQR7");
    expect(urls.some((url) => url.includes("servidor"))).toBe(false);
    expect(flowingText(pdf)).toContain("\\\\servidor\\fotos\\boletin");
  });

  it("a long body runs on to a second page, each saying Página N de 2", async () => {
    const long: Bulletin = { ...seed001, body: bodyFromParagraphs(Array.from({ length: 14 }, (_, index) => `Párrafo ${index + 1}. ${SPANISH} ${SPANISH}`)) };
    const pdf = await renderPdf(long, final);
    expect(pdfInfo(pdf).Pages).toBe("2");
    const [first, second] = pdfText(pdf).split("\f");
    expect(oneLine(first!)).toContain("Página 1 de 2");
    expect(oneLine(second!)).toContain("Página 2 de 2");
    expect(oneLine(second!)).toContain("Párrafo 14.");
    // The letterhead repeats on the second page.
    expect(oneLine(second!)).toContain("INSTITUTO MEXICANO DEL SEGURO SOCIAL");
    pdfToPng(pdf, join(ARTIFACTS, "dos-paginas"));
  });

  it("a draft says BORRADOR under the letterhead and across the page in red; the approved one has no red at all", async () => {
    const draft = await renderPdf(onePage, { organization, draft: true, revision: 3, contentHash: "c0ffee42" });
    expect(pdfText(draft)).toContain("BORRADOR");
    expect(pdfInfo(draft).Keywords).toContain("BORRADOR");
    // The watermark is outlines, not text: the page's text stays the bulletin's.
    expect(pdfText(draft).match(/BORRADOR/g)).toHaveLength(1);
    expect(redPixels(draft)).toBeGreaterThan(2_000);
    expect(redPixels(await renderPdf(onePage, final))).toBe(0);
    pdfToPng(draft, join(ARTIFACTS, "borrador"));
  });

  it("the metadata carries the number, the revision and the hashes", async () => {
    const info = pdfInfo(await renderPdf(onePage, final));
    expect(info.Title).toBe(onePage.title);
    expect(info.Subject).toBe("BOLETÍN DE PRENSA No. 493/2024");
    expect(info.Keywords).toContain("493/2024");
    expect(info.Keywords).toContain("revisión 7");
    expect(info.Keywords).toContain("contenido c0ffee42");
    expect(info.Keywords).toContain("aprobación a11ce5");
    expect(info.Keywords).not.toContain("BORRADOR");
  });

  it("the banner lines come first, boxed in red, before the label", async () => {
    const pdf = await renderPdf(onePage, { ...final, banner: [EMBARGO, "", "CORRECCIÓN"] });
    const text = flowingText(pdf);
    expect(text.indexOf(EMBARGO)).toBeGreaterThan(text.indexOf("UNIDAD DE COMUNICACIÓN SOCIAL"));
    expect(text.indexOf("CORRECCIÓN")).toBeGreaterThan(text.indexOf(EMBARGO));
    expect(text.indexOf("BOLETÍN DE PRENSA")).toBeGreaterThan(text.indexOf("CORRECCIÓN"));
    expect(redPixels(pdf)).toBeGreaterThan(300);
    pdfToPng(pdf, join(ARTIFACTS, "embargo"));
  });

  it("characters Arimo lacks (emoji, Arabic, Chinese, private planes) and a word wider than the page never break the export", async () => {
    const hostile = bulletinSchema.parse({
      ...seed001,
      title: "Marcadoruno \u{1F600} \u0627\u0644\u0639\u0631\u0628\u064A\u0629 中文 \u{10FFFD} e\u0301 fin",
      highlights: ["Marcadordos \u202Eoinotnas\u202C \u200B\u00AD \u{1D11E}"],
      body: {
        type: "doc",
        content: [
          { type: "paragraph", content: [{ type: "text", text: `Marcadortres ${"palabra".repeat(900)} \u2029 \uFFFD\tfin` }] },
          { type: "paragraph", content: [{ type: "text", text: "Marcadorcuatro", marks: [{ type: "link", attrs: { href: "https://bücher.example/fotos?a=1&b=%3C2%3E" } }] }] },
        ],
      },
    });
    const text = flowingText(await renderPdf(hostile, final));
    for (const marker of ["Marcadoruno", "Marcadordos", "Marcadortres", "Marcadorcuatro", "palabrapalabra"]) expect(text).toContain(marker);

    const sampled = fc.sample(fc.array(hostileString, { minLength: 3, maxLength: 3 }), { seed: 20_261_201, numRuns: 30 });
    for (const [index, [title, highlight, paragraph]] of sampled.entries()) {
      const parsed = bulletinSchema.safeParse({
        ...seed001,
        title: `Marca${index}a ${title}`,
        highlights: [`Marca${index}b ${highlight}`],
        body: bodyFromParagraphs([`Marca${index}c ${paragraph}`]),
      });
      if (!parsed.success) continue;
      const sampledText = flowingText(await renderPdf(parsed.data, { organization, draft: true }));
      expect(sampledText).toContain(`Marca${index}c`);
    }
  });
});

it("the banner opens the TXT, Markdown and DOCX exports too", async () => {
  const options = { organization, draft: false, banner: [EMBARGO, "CORRECCIÓN"] };
  expect(renderText(seed001, options).startsWith(`${EMBARGO}\n\nCORRECCIÓN\n\nBOLETÍN DE PRENSA\n`)).toBe(true);
  expect(renderMarkdown(seed001, options).startsWith(`**${EMBARGO}**\n\n**CORRECCIÓN**\n\nBOLETÍN DE PRENSA\n`)).toBe(true);
  const docx = await readDocx(await renderDocx(seed001, options));
  const texts = docx.paragraphs.map((paragraph) => paragraph.text);
  expect(texts.slice(0, 3)).toEqual([EMBARGO, "CORRECCIÓN", "BOLETÍN DE PRENSA"]);
  expect(docx.paragraphs[0]!.bold).toBe(true);
  // Without a banner nothing changes.
  expect(renderText(seed001, { organization, draft: false }).startsWith("BOLETÍN DE PRENSA\n")).toBe(true);
});
