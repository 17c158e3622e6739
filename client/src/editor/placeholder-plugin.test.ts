import { EditorState, TextSelection, type Transaction } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";
import { bulletinProseMirrorSchema } from "../../../shared/editor/extensions";
import { findPlaceholders, placeholderPlugin, placeholderPluginKey } from "./placeholder-plugin";
import { rngForTest } from "./test-random";

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

/** One edit a writer makes: type, delete, break or join paragraphs, type a bracket. */
function randomEdit(state: EditorState, random: () => number): Transaction {
  const size = state.doc.content.size;
  const at = (position: number) => TextSelection.near(state.doc.resolve(Math.max(0, Math.min(size, position))));
  const selection = at(Math.floor(random() * size));
  const pieces = ["a", " ", "[", "]", "[XY]", "texto ", "[NOMBRE"];
  const kind = Math.floor(random() * 5);
  if (kind === 0 || kind === 1) return state.tr.insertText(pieces[Math.floor(random() * pieces.length)]!, selection.from);
  if (kind === 2) {
    const to = at(selection.from + Math.floor(random() * 12));
    return state.tr.delete(Math.min(selection.from, to.from), Math.max(selection.from, to.from));
  }
  if (kind === 3) return state.tr.split(selection.from);
  const end = at(selection.from + 40);
  return state.tr.delete(selection.from, end.from);
}

describe("placeholder marks", () => {
  it("mark the same [placeholders] after random typing as a search of the whole body does", () => {
    const random = rngForTest(13);
    let state = start();
    expect(spans(state)).toHaveLength(4);
    for (let edit = 0; edit < 400; edit++) {
      state = state.apply(randomEdit(state, random));
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
