import type { Bulletin } from "../../shared/bulletin/schema";
import { seed001 } from "./seed-001";

/** Spanish text with every accent, ñ, ü, inverted marks, guillemets and a few symbols. */
export const SPANISH = "¿Cuántos niños y señoras acudieron? ¡Muchísimos! «Pingüino» en Ñuñoa: acción, educación, güero, Úrsula, Íñigo, Ángel, Élmer, Óscar — 1.º, 2.ª, 25 °C, 10 € · …";

/** Seed 001's first paragraph. */
export const firstParagraph = seed001.body.content.slice(0, 1);

/** Seed 001 cut to one page, with the marks, lists and quote the editor allows and accented text. */
export const richBulletin: Bulletin = {
  ...seed001,
  videoLinks: ["https://we.tl/t-7h4sxRGQR7"],
  body: {
    type: "doc",
    content: [
      ...firstParagraph,
      { type: "paragraph", content: [{ type: "text", text: SPANISH }] },
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Consulte " },
          { type: "text", text: "el informe", marks: [{ type: "link", attrs: { href: "https://www.imss.gob.mx/prensa?a=1&b=2" } }] },
          { type: "text", text: " y la " },
          { type: "text", text: "nota íntegra", marks: [{ type: "italic" }] },
          { type: "text", text: " completa", marks: [{ type: "bold" }] },
          { type: "text", text: " hoy mismo.", marks: [{ type: "bold" }, { type: "italic" }] },
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
        attrs: { start: 3 },
        content: [
          {
            type: "listItem",
            content: [
              { type: "paragraph", content: [{ type: "text", text: "tercero" }] },
              { type: "orderedList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "anidado" }] }] }] },
            ],
          },
        ],
      },
      { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "Es un honor formar parte de su equipo" }] }] },
    ],
  },
};

