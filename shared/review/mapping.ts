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
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start += 1;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end += 1;
  const oldMiddle = before.slice(start, before.length - end);
  const newMiddle = after.slice(start, after.length - end);
  if (oldMiddle.length === 0 || newMiddle.length === 0) return [{ from: start, to: start + oldMiddle.length, length: newMiddle.length }];
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
  return changes;
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
  for (let offset = from; offset < to && !kept; offset += 1) {
    kept = !/\s/.test(before[offset]!) && !changes.some((change) => change.from <= offset && offset < change.to);
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
      const replaced = next?.added ? Math.min(count, next.count ?? next.value.length) : 0;
      for (let k = 0; k < count; k += 1) map.push(k < replaced ? newIndex + k : null);
      oldIndex += count;
      if (next?.added) {
        newIndex += next.count ?? next.value.length;
        i += 1;
      }
    } else {
      newIndex += count;
    }
  }
  return map;
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
 * (`passage`) follow edits around and inside them and are found again by their quote
 * when the changes were too many to follow; suggestions (`suggestion`) are lost (null)
 * when their text changed.
 */
export function carryRange(
  before: Bulletin, after: Bulletin, range: Carried, kind: "passage" | "suggestion", quote?: string | null, cache: Carrier = carrier(before, after),
): Carried | null {
  const field = mapField(before, after, range.field);
  if (!field) return null;
  const oldText = cache.before(range.field);
  const newText = cache.after(field);
  if (oldText === null || newText === null) return null;
  const changes = cache.changes(range.field, field, oldText, newText);
  if (changes === null) {
    if (kind === "suggestion" || !quote) return null;
    const found = newText.indexOf(quote);
    return found < 0 ? null : { field, from: found, to: found + quote.length };
  }
  const mapped = kind === "passage" ? mapPassage(changes, range.from, range.to, oldText) : mapSuggestion(changes, range.from, range.to);
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
