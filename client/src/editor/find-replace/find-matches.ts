import type { Node as ProseMirrorNode } from "@tiptap/pm/model";

export interface FindOptions {
  /** `Hospital` does not find `hospital`. */
  matchCase: boolean;
  /** `medico` does not find `médico`. */
  matchAccents: boolean;
}

/** A match as document positions, `[from, to)`. */
export interface FindMatch {
  from: number;
  to: number;
}

const NON_ASCII = /[^\x00-\x7f]/g;
const MARKS = /\p{M}+/gu;

/** One UTF-16 unit folded to one unit (so offsets stay put): lower-cased and/or without its accent. */
function foldUnit(unit: string, options: FindOptions): string {
  let folded = unit;
  if (!options.matchCase) {
    const lower = folded.toLowerCase();
    if (lower.length === 1) folded = lower;
  }
  if (!options.matchAccents) {
    const base = folded.normalize("NFD").replace(MARKS, "");
    if (base.length === 1) folded = base;
  }
  return folded;
}

/** `text` folded unit by unit: the same length, each offset the same character. */
export function foldForSearch(text: string, options: FindOptions): string {
  const lowered = options.matchCase ? text : text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
  return lowered.replace(NON_ASCII, (unit) => foldUnit(unit, options));
}

/**
 * Every non-overlapping occurrence of `query` in the document's text, in order. A match
 * never crosses a paragraph or a line break, and may cross bold or a link inside one.
 */
export function findMatches(doc: ProseMirrorNode, query: string, options: FindOptions): FindMatch[] {
  if (query === "") return [];
  const needle = foldForSearch(query, options);
  const matches: FindMatch[] = [];
  doc.descendants((node, position) => {
    if (!node.isTextblock) return true;
    // Leaf nodes (hard breaks) count as one character, so text offsets map 1:1 to positions.
    const text = foldForSearch(node.textBetween(0, node.content.size, "\n", "\n"), options);
    for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + needle.length)) {
      matches.push({ from: position + 1 + index, to: position + 1 + index + needle.length });
    }
    return false;
  });
  return matches;
}
