import { TextSelection, type EditorState, type Transaction } from "@tiptap/pm/state";

/** A small deterministic PRNG (mulberry32) for tests that make random edits: the same edits every run. */
export function rngForTest(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** One edit a writer makes at a random place: type one of `pieces`, delete, break or join paragraphs. */
export function randomEdit(state: EditorState, random: () => number, pieces: string[]): Transaction {
  const size = state.doc.content.size;
  const at = (position: number) => TextSelection.near(state.doc.resolve(Math.max(0, Math.min(size, position))));
  const selection = at(Math.floor(random() * size));
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
