import { describe, expect, it } from "vitest";
import type { Bulletin } from "../../shared/bulletin/schema";
import type { BlockNode, InlineNode } from "../../shared/bulletin/body-schema";
import { renderMarkdown } from "../../server/export/markdown";
import { organization, seed001 } from "./seed-001";

const options = { organization, draft: false };

function withBody(...content: BlockNode[]): Bulletin {
  return { ...seed001, highlights: ["Uno"], photoLinks: [], body: { type: "doc", content } };
}

function paragraph(...content: InlineNode[]): BlockNode {
  return { type: "paragraph", content };
}

/** The body part of a rendered bulletin: between the highlights and the closing mark. */
function bodyOf(markdown: string): string {
  return markdown.slice(markdown.indexOf("- **Uno**\n\n") + "- **Uno**\n\n".length, markdown.indexOf("\n\n---o0o---"));
}

describe("renderMarkdown", () => {
  it("writes seed 001 in the office layout with bold highlights", () => {
    const lines = renderMarkdown(seed001, options).split("\n");
    expect(lines.slice(0, 10)).toEqual([
      "BOLETÍN DE PRENSA",
      "",
      "Ciudad de México, miércoles 25 de septiembre de 2024.",
      "",
      "No. 493/2024.",
      "",
      "Instruye Zoé Robledo a las autoridades del IMSS cumplir prioridades en salud del nuevo gobierno",
      "",
      "- **Se continuará la formalización y ampliación de la base de asegurados, fortalecimiento del derecho a la salud, transformación digital y conclusión de infraestructura médica.**",
      "- **Encabezó la Segunda Reunión Nacional con los 35 titulares de Órganos de Operación Administrativa Desconcentrada y 25 directores de Unidades Médicas de Alta Especialidad.**",
    ]);
    expect(lines[10]).toBe("");
    expect(lines[11]).toMatch(/^El director general del Instituto Mexicano del Seguro Social \(IMSS\)/);
    expect(lines.slice(-6)).toEqual([
      "---o0o---",
      "",
      "LINK FOTOS",
      "",
      "<https://imssmx.sharepoint.com/:f/s/comunicacionsocial/EoBbXnvRleRGtDY7sXrE0OMB2rc4t0gQwoirqVZY6YyEUQ?e=tjTW4X>",
      "",
    ]);
  });

  it("a draft starts with BORRADOR and says it where the number goes", () => {
    const markdown = renderMarkdown({ ...seed001, number: null }, { organization, draft: true });
    expect(markdown.startsWith("BORRADOR\n\nBOLETÍN DE PRENSA\n\nCiudad de México, miércoles 25 de septiembre de 2024.\n\nBORRADOR\n\n")).toBe(true);
  });

  it("leaves out the link sections without links", () => {
    const markdown = renderMarkdown({ ...seed001, photoLinks: [], videoLinks: [] }, options);
    expect(markdown.endsWith("\n\n---o0o---\n")).toBe(true);
  });

  it("writes bold, italic, links and hard breaks", () => {
    const markdown = renderMarkdown(
      withBody(
        paragraph(
          { type: "text", text: "Dijo " },
          { type: "text", text: "Zoé Robledo", marks: [{ type: "bold" }] },
          { type: "text", text: " en " },
          { type: "text", text: "Palacio", marks: [{ type: "italic" }, { type: "bold" }] },
          { type: "text", text: " Nacional", marks: [{ type: "bold" }] },
          { type: "text", text: ": " },
          { type: "text", text: "ver boletín", marks: [{ type: "link", attrs: { href: "https://www.imss.gob.mx/prensa" } }] },
          { type: "hardBreak" },
          { type: "text", text: "segunda línea" },
        ),
      ),
      options,
    );
    // mdast-util-to-markdown writes italic inside bold with `_`, so no run of three `*` has to be paired by the reader.
    expect(bodyOf(markdown)).toBe("Dijo **Zoé Robledo** en **_Palacio_ Nacional**: [ver boletín](https://www.imss.gob.mx/prensa)\\\nsegunda línea");
  });

  it("keeps edge spaces outside emphasis delimiters, where CommonMark needs them", () => {
    const markdown = renderMarkdown(
      withBody(paragraph({ type: "text", text: "IMSS " , marks: [{ type: "bold" }] }, { type: "text", text: "con A" })),
      options,
    );
    expect(bodyOf(markdown)).toBe("**IMSS** con A");
  });

  it("escapes * _ [ ] and backslashes in text so they do not become markup", () => {
    const markdown = renderMarkdown(
      withBody(paragraph({ type: "text", text: "2*3 = [seis] con_guion y \\ barra" })),
      { ...options },
    );
    expect(bodyOf(markdown)).toBe("2\\*3 = \\[seis\\] con\\_guion y \\\\ barra");
    const headline = renderMarkdown({ ...seed001, title: "El *IMSS* [hoy]" }, options).split("\n")[6];
    expect(headline).toBe("El \\*IMSS\\* \\[hoy\\]");
    const highlight = renderMarkdown({ ...seed001, highlights: ["**ya** [x]"] }, options).split("\n")[8];
    expect(highlight).toBe("- **\\*\\*ya\\*\\* \\[x\\]**");
  });

  it("escapes paragraph lines that would read as a list, quote or heading", () => {
    const markdown = renderMarkdown(
      withBody(
        paragraph({ type: "text", text: "- no es lista" }),
        paragraph({ type: "text", text: "> no es cita" }),
        paragraph({ type: "text", text: "1. no es número" }),
        paragraph({ type: "text", text: "# no es título" }),
      ),
      options,
    );
    const lines = bodyOf(markdown).split("\n\n");
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line.startsWith("\\") || line.startsWith("1\\")).toBe(true);
  });

  it("writes lists and quotes with markers, nested lists indented", () => {
    const item = (text: string, ...rest: BlockNode[]) => ({
      type: "listItem" as const,
      content: [paragraph({ type: "text", text }), ...rest],
    });
    const markdown = renderMarkdown(
      withBody(
        { type: "bulletList", content: [item("vacunación"), item("lactancia", { type: "orderedList", content: [item("materna")] })] },
        { type: "orderedList", attrs: { start: 3 }, content: [item("tercero"), item("cuarto")] },
        { type: "blockquote", content: [paragraph({ type: "text", text: "Es un " }, { type: "text", text: "honor", marks: [{ type: "bold" }] })] },
      ),
      options,
    );
    expect(bodyOf(markdown)).toBe(
      ["- vacunación", "- lactancia", "  1. materna", "", "3. tercero", "4. cuarto", "", "> Es un **honor**"].join("\n"),
    );
  });
});
