import { describe, expect, it } from "vitest";
import { renderDocx } from "../../server/export/docx";
import { renderBulletinHtml } from "../../server/export/html";
import { renderMarkdown } from "../../server/export/markdown";
import { renderPdf } from "../../server/export/pdf";
import { renderText } from "../../server/export/text";
import { pdfToText } from "../../server/import/parse-pdf";
import { parseBulletin } from "../../server/import/parse-bulletin";
import { readDocx } from "../docx/docx-read";
import { organization, seed001 } from "./seed-001";

// An imported bulletin of another office keeps its own label in every format; without one, the office's prints.
const options = { organization, draft: false };
const imported = { ...seed001, label: "Nota informativa" };

describe("a bulletin's own label", () => {
  it("prints instead of the office's in TXT, Markdown, HTML, DOCX and PDF", async () => {
    const pdfText = await pdfToText(await renderPdf(imported, options));
    const docxText = (await readDocx(await renderDocx(imported, options))).paragraphs.map((paragraph) => paragraph.text).join("\n");
    for (const [format, text] of [
      ["txt", renderText(imported, options)],
      ["md", renderMarkdown(imported, options)],
      ["html", renderBulletinHtml(imported, organization)],
      ["docx", docxText],
      ["pdf", pdfText],
    ] as const) {
      expect(text, format).toContain("Nota informativa");
      expect(text, format).not.toContain(organization.label);
    }
  });

  it("is absent for the office's own bulletins, which print the office's label", () => {
    expect(seed001.label).toBeUndefined();
    expect(renderText(seed001, options)).toContain(organization.label);
  });

  it("comes back from its TXT export, so the archive keeps it", () => {
    expect(parseBulletin(renderText(imported, options)).bulletin.label).toBe("Nota informativa");
    expect(parseBulletin(renderText(seed001, options)).bulletin.label).toBeUndefined();
  });
});
