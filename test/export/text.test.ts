import { describe, expect, it } from "vitest";
import type { Bulletin } from "../../shared/bulletin/schema";
import { renderText } from "../../server/export/text";
import { organization, seed001 } from "./seed-001";

const options = { organization, draft: false };

describe("renderText", () => {
  it("writes seed 001 in the layout of the office's examples", () => {
    const text = renderText(seed001, options);
    const lines = text.split("\n");
    expect(lines.slice(0, 9)).toEqual([
      "BOLETÍN DE PRENSA",
      "",
      "Ciudad de México, miércoles 25 de septiembre de 2024.",
      "",
      "No. 493/2024.",
      "",
      "Instruye Zoé Robledo a las autoridades del IMSS cumplir prioridades en salud del nuevo gobierno",
      "",
      "- Se continuará la formalización y ampliación de la base de asegurados, fortalecimiento del derecho a la salud, transformación digital y conclusión de infraestructura médica.",
    ]);
    expect(lines[9]).toMatch(/^- Encabezó la Segunda Reunión Nacional/);
    expect(lines[10]).toBe("");
    expect(lines[11]).toMatch(/^El director general del Instituto Mexicano del Seguro Social \(IMSS\)/);
    expect(text.endsWith(
      [
        "---o0o---",
        "",
        "LINK FOTOS",
        "",
        "https://imssmx.sharepoint.com/:f/s/comunicacionsocial/EoBbXnvRleRGtDY7sXrE0OMB2rc4t0gQwoirqVZY6YyEUQ?e=tjTW4X",
        "",
      ].join("\n"),
    )).toBe(true);
    expect(text).not.toContain("LINK VIDEO");
    expect(text).not.toContain("BORRADOR");
    expect(text).not.toMatch(/\n\n\n/);
    expect(text.endsWith("\n") && !text.endsWith("\n\n")).toBe(true);
  });

  it("body paragraphs are separated by exactly one blank line", () => {
    const body = renderText(seed001, options).split("---o0o---")[0]!;
    const paragraphs = body.split("\n\n").filter((part) => part.startsWith("El director") || part.startsWith("Señaló"));
    expect(paragraphs).toHaveLength(3);
  });

  it("a draft without number says BORRADOR first and where the number goes", () => {
    const draft: Bulletin = { ...seed001, number: null };
    const lines = renderText(draft, { organization, draft: true }).split("\n");
    expect(lines.slice(0, 7)).toEqual([
      "BORRADOR",
      "",
      "BOLETÍN DE PRENSA",
      "",
      "Ciudad de México, miércoles 25 de septiembre de 2024.",
      "",
      "BORRADOR",
    ]);
  });

  it("an approved bulletin without number or date has no number or date line", () => {
    const text = renderText({ ...seed001, number: null, date: null }, options);
    expect(text.startsWith(`BOLETÍN DE PRENSA\n\nInstruye Zoé Robledo`)).toBe(true);
  });

  it("uses the organisation's default place when the bulletin has none", () => {
    expect(renderText({ ...seed001, place: null }, options)).toContain("\nCiudad de México, miércoles 25 de septiembre de 2024.\n");
  });

  it("writes both link sections, each URL on its own line, and none when empty", () => {
    const withVideo = renderText({ ...seed001, photoLinks: ["https://a.example/1", "https://a.example/2"], videoLinks: ["https://v.example/x"] }, options);
    expect(withVideo.endsWith("---o0o---\n\nLINK FOTOS\n\nhttps://a.example/1\nhttps://a.example/2\n\nLINK VIDEO\n\nhttps://v.example/x\n")).toBe(true);
    const noLinks = renderText({ ...seed001, photoLinks: [], videoLinks: [] }, options);
    expect(noLinks.endsWith("\n\n---o0o---\n")).toBe(true);
  });

  it("drops marks and link targets, writes lists, quotes and hard breaks as plain lines", () => {
    const bulletin: Bulletin = {
      ...seed001,
      highlights: ["Uno"],
      body: {
        type: "doc",
        content: [
          {
            type: "paragraph",
            content: [
              { type: "text", text: "Dijo " },
              { type: "text", text: "*no*", marks: [{ type: "bold" }] },
              { type: "text", text: " ver [aquí]", marks: [{ type: "link", attrs: { href: "https://imss.gob.mx" } }] },
              { type: "hardBreak" },
              { type: "text", text: "segunda línea", marks: [{ type: "italic" }] },
            ],
          },
          {
            type: "bulletList",
            content: [
              { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "vacunación" }] }] },
              {
                type: "listItem",
                content: [
                  { type: "paragraph", content: [{ type: "text", text: "lactancia" }] },
                  { type: "orderedList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "materna" }] }] }] },
                ],
              },
            ],
          },
          {
            type: "orderedList",
            attrs: { start: 3 },
            content: [
              { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "tercero" }] }] },
              { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "cuarto" }] }] },
            ],
          },
          {
            type: "blockquote",
            content: [
              { type: "paragraph", content: [{ type: "text", text: "Es un honor" }] },
              { type: "paragraph", content: [{ type: "text", text: "formar parte" }] },
            ],
          },
          { type: "paragraph" },
        ],
      },
    };
    const text = renderText(bulletin, options);
    const body = text.slice(text.indexOf("- Uno\n\n") + "- Uno\n\n".length, text.indexOf("---o0o---"));
    expect(body).toBe(
      [
        "Dijo *no* ver [aquí]",
        "segunda línea",
        "",
        "- vacunación",
        "- lactancia",
        "  1. materna",
        "",
        "3. tercero",
        "4. cuarto",
        "",
        "> Es un honor",
        ">",
        "> formar parte",
        "",
        "",
      ].join("\n"),
    );
    expect(text).not.toContain("https://imss.gob.mx");
  });
});
