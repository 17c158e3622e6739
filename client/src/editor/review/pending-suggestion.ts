/**
 * Suggest mode's typing, as pure functions on plain-text offsets of the unchanged base
 * text: each keystroke becomes an edit that either extends the pending suggestion (the
 * user keeps typing or deleting where they are) or sends it off and starts a new one.
 */

/** Replace `[from, to)` of the base text with `insert`. */
export interface TextEdit {
  from: number;
  to: number;
  insert: string;
}

export interface EditStep {
  /** The suggestion being typed, or null when nothing is left of it. */
  pending: TextEdit | null;
  /** A finished suggestion to send now (the new edit was somewhere else). */
  flushed: TextEdit | null;
  /** Where the caret goes, as a base-text offset. */
  caret: number;
}

/** True when `offset` is in or at either edge of the pending suggestion: typing there extends it. */
export function touchesPending(pending: TextEdit | null, offset: number): boolean {
  return pending !== null && pending.from <= offset && offset <= pending.to;
}

/**
 * Adds an edit (typing, a selection deleted or typed over, a paste) to the pending
 * suggestion. An edit touching it merges: the deleted ranges join and the inserted text
 * is appended. Anything else sends the pending one and starts over.
 */
export function addEdit(pending: TextEdit | null, edit: TextEdit): EditStep {
  if (edit.from === edit.to && edit.insert === "") return { pending, flushed: null, caret: pending ? caretAfter(pending) : edit.from };
  if (pending && edit.from <= pending.to && edit.to >= pending.from) {
    const merged = { from: Math.min(pending.from, edit.from), to: Math.max(pending.to, edit.to), insert: pending.insert + edit.insert };
    return { pending: merged, flushed: null, caret: caretAfter(merged) };
  }
  return { pending: edit, flushed: pending, caret: caretAfter(edit) };
}

/**
 * Backspace at `caret` (a character, or a word with Ctrl/Alt): first it takes back what
 * the user typed in the pending suggestion, then it strikes through the text before it.
 */
export function deleteBackward(pending: TextEdit | null, caret: number, base: string, byWord = false): EditStep {
  if (pending && touchesPending(pending, caret) && pending.insert !== "") {
    const insert = pending.insert.slice(0, pending.insert.length - backwardLength(pending.insert, pending.insert.length, byWord));
    const next = insert === "" && pending.from === pending.to ? null : { ...pending, insert };
    return { pending: next, flushed: null, caret: next ? caretAfter(next) : pending.from };
  }
  const start = pending && touchesPending(pending, caret) ? pending.from : caret;
  const length = backwardLength(base, start, byWord);
  if (length === 0) return { pending, flushed: null, caret };
  return addEdit(pending, { from: start - length, to: start, insert: "" });
}

/** Delete at `caret`: strikes through the text after it (after the pending suggestion when the caret is on it). */
export function deleteForward(pending: TextEdit | null, caret: number, base: string, byWord = false): EditStep {
  const start = pending && touchesPending(pending, caret) ? pending.to : caret;
  const length = forwardLength(base, start, byWord);
  if (length === 0) return { pending, flushed: null, caret };
  const step = addEdit(pending, { from: start, to: start + length, insert: "" });
  return { ...step, caret: step.pending ? step.pending.to : start + length };
}

/**
 * The edit that turns `before` into `after`, starting no later than `hintFrom` (where
 * the transaction began changing the document): typing `a` into `aa` is an insertion
 * at the caret, not at the run's end. Only the start is bound: a change of structure
 * (a list joined into a paragraph) moves no text at the end.
 */
export function editBetween(before: string, after: string, hintFrom: number): TextEdit | null {
  if (before === after) return null;
  const prefixLimit = Math.min(hintFrom, before.length, after.length);
  let prefix = 0;
  while (prefix < prefixLimit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix += 1;
  const suffixLimit = Math.min(before.length, after.length) - prefix;
  let suffix = 0;
  while (suffix < suffixLimit && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix += 1;
  const edit = { from: prefix, to: before.length - suffix, insert: after.slice(prefix, after.length - suffix) };
  return edit.from === edit.to && edit.insert === "" ? null : edit;
}

/** After typing the caret sits after the inserted text (drawn at `to`); after a deletion, before what was struck through. */
function caretAfter(edit: TextEdit): number {
  return edit.insert === "" ? edit.from : edit.to;
}

function backwardLength(text: string, end: number, byWord: boolean): number {
  if (end <= 0) return 0;
  if (byWord) {
    const match = /[^\s]*\s*$/u.exec(text.slice(0, end));
    const length = match ? match[0].length : 0;
    return length === 0 ? 1 : length;
  }
  const code = text.charCodeAt(end - 1);
  return end >= 2 && code >= 0xdc00 && code <= 0xdfff ? 2 : 1;
}

function forwardLength(text: string, start: number, byWord: boolean): number {
  if (start >= text.length) return 0;
  if (byWord) {
    const match = /^\s*[^\s]*/u.exec(text.slice(start));
    const length = match ? match[0].length : 0;
    return length === 0 ? 1 : length;
  }
  const code = text.charCodeAt(start);
  return start + 1 < text.length && code >= 0xd800 && code <= 0xdbff ? 2 : 1;
}
