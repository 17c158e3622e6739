import { describe, expect, it } from "vitest";
import { bulletinProseMirrorSchema } from "../../../../shared/editor/extensions";
import { bodyTextMap, fieldTextMap, oneLineTextMap } from "./text-offsets";

const schema = bulletinProseMirrorSchema();

// Un párrafo con negrita, una lista de dos puntos, una cita con salto de línea.
const body = schema.nodeFromJSON({
  type: "doc",
  content: [
    { type: "paragraph", content: [{ type: "text", text: "Hoy " }, { type: "text", text: "abre", marks: [{ type: "bold" }] }, { type: "text", text: " la clínica." }] },
    {
      type: "bulletList",
      content: [
        { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "uno" }] }] },
        { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "dos" }] }] },
      ],
    },
    { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "cita" }, { type: "hardBreak" }, { type: "text", text: "fin" }] }] },
    { type: "paragraph" },
    { type: "paragraph", content: [{ type: "text", text: "Último" }] },
  ],
});

describe("body offsets and positions", () => {
  const map = bodyTextMap(body);

  it("reads the body as its paragraphs joined by line breaks, hard breaks included", () => {
    expect(map.text).toBe("Hoy abre la clínica.\nuno\ndos\ncita\nfin\n\nÚltimo");
  });

  it("puts every character's offset at the position of that character in the document", () => {
    for (let offset = 0; offset < map.text.length; offset += 1) {
      const pos = map.toPos(offset);
      const char = map.text[offset]!;
      const inDoc = body.textBetween(pos, pos + 1, "\n", "\n");
      if (char === "\n") expect(inDoc === "\n" || inDoc === "").toBe(true);
      else expect(inDoc).toBe(char);
      expect(map.toOffset(pos)).toBe(offset);
    }
  });

  it("turns a passage inside a list item or a quote into the same text selected in the editor", () => {
    const from = map.text.indexOf("dos");
    expect(body.textBetween(map.toPos(from), map.toPos(from + 3))).toBe("dos");
    const quote = map.text.indexOf("cita\nfin");
    expect(body.textBetween(map.toPos(quote), map.toPos(quote + 8), "\n", "\n")).toBe("cita\nfin");
    // Across paragraphs: the selection spans the list's structure.
    const across = map.text.indexOf("clínica.\nuno");
    expect(body.textBetween(map.toPos(across), map.toPos(across + 12), "\n")).toBe("clínica.\nuno");
  });

  it("maps a position between two blocks (inside the list's structure) to the next paragraph's start", () => {
    const firstItemText = map.toPos(map.text.indexOf("uno"));
    // firstItemText - 1 is inside the list item, before its paragraph: it counts as that paragraph's start.
    expect(map.toOffset(firstItemText - 1)).toBe(map.text.indexOf("uno"));
    expect(map.toOffset(firstItemText - 2)).toBe(map.text.indexOf("uno"));
    expect(map.toOffset(body.content.size)).toBe(map.text.length);
    expect(map.toPos(map.text.length)).toBe(body.content.size - 1);
  });

  it("clamps offsets outside the text", () => {
    expect(map.toPos(-5)).toBe(1);
    expect(map.toPos(10_000)).toBe(map.toPos(map.text.length));
  });
});

describe("one-line fields", () => {
  const doc = schema.nodeFromJSON({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Titular del día" }] }] });

  it("put offset n at position n + 1", () => {
    const map = oneLineTextMap(doc);
    expect(map.text).toBe("Titular del día");
    expect(map.toPos(0)).toBe(1);
    expect(map.toPos(8)).toBe(9);
    expect(doc.textBetween(map.toPos(8), map.toPos(11))).toBe("del");
    expect(map.toOffset(9)).toBe(8);
    expect(map.toOffset(0)).toBe(0);
    expect(map.toOffset(100)).toBe(15);
  });

  it("are chosen by field name", () => {
    expect(fieldTextMap(doc, "highlights.2").toPos(3)).toBe(4);
    expect(fieldTextMap(body, "body").text).toContain("\nuno\n");
  });
});
