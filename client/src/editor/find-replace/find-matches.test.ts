import { describe, expect, it } from "vitest";
import { bulletinProseMirrorSchema } from "../../../../shared/editor/extensions";
import { EditorState } from "@tiptap/pm/state";
import { randomEdit, rngForTest } from "../test-random";
import { findMatches, foldForSearch, mapMatches, type FindMatch } from "./find-matches";

const schema = bulletinProseMirrorSchema();
const bold = schema.marks.bold!.create();
const doc = schema.node("doc", null, [
  schema.node("paragraph", null, [schema.text("El médico del "), schema.text("Hospital", [bold]), schema.text(" General.")]),
  schema.node("paragraph", null, [schema.text("Otro hospital"), schema.node("hardBreak"), schema.text("general y MÉDICO.")]),
]);
const textOf = (match: { from: number; to: number }) => doc.textBetween(match.from, match.to);
const loose = { matchCase: false, matchAccents: true };

describe("findMatches", () => {
  it("finds every occurrence, ignoring case by default, across bold inside a paragraph", () => {
    const matches = findMatches(doc, "hospital", loose);
    expect(matches.map(textOf)).toEqual(["Hospital", "hospital"]);
  });

  it("keeps accents apart unless told not to", () => {
    expect(findMatches(doc, "medico", loose)).toHaveLength(0);
    expect(findMatches(doc, "médico", loose).map(textOf)).toEqual(["médico", "MÉDICO"]);
    expect(findMatches(doc, "medico", { matchCase: false, matchAccents: false }).map(textOf)).toEqual(["médico", "MÉDICO"]);
  });

  it("matches case exactly when asked", () => {
    expect(findMatches(doc, "MÉDICO", { matchCase: true, matchAccents: true }).map(textOf)).toEqual(["MÉDICO"]);
  });

  it("never matches across a paragraph end or a line break", () => {
    expect(findMatches(doc, "general.otro", loose)).toHaveLength(0);
    expect(findMatches(doc, "hospital general", loose).map(textOf)).toEqual(["Hospital General"]);
  });

  it("returns no match for an empty query and does not overlap matches", () => {
    expect(findMatches(doc, "", loose)).toEqual([]);
    const repeated = schema.node("doc", null, [schema.node("paragraph", null, [schema.text("aaaa")])]);
    expect(findMatches(repeated, "aa", loose)).toEqual([
      { from: 1, to: 3 },
      { from: 3, to: 5 },
    ]);
  });
});

describe("foldForSearch", () => {
  it("keeps the length of the text, so offsets stay positions", () => {
    const text = "Ñandú İstanbul ÉXITO ß 😀";
    const folded = foldForSearch(text, { matchCase: false, matchAccents: false });
    expect(folded).toHaveLength(text.length);
    expect(folded.startsWith("nandu")).toBe(true);
  });
});

describe("mapMatches (typing with the find bar open)", () => {
  it("finds what a search of the whole body finds after random typing, deleting, and bold", () => {
    const random = rngForTest(7);
    const long = schema.node("doc", null, Array.from({ length: 30 }, () => doc.content.content).flat());
    let state = EditorState.create({ doc: long });
    let matches: FindMatch[] = findMatches(state.doc, "hospital", loose);
    let withSeveral = 0;
    for (let edit = 0; edit < 400; edit++) {
      const tr = edit % 10 === 9 ? state.tr.addMark(1, Math.min(12, state.doc.content.size - 1), bold) : randomEdit(state, random, ["hos", "pital", "Hospital ", "el hospital ", "x", " "]);
      matches = mapMatches(matches, tr, "hospital", loose);
      state = state.apply(tr);
      expect(matches).toEqual(findMatches(state.doc, "hospital", loose));
      if (matches.length >= 2) withSeveral += 1;
    }
    expect(withSeveral).toBeGreaterThan(100);
  });
});
