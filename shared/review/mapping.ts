import { diffArrays, diffWordsWithSpace } from "diff";
import type { Bulletin } from "../bulletin/schema";
import { fieldText, type ReviewField } from "./fields";

/**
 * Carrying a passage (a comment's anchor, a suggestion's range) from one revision of a
 * field to the next. The two texts are compared word by word (the `diff`
 * package, bounded in effort); each change is `[from, to)` of the old text replaced by
 * `length` characters.
 */
export interface TextChange {
  from: number;
  to: number;
  length: number;
}

/** The changes that turn `before` into `after`; null when they are too many to compute (then passages are found again by their text). */
export function textChanges(before: string, after: string): TextChange[] | null {
  if (before === after) return [];
  let { start, end } = commonEnds(before, after);
  let oldMiddle = before.slice(start, before.length - end);
  let newMiddle = after.slice(start, after.length - end);
  if (oldMiddle.length === 0 || newMiddle.length === 0) return aligned(before, after, [{ from: start, to: start + oldMiddle.length, length: newMiddle.length }]);
  // The word diff compares whole words: start and end it between words (`viernes en dos turnos.` → `viernes.` share `s.`, not a word).
  while (start > 0 && !/\s/.test(before[start - 1]!)) start -= 1;
  while (end > 0 && !/\s/.test(before[before.length - end]!) && !/\s/.test(before[before.length - end - 1] ?? " ")) end -= 1;
  oldMiddle = before.slice(start, before.length - end);
  newMiddle = after.slice(start, after.length - end);
  const parts = diffWordsWithSpace(oldMiddle, newMiddle, { maxEditLength: 4000, timeout: 100 });
  if (!parts) return null;
  const changes: TextChange[] = [];
  let at = start;
  for (const part of parts) {
    const last = changes.at(-1);
    const open = last && last.to === at;
    if (part.removed) {
      if (open) last.to += part.value.length;
      else changes.push({ from: at, to: at + part.value.length, length: 0 });
      at += part.value.length;
    } else if (part.added) {
      if (open) last.length += part.value.length;
      else changes.push({ from: at, to: at, length: part.value.length });
    } else {
      at += part.value.length;
    }
  }
  return aligned(before, after, changes);
}

/** How many code units `before` and `after` share at their start and at their end (never half a surrogate pair). */
function commonEnds(before: string, after: string): { start: number; end: number } {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start += 1;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end += 1;
  // Never inside a surrogate pair (😀 and 😃 share their first code unit).
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start -= 1;
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end -= 1;
  return { start, end };
}

/** The one change between the common start and end: what a rewrite too large to diff word by word is taken as. */
export function coarseChanges(before: string, after: string): TextChange[] {
  if (before === after) return [];
  const { start, end } = commonEnds(before, after);
  return [{ from: start, to: before.length - end, length: after.length - end - start }];
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * A run typed or deleted may sit at several places with the same result: `de` →
 * `desde hoy de` is `esde hoy d` after `d` as well as `desde hoy ` before `de`, and a
 * paragraph deleted among alike ones is as well the end of one and the start of the
 * next. Each pure insertion or deletion goes to the place, among those, where it is
 * whole paragraphs, else whole words (the rightmost such place; else where the diff put it).
 */
function aligned(before: string, after: string, changes: TextChange[]): TextChange[] {
  let delta = 0;
  return changes.map((change, i) => {
    const shift = delta;
    delta += change.length - (change.to - change.from);
    const removed = change.to - change.from;
    if (removed > 0 && change.length > 0) return change;
    // The run in the text that holds it (the old text for a deletion, the new one for an insertion).
    const text = removed > 0 ? before : after;
    const length = removed > 0 ? removed : change.length;
    const offset = removed > 0 ? 0 : shift;
    const min = changes[i - 1]?.to ?? 0;
    const max = changes[i + 1]?.from ?? before.length;
    let low = change.from;
    while (low - 1 >= min && text[low - 1 + offset] === text[low - 1 + offset + length]) low -= 1;
    let high = change.from;
    while (high + 1 + removed <= max && text[high + offset] === text[high + offset + length]) high += 1;
    let best = change.from;
    let bestScore = runScore(text, change.from + offset, length);
    for (let at = low; at <= high; at += 1) {
      const score = runScore(text, at + offset, length);
      if (score > bestScore || (score === bestScore && score > 0 && at > best)) [best, bestScore] = [at, score];
    }
    return { from: best, to: best + removed, length: change.length };
  });
}

/** 2: `text[at, at + length)` is whole paragraphs; 1: whole words; 0: neither; -1: it splits a surrogate pair. */
function runScore(text: string, at: number, length: number): number {
  if (isLowSurrogate(text.charCodeAt(at)) || isLowSurrogate(text.charCodeAt(at + length))) return -1;
  const edge = (i: number) => i < 0 || i >= text.length;
  const line = (i: number) => edge(i) || text[i] === "\n";
  const space = (i: number) => edge(i) || /\s/.test(text[i]!);
  if ((line(at - 1) && line(at + length - 1)) || (line(at) && line(at + length))) return 2;
  return (space(at - 1) || space(at)) && (space(at + length - 1) || space(at + length)) ? 1 : 0;
}

/**
 * Where `offset` of the old text is in the new one. Inside a replaced stretch it goes
 * to the stretch's start (`assoc` -1) or end (`assoc` 1); at an insertion point, before
 * the insertion (-1) or after it (1).
 */
export function mapOffset(changes: readonly TextChange[], offset: number, assoc: -1 | 1): number {
  let delta = 0;
  for (const change of changes) {
    if (change.from > offset) break;
    if (change.to < offset || (change.to === offset && (change.from < offset || assoc === 1))) {
      delta += change.length - (change.to - change.from);
      continue;
    }
    // offset is inside the change (or at an insertion point with assoc -1).
    return change.from + delta + (assoc === 1 && change.from < offset ? change.length : 0);
  }
  return offset + delta;
}

/**
 * A comment's passage `[from, to)` of `before` in the new text: it moves with edits
 * before it and grows or shrinks with edits inside it; null when nothing of it but
 * spaces is left.
 */
export function mapPassage(changes: readonly TextChange[], from: number, to: number, before: string): { from: number; to: number } | null {
  // Text typed right at either edge stays outside the passage.
  const start = mapOffset(changes, from, 1);
  const end = mapOffset(changes, to, -1);
  let kept = false;
  // The changes are in order: one walk over them, not a scan per character (a long passage rewritten word by word).
  let next = 0;
  for (let offset = from; offset < to && !kept; offset += 1) {
    while (next < changes.length && changes[next]!.to <= offset) next += 1;
    const inChange = next < changes.length && changes[next]!.from <= offset;
    kept = !inChange && !/\s/.test(before[offset]!);
  }
  return kept && end > start ? { from: start, to: end } : null;
}

/**
 * A suggestion's range in the new text, or null when anything changed inside it (or,
 * for an insertion, right at its point): what it meant to replace is no longer there,
 * so it is outdated, never applied blindly.
 */
export function mapSuggestion(changes: readonly TextChange[], from: number, to: number): { from: number; to: number } | null {
  const touched = changes.some((change) =>
    from === to
      ? change.from <= from && change.to >= from // any change at the point of an insertion
      : change.from < to && change.to > from, // a change inside what it replaces (typing at its edges is not)
  );
  if (touched) return null;
  return { from: mapOffset(changes, from, from === to ? -1 : 1), to: mapOffset(changes, to, -1) };
}

/**
 * Where each item of a list field (highlights, links) went: old index → new index, or
 * null when the item was removed. Items kept or edited in place keep their pairing.
 */
export function listIndexMap(before: readonly string[], after: readonly string[]): (number | null)[] {
  const map: (number | null)[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  const parts = diffArrays([...before], [...after]);
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i]!;
    const count = part.count ?? part.value.length;
    if (!part.added && !part.removed) {
      for (let k = 0; k < count; k += 1) map.push(newIndex + k);
      oldIndex += count;
      newIndex += count;
    } else if (part.removed) {
      const next = parts[i + 1];
      const added = next?.added ? next.count ?? next.value.length : 0;
      if (added === count) {
        // As many items replaced as put in their place: edited in place.
        for (let k = 0; k < count; k += 1) map.push(newIndex + k);
      } else {
        // Some removed, some edited: an item goes to the one put in its place that shares most of its words.
        let first = 0;
        for (let k = 0; k < count; k += 1) {
          let best: number | null = null;
          for (let j = first, most = 0.5; j < added; j += 1) {
            const shared = sharedWords(before[oldIndex + k]!, after[newIndex + j]!);
            if (shared > most) [best, most] = [j, shared];
          }
          map.push(best === null ? null : newIndex + best);
          if (best !== null) first = best + 1;
        }
      }
      oldIndex += count;
      if (next?.added) {
        newIndex += added;
        i += 1;
      }
    } else {
      newIndex += count;
    }
  }
  // An item moved unchanged (highlights reordered) goes where it is now.
  const taken = new Set(map.filter((index) => index !== null));
  map.forEach((index, old) => {
    if (index !== null) return;
    const moved = after.findIndex((item, at) => item === before[old] && !taken.has(at));
    if (moved >= 0) {
      map[old] = moved;
      taken.add(moved);
    }
  });
  return map;
}

/** The share of the words of the longer of two texts that the other has too. */
function sharedWords(a: string, b: string): number {
  const wordsOf = (text: string) => text.toLowerCase().split(/\s+/).filter(Boolean);
  const left = wordsOf(a);
  const right = wordsOf(b);
  const pool = new Map<string, number>();
  for (const word of right) pool.set(word, (pool.get(word) ?? 0) + 1);
  let shared = 0;
  for (const word of left) {
    const n = pool.get(word) ?? 0;
    if (n > 0) {
      shared += 1;
      pool.set(word, n - 1);
    }
  }
  return shared / Math.max(left.length, right.length, 1);
}

/** Where `field` of `before` is in `after` (`highlights.2` may now be `highlights.1`), or null when it is gone. */
export function mapField(before: Bulletin, after: Bulletin, field: ReviewField): ReviewField | null {
  const [name, index] = field.split(".") as [string, string | undefined];
  if (index === undefined) return field;
  const key = name as "highlights" | "photoLinks" | "videoLinks";
  const moved = listIndexMap(before[key], after[key])[Number(index)];
  return moved === null || moved === undefined ? null : (`${key}.${moved}` as ReviewField);
}

/** A passage carried from `before` to `after`, for comments (`mapPassage`) or suggestions (`mapSuggestion`). */
export interface Carried {
  field: ReviewField;
  from: number;
  to: number;
}

/**
 * Carries a passage of `field` from one revision's content to the next. Comments
 * (`passage`) follow edits around and inside them and are found again by their text
 * when the changes were too many to follow; suggestions (`suggestion`) are lost (null)
 * when their text changed.
 */
export function carryRange(
  before: Bulletin, after: Bulletin, range: Carried, kind: "passage" | "suggestion", cache: Carrier = carrier(before, after),
): Carried | null {
  const field = mapField(before, after, range.field);
  if (!field) return null;
  const oldText = cache.before(range.field);
  const newText = cache.after(field);
  if (oldText === null || newText === null) return null;
  const changes = cache.changes(range.field, field, oldText, newText);
  const carry = (list: readonly TextChange[]) =>
    kind === "passage" ? mapPassage(list, range.from, range.to, oldText) : mapSuggestion(list, range.from, range.to);
  if (changes === null) {
    // Too many changes to follow word by word: what lies before or after the rewritten stretch moves exactly.
    const coarse = coarseChanges(oldText, newText);
    const kept = carry(coarse);
    if (kept) return { field, ...kept };
    if (kind === "suggestion") return null;
    // Inside it, a comment is found again by its passage as the last revision had it (whole,
    // where the stored quote may be cut short, and with the edits made since it was quoted):
    // the occurrence nearest to where it was.
    const passage = oldText.slice(range.from, range.to);
    if (!passage.trim()) return null;
    const near = mapOffset(coarse, range.from, 1);
    let best: number | null = null;
    for (let found = newText.indexOf(passage); found >= 0; found = newText.indexOf(passage, found + 1)) {
      if (best === null || Math.abs(found - near) < Math.abs(best - near)) best = found;
    }
    return best === null ? null : { field, from: best, to: best + passage.length };
  }
  const mapped = carry(changes);
  return mapped ? { field, ...mapped } : null;
}

/** The field texts and changes between two contents, each computed once however many passages are carried. */
export interface Carrier {
  before(field: ReviewField): string | null;
  after(field: ReviewField): string | null;
  changes(from: ReviewField, to: ReviewField, oldText: string, newText: string): TextChange[] | null;
}

export function carrier(before: Bulletin, after: Bulletin): Carrier {
  const memo = <T>(compute: (key: string) => T) => {
    const seen = new Map<string, T>();
    return (key: string) => {
      if (!seen.has(key)) seen.set(key, compute(key));
      return seen.get(key)!;
    };
  };
  const oldTexts = memo((field) => fieldText(before, field as ReviewField));
  const newTexts = memo((field) => fieldText(after, field as ReviewField));
  const changes = new Map<string, TextChange[] | null>();
  return {
    before: (field) => oldTexts(field),
    after: (field) => newTexts(field),
    changes(from, to, oldText, newText) {
      const key = `${from}>${to}`;
      if (!changes.has(key)) changes.set(key, textChanges(oldText, newText));
      return changes.get(key)!;
    },
  };
}
