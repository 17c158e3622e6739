import { describe, expect, it } from "vitest";
import type { BodyDoc } from "../../../shared/bulletin/body-schema";
import { bulletinWordCounts, countWords } from "./word-count";

const paragraph = (text: string) => ({ type: "paragraph" as const, content: [{ type: "text" as const, text }] });

describe("countWords", () => {
  it("counts Spanish words with accents, ñ and ü as one each", () => {
    expect(countWords("El niño pingüino comió piñón en Peñasco.")).toBe(7);
  });

  it("counts nothing for empty text, spaces, and punctuation alone", () => {
    expect(countWords("")).toBe(0);
    expect(countWords("   \n\t  ")).toBe(0);
    expect(countWords(" - · … ---o0o--- ")).toBe(1); // the closing mark has letters
    expect(countWords(" - · … — ")).toBe(0);
  });

  it("never counts runs of spaces, tabs or line breaks as words", () => {
    expect(countWords("uno   dos\n\n\ttres  ")).toBe(3);
  });

  it("counts a URL, an e-mail and a number with separators as one word", () => {
    expect(countWords("Fotos en https://www.gob.mx/imss/prensa?id=493&x=1 hoy")).toBe(4);
    expect(countWords("Escriba a prensa@imss.gob.mx")).toBe(3);
    expect(countWords("Se invirtieron 1,500.50 millones, el 12% más")).toBe(7);
  });

  it("counts hyphenated and slashed compounds once, and words joined by a dash twice", () => {
    expect(countWords("COVID-19 y/o médico-cirujano")).toBe(3);
    expect(countWords("—Es un logro—dijo el director.")).toBe(6);
    expect(countWords("el periodo 2023–2024")).toBe(4);
  });

  it("counts the words inside quotes and parentheses", () => {
    expect(countWords("«Vamos bien» (dijo) “sin duda”.")).toBe(5);
  });
});

describe("bulletinWordCounts", () => {
  const body: BodyDoc = {
    type: "doc",
    content: [
      paragraph("El Instituto informó hoy."),
      { type: "bulletList", content: [{ type: "listItem", content: [paragraph("Primer punto")] }] },
      { type: "blockquote", content: [paragraph("Una cita breve")] },
    ],
  };

  it("counts the body's paragraphs, lists and quotes without joining words across blocks", () => {
    expect(bulletinWordCounts({ title: "", highlights: [], body }).body).toBe(9);
  });

  it("adds headline and highlights to the bulletin's count, not to the body's", () => {
    const counts = bulletinWordCounts({ title: "Inaugura el hospital", highlights: ["Cien camas", "Dos quirófanos nuevos"], body });
    expect(counts).toEqual({ body: 9, bulletin: 9 + 3 + 2 + 3 });
  });
});
