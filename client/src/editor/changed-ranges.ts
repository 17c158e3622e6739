import type { Transaction } from "@tiptap/pm/state";

/**
 * Where `tr` changed its document, as `[from, to]` ranges of the new document (an
 * insertion covers what was inserted, a deletion is an empty range where it was). The
 * cost follows the steps, never the document's size.
 */
export function changedRanges(tr: Transaction): { from: number; to: number }[] {
  const ranges: { from: number; to: number }[] = [];
  tr.mapping.maps.forEach((map, index) => {
    const after = tr.mapping.slice(index + 1);
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      ranges.push({ from: after.map(newStart, -1), to: after.map(newEnd, 1) });
    });
  });
  return ranges;
}
