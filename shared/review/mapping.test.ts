import { describe, expect, it } from "vitest";
import { carryRange, listIndexMap, mapPassage, mapSuggestion, textChanges } from "./mapping";
import { bodyText, replaceInField } from "./fields";
import type { Bulletin } from "../bulletin/schema";

function passage(before: string, after: string, quote: string) {
  const from = before.indexOf(quote);
  const mapped = mapPassage(textChanges(before, after)!, from, from + quote.length, before);
  return mapped && after.slice(mapped.from, mapped.to);
}

describe("comment anchors follow their passage", () => {
  it("moves with text inserted before it", () => {
    expect(passage("Uno dos tres cuatro", "Cero. Uno dos tres cuatro", "dos tres")).toBe("dos tres");
  });
  it("grows and shrinks with edits inside it", () => {
    expect(passage("Uno dos tres cuatro", "Uno dos y medio tres cuatro", "dos tres")).toBe("dos y medio tres");
    expect(passage("Uno dos tres cuatro", "Uno do tres cuatro", "dos tres")).toBe("do tres");
  });
  it("keeps text typed right at its edges outside", () => {
    expect(passage("Uno dos tres", "Uno ¡dos tres!", "dos tres")).toBe("dos tres");
  });
  it("is lost when all of it is deleted", () => {
    expect(passage("Uno dos tres cuatro", "Uno cuatro", "dos tres ")).toBeNull();
    expect(passage("Uno dos tres cuatro", "Uno otra cosa cuatro", "dos tres")).toBeNull();
  });
});

describe("suggestions are outdated when their text changed", () => {
  const before = "La reunión será el lunes a las diez.";
  const at = (quote: string) => [before.indexOf(quote), before.indexOf(quote) + quote.length] as const;
  it("moves when the change is elsewhere", () => {
    const after = "Hoy: la reunión será el lunes a las diez.";
    const [from, to] = at("lunes");
    const mapped = mapSuggestion(textChanges(before, after)!, from, to)!;
    expect(after.slice(mapped.from, mapped.to)).toBe("lunes");
  });
  it("is outdated when its passage was edited", () => {
    const [from, to] = at("lunes");
    expect(mapSuggestion(textChanges(before, "La reunión será el martes a las diez.")!, from, to)).toBeNull();
  });
  it("an insertion is outdated when someone typed at its point", () => {
    const point = before.indexOf(" a las");
    expect(mapSuggestion(textChanges(before, before.slice(0, point) + "(3)" + before.slice(point))!, point, point)).toBeNull();
    expect(mapSuggestion(textChanges(before, "Nota. " + before)!, point, point)).toEqual({ from: point + 6, to: point + 6 });
  });
});

describe("list fields", () => {
  it("pairs items kept, edited and removed", () => {
    expect(listIndexMap(["a", "b", "c"], ["b", "c"])).toEqual([null, 0, 1]);
    expect(listIndexMap(["a", "b", "c"], ["a", "B", "c", "d"])).toEqual([0, 1, 2]);
    expect(listIndexMap(["a", "b"], ["x", "a", "b"])).toEqual([1, 2]);
  });
});

const body = (paragraphs: string[]) => ({ type: "doc" as const, content: paragraphs.map((text) => ({ type: "paragraph" as const, content: text ? [{ type: "text" as const, text }] : [] })) });
const content = (paragraphs: string[]): Bulletin => ({
  number: null, place: "Ciudad de México", date: "2026-12-01", title: "Titular", highlights: ["Uno", "Dos"], body: body(paragraphs), photoLinks: [], videoLinks: [],
});

describe("editing a field by plain-text offsets", () => {
  it("replaces inside a paragraph and keeps the rest", () => {
    const before = content(["Primer párrafo.", "Segundo párrafo."]);
    const text = bodyText(before.body);
    expect(text).toBe("Primer párrafo.\nSegundo párrafo.");
    const from = text.indexOf("Segundo");
    const after = replaceInField(before, "body", from, from + 7, "Tercer");
    expect(bodyText(after.body)).toBe("Primer párrafo.\nTercer párrafo.");
  });
  it("joins paragraphs when the deletion crosses them, splits on a line break", () => {
    const before = content(["Uno.", "Dos."]);
    expect(bodyText(replaceInField(before, "body", 3, 5, " ").body)).toBe("Uno  Dos.".replace("  ", " "));
    expect(replaceInField(before, "body", 4, 4, "\nNuevo.").body.content).toHaveLength(3);
  });
  it("carries an anchor on a highlight that moved", () => {
    const before = content(["x"]);
    const after = { ...before, highlights: ["Nuevo", "Uno", "Dos"] };
    expect(carryRange(before, after, { field: "highlights.1", from: 0, to: 3 }, "passage")).toEqual({ field: "highlights.2", from: 0, to: 3 });
  });
  it("refuses a line break in a one-line field and offsets outside the text", () => {
    expect(() => replaceInField(content([""]), "title", 0, 0, "a\nb")).toThrow(/una sola línea/);
    expect(() => replaceInField(content([""]), "title", 0, 99, "")).toThrow(/fuera/);
    expect(() => replaceInField(content([""]), "highlights.5", 0, 0, "a")).toThrow(/no tiene/);
  });
});

describe("a passage found again after a rewrite too large to follow", () => {
  it("is found by its whole text, however long (a stored quote is cut at 2,000 characters)", () => {
    const long = Array.from({ length: 600 }, (_, i) => `palabra${i}`).join(" ");
    const before = content([`Inicio. ${long} Fin.`]);
    // Thousands of unrelated words replaced around it: too many changes to follow word by word.
    const noise = (seed: number) => Array.from({ length: 6000 }, (_, i) => `ruido${seed}x${i}`).join(" ");
    const after = content([`${noise(1)} ${long} ${noise(2)}`]);
    const text = bodyText(before.body);
    const from = text.indexOf(long);
    const carried = carryRange(before, after, { field: "body", from, to: from + long.length }, "passage")!;
    expect(bodyText(after.body).slice(carried.from, carried.to)).toBe(long);
  });
});
