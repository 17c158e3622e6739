import { describe, expect, it } from "vitest";
import { bodyFromParagraphs } from "../../shared/bulletin/body-schema";
import type { Bulletin } from "../../shared/bulletin/schema";
import { readDocx } from "../docx/docx-read";
import { renderDocx } from "../../server/export/docx";
import { renderMarkdown } from "../../server/export/markdown";
import { loadOrganization } from "../../server/templates/load";

// Rows an older version stored (or a restored backup holds) skip today's schema: the exporters must still refuse to make them clickable.
const LEGACY: Bulletin = {
  number: { seq: 12, year: 2025 },
  place: "Ciudad de México",
  date: "2025-03-04",
  title: "Titular con enlaces antiguos",
  highlights: ["Un destacado."],
  body: {
    type: "doc",
    content: [
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Ver carpeta", marks: [{ type: "link", attrs: { href: "\\\\servidor\\fotos" } }] },
          { type: "text", text: " y " },
          { type: "text", text: "el sitio", marks: [{ type: "link", attrs: { href: "https://imss.gob.mx/" } }] },
        ],
      },
      ...bodyFromParagraphs(["Segundo párrafo."]).content,
    ],
  },
  photoLinks: ["\\\\servidor\\fotos\\x.jpg", "https://imss.gob.mx/fotos"],
  videoLinks: ["//host/video"],
};

describe("links stored before links had to be web addresses", () => {
  const options = { organization: loadOrganization(), draft: false };

  it("the DOCX writes only http(s) links as hyperlinks; the rest stay as readable text", async () => {
    const docx = await readDocx(await renderDocx(LEGACY, options));
    const links = docx.hyperlinks.map((link) => link.url);
    expect(links).toEqual(["https://imss.gob.mx/", "https://imss.gob.mx/fotos"]);
    const texts = docx.paragraphs.map((paragraph) => paragraph.text);
    expect(texts).toContain("\\\\servidor\\fotos\\x.jpg");
    expect(texts).toContain("//host/video");
    expect(texts.some((text) => text.includes("Ver carpeta y el sitio"))).toBe(true);
  });

  it("the Markdown makes no autolink or link of them", () => {
    const markdown = renderMarkdown(LEGACY, options);
    expect(markdown).not.toContain("<\\\\servidor");
    expect(markdown).not.toContain("(\\\\servidor");
    expect(markdown).not.toContain("<//host");
    expect(markdown).toContain("[el sitio](https://imss.gob.mx/)");
  });
});
