import { describe, expect, it } from "vitest";
import { addEdit, deleteBackward, deleteForward, editBetween, type EditStep, type TextEdit } from "./pending-suggestion";

const base = "Abre la clínica el lunes.";

/** Types `text` one character at a time at the caret, as suggest mode does. */
function type(step: EditStep, text: string): EditStep {
  let current = step;
  for (const char of text) {
    const next = addEdit(current.pending, { from: current.caret, to: current.caret, insert: char });
    current = { ...next, flushed: next.flushed ?? current.flushed };
  }
  return current;
}

const start = (caret: number): EditStep => ({ pending: null, flushed: null, caret });

describe("suggest mode's pending suggestion", () => {
  it("typing abc in one place gives one insertion", () => {
    const step = type(start(8), "abc");
    expect(step.pending).toEqual({ from: 8, to: 8, insert: "abc" });
    expect(step.flushed).toBeNull();
    expect(step.caret).toBe(8);
  });

  it("backspacing inside one's own pending insertion shrinks it, and past it strikes through the base text", () => {
    let step = type(start(8), "abc");
    step = deleteBackward(step.pending, step.caret, base);
    expect(step.pending).toEqual({ from: 8, to: 8, insert: "ab" });
    step = deleteBackward(step.pending, step.caret, base);
    step = deleteBackward(step.pending, step.caret, base);
    expect(step.pending).toBeNull();
    step = deleteBackward(step.pending, step.caret, base);
    expect(step.pending).toEqual({ from: 7, to: 8, insert: "" });
    step = deleteBackward(step.pending, step.caret, base);
    expect(step.pending).toEqual({ from: 6, to: 8, insert: "" });
    expect(base.slice(6, 8)).toBe("a ");
    expect(step.caret).toBe(6);
  });

  it("deleting a selection gives one deletion", () => {
    const step = addEdit(null, { from: 5, to: 8, insert: "" });
    expect(step.pending).toEqual({ from: 5, to: 8, insert: "" });
    expect(step.caret).toBe(5);
  });

  it("typing over a selection gives one replacement, extended while typing", () => {
    let step = addEdit(null, { from: 19, to: 24, insert: "m" });
    expect(base.slice(19, 24)).toBe("lunes");
    step = type(step, "artes");
    expect(step.pending).toEqual({ from: 19, to: 24, insert: "martes" });
    expect(step.flushed).toBeNull();
  });

  it("deleting then typing where the deletion is makes one replacement", () => {
    let step: EditStep = start(24);
    for (let i = 0; i < 5; i += 1) step = deleteBackward(step.pending, step.caret, base);
    expect(step.pending).toEqual({ from: 19, to: 24, insert: "" });
    step = type(step, "martes");
    expect(step.pending).toEqual({ from: 19, to: 24, insert: "martes" });
  });

  it("typing somewhere else sends the pending suggestion and starts another", () => {
    const first = type(start(0), "Hoy ");
    const second = addEdit(first.pending, { from: 19, to: 19, insert: "próximo " });
    expect(second.flushed).toEqual({ from: 0, to: 0, insert: "Hoy " });
    expect(second.pending).toEqual({ from: 19, to: 19, insert: "próximo " });
  });

  it("Delete strikes through forward and keeps the caret after what it struck", () => {
    let step = deleteForward(null, 5, base);
    expect(step.pending).toEqual({ from: 5, to: 6, insert: "" });
    step = deleteForward(step.pending, step.caret, base);
    expect(step.pending).toEqual({ from: 5, to: 7, insert: "" });
    expect(step.caret).toBe(7);
  });

  it("Ctrl+Backspace takes the word before the caret, then the next one with its space", () => {
    let step = deleteBackward(null, 24, base, true);
    expect(step.pending).toEqual({ from: 19, to: 24, insert: "" });
    step = deleteBackward(step.pending, step.caret, base, true);
    expect(step.pending).toEqual({ from: 16, to: 24, insert: "" });
    expect(base.slice(16, 19)).toBe("el ");
  });

  it("a character outside the basic plane is deleted whole", () => {
    const text = "ok 👍";
    const step = deleteBackward(null, text.length, text);
    expect(step.pending).toEqual({ from: 3, to: 5, insert: "" } satisfies TextEdit);
  });

  it("Backspace at the start of the text does nothing", () => {
    expect(deleteBackward(null, 0, base).pending).toBeNull();
  });
});

describe("the edit a refused transaction would have made", () => {
  it("is found where the transaction changed the text, even in a run of equal letters", () => {
    expect(editBetween("caaasa", "caaaasa", 2)).toEqual({ from: 2, to: 2, insert: "a" });
    expect(editBetween("caaasa", "caaaasa", 4)).toEqual({ from: 4, to: 4, insert: "a" });
  });

  it("covers a paste over a selection and a paragraph split", () => {
    expect(editBetween("uno dos tres", "uno 2 tres", 4)).toEqual({ from: 4, to: 7, insert: "2" });
    expect(editBetween("uno dos", "uno\n dos", 3)).toEqual({ from: 3, to: 3, insert: "\n" });
  });

  it("is null when the text did not change (a mark toggled)", () => {
    expect(editBetween("uno", "uno", 0)).toBeNull();
  });
});
