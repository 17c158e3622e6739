import { EditorState } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { bulletinProseMirrorSchema } from "../../../shared/editor/extensions";
import { findPlaceholders, placeholderPlugin, placeholderPluginKey } from "./placeholder-plugin";
import { randomEdit, rngForTest } from "./test-random";

const schema = bulletinProseMirrorSchema();
const PARAGRAPHS = ["Hoy en [LUGAR] se inauguró la clínica.", "La [DEPENDENCIA] informa que [CIFRA] personas asistieron.", "Sin marcas aquí.", "Cierre [NOMBRE]."];

function start(): EditorState {
  const doc = schema.nodeFromJSON({ type: "doc", content: PARAGRAPHS.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) });
  return EditorState.create({ doc, plugins: [placeholderPlugin("placeholder-mark", "Sustituya")] });
}

const spans = (state: EditorState) =>
  placeholderPluginKey
    .getState(state)!
    .find()
    .map((decoration) => `${decoration.from}-${decoration.to}`)
    .sort();
const fullSpans = (state: EditorState) =>
  findPlaceholders(state.doc, "placeholder-mark", "Sustituya")
    .find()
    .map((decoration) => `${decoration.from}-${decoration.to}`)
    .sort();

describe("placeholder marks", () => {
  it("mark the same [placeholders] after random typing as a search of the whole body does", () => {
    const random = rngForTest(13);
    let state = start();
    expect(spans(state)).toHaveLength(4);
    for (let edit = 0; edit < 400; edit++) {
      state = state.apply(randomEdit(state, random, ["a", " ", "[", "]", "[XY]", "texto ", "[NOMBRE"]));
      expect(spans(state)).toEqual(fullSpans(state));
    }
  });

  it("stop marking a placeholder once the writer types over it, and mark one typed anew", () => {
    let state = start();
    const from = state.doc.textContent.indexOf("[LUGAR]") + 1;
    state = state.apply(state.tr.insertText("Mérida", from, from + "[LUGAR]".length));
    expect(spans(state)).toHaveLength(3);
    state = state.apply(state.tr.insertText(" [FECHA]", state.doc.content.size - 1));
    expect(spans(state)).toHaveLength(4);
  });
});
